package dev.weft.aio;

import static dev.weft.aio.VirtualLoops.run;
import static dev.weft.aio.VirtualLoops.yieldOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConditionTest {

    private static Task<Void> waiter(EventLoop loop, Condition cond, List<String> log, String name) {
        return loop.createTask(() -> {
            try (var held = cond.hold()) {
                cond.waitNotified();
                assertTrue(cond.locked());
                log.add(name + "@" + loop.time());
            }
            return null;
        });
    }

    @Nested
    class WaitNotified {
        @Test
        void needsTheLockAndSaysSo() {
            run(loop -> {
                Condition cond = new Condition();
                IllegalStateException e = assertThrows(IllegalStateException.class, cond::waitNotified);
                assertTrue(e.getMessage().startsWith("cannot wait on un-acquired lock"), e.getMessage());
                assertTrue(e.getMessage().contains("cond.hold()"), e.getMessage());
                e = assertThrows(IllegalStateException.class, cond::notifyOne);
                assertTrue(e.getMessage().startsWith("cannot notify on un-acquired lock"), e.getMessage());
                return null;
            });
        }

        @Test
        void notifyOneWakesTheLongestWaiter() {
            List<String> log = new ArrayList<>();
            run(loop -> {
                Condition cond = new Condition();
                List<Task<Void>> ts = List.of(waiter(loop, cond, log, "a"), waiter(loop, cond, log, "b"));
                yieldOnce();
                Aio.sleep(1);
                try (var held = cond.hold()) {
                    cond.notifyOne();
                }
                Aio.sleep(1);
                try (var held = cond.hold()) {
                    cond.notifyOne();
                }
                Aio.gather(ts).await();
                return null;
            });
            assertEquals(List.of("a@1.0", "b@2.0"), log);
        }

        @Test
        void notifyAllWakesEveryWaiterInOrder() {
            List<String> log = new ArrayList<>();
            run(loop -> {
                Condition cond = new Condition();
                List<Task<Void>> ts = List.of(waiter(loop, cond, log, "a"), waiter(loop, cond, log, "b"),
                        waiter(loop, cond, log, "c"));
                Aio.sleep(3);
                assertEquals("Condition[unlocked, waiters=3]", cond.toString());
                try (var held = cond.hold()) {
                    cond.notifyAllWaiters();
                }
                Aio.gather(ts).await();
                return null;
            });
            assertEquals(List.of("a@3.0", "b@3.0", "c@3.0"), log);
        }

        @Test
        void waitForReturnsOnceThePredicateHolds() {
            double t = run(loop -> {
                Condition cond = new Condition();
                int[] counter = {0};
                Task<Double> w = loop.createTask(() -> {
                    try (var held = cond.hold()) {
                        cond.waitFor(() -> counter[0] >= 3);
                        return loop.time();
                    }
                });
                for (int i = 0; i < 3; i++) {
                    Aio.sleep(1);
                    try (var held = cond.hold()) {
                        counter[0]++;
                        cond.notifyAllWaiters();
                    }
                }
                return w.await();
            });
            assertEquals(3.0, t);
        }
    }

    @Nested
    class Cancellation {
        @Test
        void cancelledWaiterReacquiresTheLockBeforeLeaving() {
            double t = run(loop -> {
                Condition cond = new Condition();
                Task<Double> w = loop.createTask(() -> {
                    try (var held = cond.hold()) {
                        try {
                            cond.waitNotified();
                        } catch (CancelledError e) {
                            assertTrue(cond.locked());
                            return loop.time();
                        }
                        return -1.0;
                    }
                });
                yieldOnce();
                cond.acquire();
                w.cancel();
                Aio.sleep(2);
                cond.release();      // only now can w re-acquire and see its CancelledError
                return w.await();
            });
            assertEquals(2.0, t);
        }

        @Test
        void notificationConsumedByACancelledWaiterGoesToTheNext() {
            List<String> log = new ArrayList<>();
            run(loop -> {
                Condition cond = new Condition();
                Task<Void> a = waiter(loop, cond, log, "a");
                Task<Void> b = waiter(loop, cond, log, "b");
                yieldOnce();
                try (var held = cond.hold()) {
                    cond.notifyOne();   // wakes a ...
                }
                a.cancel();             // ... which is cancelled before it runs
                Aio.waitFor(b, 10);     // TimeoutError if the notification was lost
                assertTrue(a.cancelled());
                return null;
            });
            assertEquals(List.of("b@0.0"), log);
        }
    }
}
