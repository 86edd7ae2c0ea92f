package dev.weft.aio;

import static dev.weft.aio.VirtualLoops.run;
import static dev.weft.aio.VirtualLoops.yieldOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SemaphoreTest {

    @Nested
    class Acquire {
        @Test
        void permitsBoundConcurrencyAndAreServedInArrivalOrder() {
            List<String> log = new ArrayList<>();
            run(loop -> {
                Semaphore sem = new Semaphore(2);
                List<Task<Void>> ts = new ArrayList<>();
                for (String name : List.of("a", "b", "c", "d", "e")) {
                    ts.add(loop.createTask(() -> {
                        try (var held = sem.hold()) {
                            log.add(name + "@" + loop.time());
                            Aio.sleep(1);
                        }
                        return null;
                    }));
                }
                Aio.gather(ts).await();
                assertEquals(2, sem.value());
                return null;
            });
            assertEquals(List.of("a@0.0", "b@0.0", "c@1.0", "d@1.0", "e@2.0"), log);
        }

        @Test
        void lockedWhileTasksWaitEvenWithAFreePermit() {
            run(loop -> {
                Semaphore sem = new Semaphore(1);
                sem.acquire();
                Task<Void> a = loop.createTask(() -> { sem.acquire(); sem.release(); return null; });
                yieldOnce();
                sem.release();              // the permit is reserved for a
                assertTrue(sem.locked());   // so a newcomer would queue
                a.await();
                assertFalse(sem.locked());
                return null;
            });
        }

        @Test
        void negativeInitialValueFails() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
            assertTrue(e.getMessage().startsWith("Semaphore initial value must be >= 0"), e.getMessage());
        }
    }

    @Nested
    class Cancellation {
        @Test
        void waiterCancelledAfterWakeUpGivesItsPermitToTheNext() {
            run(loop -> {
                Semaphore sem = new Semaphore(1);
                sem.acquire();
                Task<Void> a = loop.createTask(() -> { sem.acquire(); return null; });
                Task<Double> b = loop.createTask(() -> { sem.acquire(); return loop.time(); });
                yieldOnce();
                sem.release();               // a is woken with the permit ...
                a.cancel();                  // ... and cancelled before it runs
                assertEquals(0.0, Aio.waitFor(b, 10));   // TimeoutError if the permit was lost
                assertTrue(a.cancelled());
                sem.release();
                assertEquals(1, sem.value());
                return null;
            });
        }

        @Test
        void permitsReleasedWhileAWokenWaiterWasCancelledAllReachWaiters() {
            List<String> log = new ArrayList<>();
            run(loop -> {
                Semaphore sem = new Semaphore(0);
                Task<Void> a = loop.createTask(() -> { sem.acquire(); return null; });
                List<Task<Void>> others = new ArrayList<>();
                for (String name : List.of("b", "c")) {
                    others.add(loop.createTask(() -> { sem.acquire(); log.add(name); return null; }));
                }
                yieldOnce();
                sem.release();     // reserved for a ...
                a.cancel();        // ... which gives it back when it runs
                sem.release();     // reserved for b
                Aio.waitFor(Aio.gather(others), 10);   // TimeoutError if c starved
                assertEquals(0, sem.value());
                return null;
            });
            assertEquals(List.of("b", "c"), log);
        }

        @Test
        void cancelledWaiterTakesNoPermit() {
            run(loop -> {
                Semaphore sem = new Semaphore(0);
                Task<Void> a = loop.createTask(() -> { sem.acquire(); return null; });
                yieldOnce();
                a.cancel();
                yieldOnce();
                sem.release();
                assertEquals("Semaphore[value=1]", sem.toString());
                return null;
            });
        }
    }

    @Nested
    class Bounded {
        @Test
        void releasingTooOftenFailsAndNamesTheFix() {
            run(loop -> {
                BoundedSemaphore sem = new BoundedSemaphore(1);
                sem.acquire();
                sem.release();
                IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
                assertTrue(e.getMessage().startsWith("BoundedSemaphore released too many times"), e.getMessage());
                assertTrue(e.getMessage().contains("sem.hold()"), e.getMessage());
                assertEquals("BoundedSemaphore[value=1]", sem.toString());
                return null;
            });
        }
    }
}
