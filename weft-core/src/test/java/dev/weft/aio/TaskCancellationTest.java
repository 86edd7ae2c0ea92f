package dev.weft.aio;

import static dev.weft.aio.AioTesting.loop;
import static dev.weft.aio.AioTesting.runVirtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.Steps;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TaskCancellationTest {

    @Nested
    class AtTheSuspensionPoint {
        @Test
        void cancelledSleepRaisesCancelledErrorWithTheMessageAndRunsFinally() {
            Steps steps = new Steps();
            runVirtual(() -> {
                Task<Void> t = loop().createTask(() -> {
                    try {
                        steps.expect(1);
                        Aio.sleep(3600);
                        steps.expectUnreached();
                    } catch (CancelledError e) {
                        steps.expect(3);
                        assertEquals("enough", e.getMessage());
                        throw e;
                    } finally {
                        steps.expect(4);
                    }
                    return null;
                });
                Aio.sleep(1);
                steps.expect(2);
                assertTrue(t.cancel("enough"));
                CancelledError e = assertThrows(CancelledError.class, t::await);
                assertEquals("enough", e.getMessage());
                assertTrue(t.cancelled());
                assertEquals(1.0, loop().time(), "cancellation does not wait for the timer");
                return null;
            });
            steps.finish(5);
        }

        /** Issue 11 §8: asyncio remembers a cancel made while the task runs and cancels what it awaits next. */
        @Test
        void aCancelRequestedWhileRunningCancelsTheTaskItAwaitsNext() {
            Steps steps = new Steps();
            runVirtual(() -> {
                Task<String> child = loop().createTask(() -> {
                    try {
                        Aio.sleep(10);
                        return "slept";
                    } catch (CancelledError e) {
                        steps.expect(1);
                        throw e;
                    }
                });
                Task<String> parent = loop().createTask(() -> {
                    Task.current().cancel("stop");   // requested while running: remembered
                    try {
                        return child.await();
                    } catch (CancelledError e) {
                        steps.expect(2);             // raised only after the child ended
                        assertTrue(child.cancelled());
                        throw e;
                    }
                });
                assertThrows(CancelledError.class, parent::await);
                assertTrue(child.cancelled(), "the awaited child must be cancelled too");
                assertEquals("stop", assertThrows(CancelledError.class, child::result).getMessage());
                assertEquals(0.0, loop().time(), "nobody waited for the child's sleep");
                return null;
            });
            steps.finish(3);
        }

        @Test
        void aCancelRequestedWhileRunningCancelsTheFutureItAwaitsNext() {
            runVirtual(() -> {
                Future<String> f = loop().createFuture();
                Task<String> t = loop().createTask(() -> {
                    Task.current().cancel();
                    return f.await();
                });
                assertThrows(CancelledError.class, t::await);
                assertTrue(f.cancelled());
                assertTrue(t.cancelled());
                return null;
            });
        }

        @Test
        void catchExceptionDoesNotSwallowCancellation() {
            runVirtual(() -> {
                Task<String> t = loop().createTask(() -> {
                    try {
                        Aio.sleep(10);
                    } catch (Exception e) {
                        return "swallowed";
                    }
                    return "slept";
                });
                Aio.sleep(1);
                t.cancel();
                assertThrows(CancelledError.class, t::await);
                return null;
            });
        }

        @Test
        void aTaskCancelledBeforeItStartsNeverRunsItsBody() {
            runVirtual(() -> {
                Task<String> t = loop().createTask(() -> {
                    throw new AssertionError("body ran");
                });
                t.cancel();
                assertThrows(CancelledError.class, t::await);
                assertTrue(t.cancelled());
                return null;
            });
        }

        @Test
        void cancellingADoneTaskReturnsFalse() {
            runVirtual(() -> {
                Task<String> t = loop().createTask(() -> "x");
                t.await();
                assertFalse(t.cancel());
                assertEquals(0, t.cancelling());
                return null;
            });
        }

        @Test
        void selfCancelIsDeliveredAtTheNextSuspension() {
            Steps steps = new Steps();
            runVirtual(() -> {
                Task<Void> t = loop().createTask(() -> {
                    Task.current().cancel("me");
                    steps.expect(1); // still running: nothing is raised until the task suspends
                    try {
                        Aio.sleep(0);
                    } catch (CancelledError e) {
                        steps.expect(2);
                        throw e;
                    }
                    return null;
                });
                assertThrows(CancelledError.class, t::await);
                return null;
            });
            steps.finish(3);
        }

        @Test
        void cancelWhileTheAwaitedFutureIsAlreadyDoneStillCancels() {
            runVirtual(() -> {
                Future<String> f = loop().createFuture();
                Task<String> t = loop().createTask(f::await);
                Aio.sleep(0); // t waits on f
                f.setResult("too late"); // t's wakeup is scheduled, f cannot be cancelled now
                assertTrue(t.cancel());
                assertThrows(CancelledError.class, t::await);
                return null;
            });
        }
    }

    @Nested
    class DownTheAwaitChain {
        @Test
        void cancellingATaskCancelsTheFutureItAwaits() {
            runVirtual(() -> {
                Future<String> f = loop().createFuture();
                Task<String> t = loop().createTask(f::await);
                Aio.sleep(0);
                t.cancel("down");
                assertThrows(CancelledError.class, t::await);
                assertTrue(f.cancelled());
                return null;
            });
        }

        @Test
        void cancellingAnOuterTaskCancelsTheInnerTaskItAwaits() {
            Steps steps = new Steps();
            runVirtual(() -> {
                Task<Void> inner = loop().createTask(() -> {
                    try {
                        Aio.sleep(100);
                    } finally {
                        steps.expect(1);
                    }
                    return null;
                });
                Task<Void> outer = loop().createTask(() -> {
                    try {
                        inner.await();
                    } finally {
                        steps.expect(2);
                    }
                    return null;
                });
                Aio.sleep(1);
                outer.cancel();
                assertThrows(CancelledError.class, outer::await);
                assertTrue(inner.cancelled());
                return null;
            });
            steps.finish(3);
        }

        @Test
        void aTaskAwaitingACancelledFutureEndsCancelled() {
            runVirtual(() -> {
                Future<String> f = loop().createFuture();
                Task<String> t = loop().createTask(f::await);
                Aio.sleep(0);
                f.cancel("by someone");
                CancelledError e = assertThrows(CancelledError.class, t::await);
                assertEquals("by someone", e.getMessage());
                assertTrue(t.cancelled());
                return null;
            });
        }
    }

    @Nested
    class CancellingAndUncancel {
        @Test
        void cancelCountsRequestsAndUncancelWithdrawsThem() {
            runVirtual(() -> {
                Task<String> t = loop().createTask(() -> {
                    try {
                        Aio.sleep(10);
                    } catch (CancelledError e) {
                        assertEquals(2, Task.current().cancelling());
                        assertEquals(1, Task.current().uncancel());
                        assertEquals(0, Task.current().uncancel());
                        assertEquals(0, Task.current().uncancel(), "never below zero");
                    }
                    Aio.sleep(1); // no longer cancelled: this sleep completes
                    return "absorbed";
                });
                Aio.sleep(1);
                t.cancel();
                t.cancel();
                assertEquals(2, t.cancelling());
                assertEquals("absorbed", t.await());
                assertEquals(2.0, loop().time());
                return null;
            });
        }

        @Test
        void uncancelToZeroDropsAPendingUndeliveredCancellation() {
            runVirtual(() -> {
                Task<String> t = loop().createTask(() -> {
                    Task.current().cancel();
                    Task.current().uncancel();
                    Aio.sleep(1);
                    return "ran";
                });
                assertEquals("ran", t.await());
                return null;
            });
        }

        @Test
        void aTaskThatSwallowsCancellationIsReportedInDebugMode() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                loop.setDebug(true);
                AioTesting.Reports reports = new AioTesting.Reports(loop);
                loop.runUntilComplete(() -> {
                    Task<String> t = loop.createTask(() -> {
                        try {
                            Aio.sleep(10);
                        } catch (CancelledError e) {
                            return "ignored it";
                        }
                        return "slept";
                    }, "stubborn");
                    Aio.sleep(1);
                    t.cancel();
                    return t.await();
                });
                List<String> m = reports.messages();
                assertEquals(1, m.size(), m.toString());
                assertTrue(m.get(0).contains("stubborn") && m.get(0).contains("swallowed its cancellation")
                        && m.get(0).contains("uncancel()"), m.get(0));
            }
        }
    }

    @Nested
    class AtShutdown {
        @Test
        void runCancelsTasksThatIgnoreNothingAndReportsTheirFailures() {
            java.util.List<String> messages = new java.util.ArrayList<>();
            EventLoop.runVirtual(() -> {
                EventLoop.current().setExceptionHandler((l, c) -> messages.add(c.message()));
                EventLoop.current().createTask(() -> {
                    try {
                        Aio.sleep(10);
                    } finally {
                        throw new IllegalStateException("failed while cancelled");
                    }
                });
                Aio.sleep(1);
                return null;
            });
            assertTrue(messages.get(0).contains("shutdown"), messages.toString());
        }
    }
}
