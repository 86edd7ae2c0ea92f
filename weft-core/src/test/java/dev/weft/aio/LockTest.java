package dev.weft.aio;

import static dev.weft.aio.VirtualLoops.run;
import static dev.weft.aio.VirtualLoops.yieldOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.Steps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LockTest {

    /** Tasks a, b and c, each holding {@code lock} for one second and logging name@time when it gets it. */
    static List<Task<Void>> holders(EventLoop loop, Lock lock, List<String> order) {
        List<Task<Void>> tasks = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            tasks.add(loop.createTask(() -> {
                try (var held = lock.hold()) {
                    order.add(name + "@" + loop.time());
                    Aio.sleep(1);
                }
                return null;
            }));
        }
        return tasks;
    }

    @Nested
    class Acquire {
        @Test
        void freeLockIsTakenWithoutSuspending() {
            Steps steps = new Steps();
            run(loop -> {
                Lock lock = new Lock();
                loop.createTask(() -> { steps.expect(2); return null; });
                lock.acquire();            // would let the other task run if it suspended
                steps.expect(1);
                assertTrue(lock.locked());
                yieldOnce();
                steps.finish(3);
                return null;
            });
        }

        @Test
        void waitersAcquireInArrivalOrder() {
            List<String> order = new ArrayList<>();
            run(loop -> {
                Lock lock = new Lock();
                lock.acquire();
                List<Task<Void>> tasks = holders(loop, lock, order);
                yieldOnce();
                lock.release();
                Aio.gather(tasks).await();
                return null;
            });
            assertEquals(List.of("a@0.0", "b@1.0", "c@2.0"), order);
        }

        @Test
        void newcomerQueuesBehindAWokenWaiter() {
            List<String> order = new ArrayList<>();
            run(loop -> {
                Lock lock = new Lock();
                lock.acquire();
                Task<Void> a = loop.createTask(() -> {
                    lock.acquire();
                    order.add("a");
                    lock.release();
                    return null;
                });
                yieldOnce();
                lock.release();            // wakes a, which has not run yet
                assertFalse(lock.locked());
                lock.acquire();            // must queue behind a, not barge in
                order.add("main");
                lock.release();
                a.await();
                return null;
            });
            assertEquals(List.of("a", "main"), order);
        }
    }

    @Nested
    class Cancellation {
        @Test
        void cancelledWaiterDoesNotTakeTheLock() {
            run(loop -> {
                Lock lock = new Lock();
                lock.acquire();
                Task<Void> a = loop.createTask(() -> { lock.acquire(); return null; });
                yieldOnce();
                a.cancel();
                yieldOnce();
                assertTrue(a.cancelled());
                assertEquals("Lock[locked]", lock.toString());
                lock.release();
                assertFalse(lock.locked());
                return null;
            });
        }

        @Test
        void waiterCancelledAfterWakeUpPassesTheLockOn() {
            double t = run(loop -> {
                Lock lock = new Lock();
                lock.acquire();
                Task<Void> a = loop.createTask(() -> { lock.acquire(); return null; });
                Task<Double> b = loop.createTask(() -> { lock.acquire(); return loop.time(); });
                yieldOnce();
                lock.release();            // a is woken ...
                a.cancel();                // ... and cancelled before it runs
                double got = Aio.waitFor(b, 10);   // TimeoutError if the wake-up was lost
                assertTrue(a.cancelled());
                assertTrue(lock.locked());
                return got;
            });
            assertEquals(0.0, t);
        }

        /** Issue 11 §8: the cancelled waiter's handler used to wake a second task, and both took the lock. */
        @Test
        void cancellingTheFirstWaiterAndReleasingInOneCallbackWakesOneTask() {
            List<String> order = new ArrayList<>();
            int most = run(loop -> {
                Lock lock = new Lock();
                lock.acquire();
                int[] holders = {0, 0}; // now, most ever
                List<Task<Void>> tasks = new ArrayList<>();
                for (String name : List.of("a", "b", "c")) {
                    tasks.add(loop.createTask(() -> {
                        try (var held = lock.hold()) {
                            holders[0]++;
                            holders[1] = Math.max(holders[1], holders[0]);
                            order.add(name);
                            yieldOnce();
                            holders[0]--;
                        }
                        return null;
                    }));
                }
                yieldOnce();               // all three wait
                loop.callSoon(() -> {
                    tasks.get(0).cancel();
                    lock.release();
                });
                Aio.gather(tasks, true).await();
                assertTrue(tasks.get(0).cancelled());
                assertFalse(lock.locked());
                return holders[1];
            });
            assertEquals(1, most, "two tasks held the lock at once");
            assertEquals(List.of("b", "c"), order);
        }

        @Test
        void releasingAndCancellingTheWokenWaiterInOneCallbackPassesTheLockOnOnce() {
            List<String> order = new ArrayList<>();
            run(loop -> {
                Lock lock = new Lock();
                lock.acquire();
                List<Task<Void>> tasks = holders(loop, lock, order);
                yieldOnce();
                loop.callSoon(() -> {
                    lock.release();        // wakes a ...
                    tasks.get(0).cancel(); // ... which is cancelled before it runs: b gets it, c waits
                });
                Aio.gather(tasks, true).await();
                assertTrue(tasks.get(0).cancelled());
                return null;
            });
            assertEquals(List.of("b@0.0", "c@1.0"), order);
        }
    }

    @Nested
    class Release {
        @Test
        void releasingAnUnlockedLockFailsAndNamesTheFix() {
            run(loop -> {
                Lock lock = new Lock();
                IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
                assertTrue(e.getMessage().startsWith("Lock is not acquired"), e.getMessage());
                assertTrue(e.getMessage().contains("lock.hold()"), e.getMessage());
                return null;
            });
        }

        @Test
        void holdReleasesWhenTheBlockThrows() {
            run(loop -> {
                Lock lock = new Lock();
                assertThrows(IllegalArgumentException.class, () -> {
                    try (var held = lock.hold()) {
                        throw new IllegalArgumentException("boom");
                    }
                });
                assertFalse(lock.locked());
                return null;
            });
        }
    }

    @Test
    void releaseFromAnotherThreadFailsAndNamesTheThreadsafeAlternative() throws Exception {
        Lock lock = new Lock();
        RuntimeException[] failure = new RuntimeException[1];
        run(loop -> {
            lock.acquire();
            Task<Void> a = loop.createTask(() -> { lock.acquire(); lock.release(); return null; });
            yieldOnce();                       // a waits: the lock is bound to this loop
            Thread other = new Thread(() -> {
                try {
                    lock.release();
                } catch (RuntimeException e) {
                    failure[0] = e;
                }
            });
            other.start();
            other.join();
            lock.release();
            a.await();
            return null;
        });
        assertTrue(failure[0] instanceof IllegalStateException, String.valueOf(failure[0]));
        assertTrue(failure[0].getMessage().contains("callSoonThreadsafe"), failure[0].getMessage());
        assertFalse(lock.locked());
    }

    @Test
    void toStringShowsStateAndWaiters() {
        run(loop -> {
            Lock lock = new Lock();
            assertEquals("Lock[unlocked]", lock.toString());
            lock.acquire();
            Task<Void> a = loop.createTask(() -> { lock.acquire(); lock.release(); return null; });
            yieldOnce();
            assertEquals("Lock[locked, waiters=1]", lock.toString());
            lock.release();
            a.await();
            return null;
        });
    }
}
