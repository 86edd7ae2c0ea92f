package dev.weft.aio;

import static dev.weft.aio.GatherTest.after;
import static dev.weft.aio.VirtualLoops.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TimeoutTest {

    @Nested
    class Scope {
        @Test
        void blockThatEndsInTimeReturnsItsValue() {
            run(loop -> {
                Timeout[] seen = new Timeout[1];
                String r = Aio.timeout(5, scope -> {
                    seen[0] = scope;
                    Aio.sleep(1);
                    return "done";
                });
                assertEquals("done", r);
                assertEquals(1.0, loop.time());
                assertFalse(seen[0].expired());
                assertEquals("Timeout[EXITED, when=5.0]", seen[0].toString());
                return null;
            });
        }

        @Test
        void expiryCancelsTheBlockAndRaisesTimeoutErrorAtTheDeadline() {
            run(loop -> {
                Timeout[] seen = new Timeout[1];
                List<String> log = new ArrayList<>();
                TimeoutError e = assertThrows(TimeoutError.class, () -> Aio.timeout(Duration.ofMillis(2500), scope -> {
                    seen[0] = scope;
                    try {
                        Aio.sleep(10);
                    } finally {
                        log.add("finally@" + loop.time());
                    }
                    return null;
                }));
                assertInstanceOf(CancelledError.class, e.getCause());
                assertEquals(List.of("finally@2.5"), log);
                assertEquals(2.5, loop.time());
                assertTrue(seen[0].expired());
                assertEquals(Timeout.State.EXPIRED, seen[0].state());
                assertEquals(0, Task.current().cancelling());
                Aio.sleep(1); // the task is not left cancelled
                return null;
            });
        }

        @Test
        void timeoutAtUsesLoopTime() {
            run(loop -> {
                Aio.sleep(2);
                assertThrows(TimeoutError.class, () -> Aio.timeoutAt(3, scope -> { Aio.sleep(5); return null; }));
                assertEquals(3.0, loop.time());
                return null;
            });
        }

        @Test
        void deadlineInThePastExpiresAtTheFirstSuspension() {
            run(loop -> {
                List<String> log = new ArrayList<>();
                assertThrows(TimeoutError.class, () -> Aio.timeout(-1, scope -> {
                    log.add("started");
                    Aio.sleep(0);
                    log.add("not reached");
                    return null;
                }));
                assertEquals(List.of("started"), log);
                assertEquals(0.0, loop.time());
                return null;
            });
        }

        @Test
        void rescheduleMovesTheDeadlineFromInside() {
            run(loop -> {
                assertThrows(TimeoutError.class, () -> Aio.timeout(1, scope -> {
                    scope.reschedule(scope.when() + 2);
                    Aio.sleep(2);                    // would have expired at 1.0
                    assertEquals(3.0, scope.when());
                    Aio.sleep(5);
                    return null;
                }));
                assertEquals(3.0, loop.time());
                String r = Aio.timeout(1, scope -> {
                    scope.reschedule(Double.POSITIVE_INFINITY);
                    Aio.sleep(10);
                    return "no deadline";
                });
                assertEquals("no deadline", r);
                return null;
            });
        }

        @Test
        void rescheduleAfterExpiryFails() {
            run(loop -> {
                Timeout[] seen = new Timeout[1];
                assertThrows(TimeoutError.class, () -> Aio.timeout(1, scope -> { seen[0] = scope; Aio.sleep(2); return null; }));
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> seen[0].reschedule(5));
                assertTrue(e.getMessage().contains("from inside the block"), e.getMessage());
                return null;
            });
        }

        @Test
        void blockThatSwallowsTheCancellationReturnsNormally() {
            run(loop -> {
                String r = Aio.timeout(1, scope -> {
                    try {
                        Aio.sleep(5);
                    } catch (CancelledError e) {
                        return "swallowed";
                    }
                    return "slept";
                });
                assertEquals("swallowed", r);
                assertEquals(0, Task.current().cancelling());
                return null;
            });
        }
    }

    @Nested
    class Nesting {
        @Test
        void innerExpiryIsTheInnerScopesTimeoutError() {
            run(loop -> {
                String r = Aio.timeout(10, outer -> {
                    assertThrows(TimeoutError.class, () -> Aio.timeout(1, inner -> { Aio.sleep(5); return null; }));
                    Aio.sleep(2);
                    return "outer finished";
                });
                assertEquals("outer finished", r);
                assertEquals(3.0, loop.time());
                return null;
            });
        }

        @Test
        void outerExpiryPassesThroughTheInnerScopeAsCancellation() {
            run(loop -> {
                List<String> log = new ArrayList<>();
                TimeoutError e = assertThrows(TimeoutError.class, () -> Aio.timeout(1, outer -> {
                    try {
                        return Aio.timeout(10, inner -> { Aio.sleep(5); return null; });
                    } catch (CancelledError c) {
                        log.add("inner let the cancellation through@" + loop.time());
                        throw c;
                    }
                }));
                assertEquals(List.of("inner let the cancellation through@1.0"), log);
                return null;
            });
        }

        @Test
        void bothExpiringTogetherRaiseOnlyFromTheOuter() {
            run(loop -> {
                List<String> log = new ArrayList<>();
                assertThrows(TimeoutError.class, () -> Aio.timeout(1, outer -> {
                    try {
                        return Aio.timeout(1, inner -> { Aio.sleep(5); return null; });
                    } catch (TimeoutError t) {
                        log.add("inner claimed it");
                        return null;
                    } catch (CancelledError c) {
                        log.add("inner passed it on");
                        throw c;
                    }
                }));
                assertEquals(List.of("inner passed it on"), log);
                assertEquals(1.0, loop.time());
                return null;
            });
        }

        @Test
        void outsideCancelStaysACancelledError() {
            run(loop -> {
                Task<Object> t = loop.createTask(() -> Aio.timeout(10, scope -> { Aio.sleep(5); return null; }));
                Aio.sleep(1);
                t.cancel();
                Aio.wait(List.of(t));
                assertTrue(t.cancelled());
                return null;
            });
        }
    }

    @Nested
    class WaitFor {
        @Test
        void returnsTheResultInTime() {
            run(loop -> {
                assertEquals(5, Aio.waitFor(after(loop, 1, 5), 2));
                assertEquals(1.0, loop.time());
                return null;
            });
        }

        @Test
        void cancelsTheFutureWaitsForItAndRaisesTimeoutError() {
            run(loop -> {
                double[] cleanedUpAt = {-1};
                Task<Integer> slow = loop.createTask(() -> {
                    try {
                        Aio.sleep(10);
                        return 1;
                    } finally {
                        Aio.sleep(0.5);
                        cleanedUpAt[0] = loop.time();
                    }
                });
                TimeoutError e = assertThrows(TimeoutError.class, () -> Aio.waitFor(slow, 2));
                assertTrue(slow.cancelled());
                assertEquals(2.5, cleanedUpAt[0]);
                assertEquals(2.5, loop.time());
                assertEquals(0, Task.current().cancelling());
                return null;
            });
        }

        @Test
        void zeroTimeoutOnAPendingFutureCancelsIt() {
            run(loop -> {
                Task<Integer> slow = after(loop, 1, 1);
                assertThrows(TimeoutError.class, () -> Aio.waitFor(slow, 0));
                assertTrue(slow.cancelled());
                Future<String> done = loop.createFuture();
                done.setResult("ready");
                assertEquals("ready", Aio.waitFor(done, 0));
                return null;
            });
        }
    }

    @Nested
    class OrNull {
        @Test
        void theScopesOwnExpiryGivesNullAndTheValueOtherwise() {
            run(loop -> {
                String late = Aio.timeoutOrNull(2, scope -> { Aio.sleep(5); return "late"; });
                assertEquals(null, late);
                assertEquals(2.0, loop.time());
                assertEquals("quick", Aio.timeoutOrNull(2, scope -> { Aio.sleep(1); return "quick"; }));
                assertEquals(3.0, loop.time());
                return null;
            });
        }

        @Test
        void anInnerScopesTimeoutErrorPropagates() {
            run(loop -> {
                TimeoutError inner = assertThrows(TimeoutError.class, () -> Aio.timeoutOrNull(10,
                        outer -> Aio.timeout(1, scope -> { Aio.sleep(5); return "late"; })));
                assertTrue(inner.getMessage().startsWith("timed out"), inner.getMessage());
                assertEquals(1.0, loop.time());
                return null;
            });
        }
    }
}
