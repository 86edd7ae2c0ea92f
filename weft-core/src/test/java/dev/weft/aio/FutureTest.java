package dev.weft.aio;

import static dev.weft.aio.AioTesting.loop;
import static dev.weft.aio.AioTesting.runVirtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.Steps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FutureTest {

    @Nested
    class Result {
        @Test
        void resultOfPendingFutureIsInvalidState() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                Future<String> f = loop.createFuture();
                InvalidStateError e = assertThrows(InvalidStateError.class, f::result);
                assertTrue(e.getMessage().contains("await()"), e.getMessage());
                assertThrows(InvalidStateError.class, f::exception);
                assertFalse(f.done());
            }
        }

        @Test
        void setResultThenResult() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                Future<String> f = loop.createFuture();
                f.setResult("x");
                assertTrue(f.done());
                assertEquals("x", f.result());
                assertNull(f.exception());
                assertTrue(f.toString().contains("result=x"), f.toString());
            }
        }

        @Test
        void setResultTwiceIsInvalidState() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                Future<String> f = loop.createFuture();
                f.setResult("x");
                assertThrows(InvalidStateError.class, () -> f.setResult("y"));
                assertThrows(InvalidStateError.class, () -> f.setException(new RuntimeException()));
                assertEquals("x", f.result());
            }
        }

        @Test
        void exceptionIsRethrownAsTheSameObjectEvenIfChecked() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                Future<String> f = loop.createFuture();
                IOException boom = new IOException("boom");
                f.setException(boom);
                Throwable got = assertThrows(IOException.class, f::result);
                assertSame(boom, got);
                assertSame(boom, f.exception());
            }
        }

        @Test
        void cancelledErrorCannotBeSetAsException() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                Future<String> f = loop.createFuture();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> f.setException(new CancelledError()));
                assertTrue(e.getMessage().contains("cancel(msg)"));
            }
        }
    }

    @Nested
    class Cancel {
        @Test
        void cancelCarriesTheMessage() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                Future<String> f = loop.createFuture();
                assertTrue(f.cancel("stop now"));
                assertTrue(f.cancelled());
                assertTrue(f.done());
                CancelledError e = assertThrows(CancelledError.class, f::result);
                assertEquals("stop now", e.getMessage());
                assertThrows(CancelledError.class, f::exception);
            }
        }

        @Test
        void cancelOfDoneFutureReturnsFalse() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                Future<String> f = loop.createFuture();
                f.setResult("x");
                assertFalse(f.cancel());
                assertFalse(f.cancelled());
            }
        }

        @Test
        void cancelledErrorIsNotAnException() {
            assertFalse(Exception.class.isAssignableFrom(CancelledError.class));
            assertTrue(Error.class.isAssignableFrom(CancelledError.class));
        }
    }

    @Nested
    class DoneCallbacks {
        @Test
        void callbacksRunLaterOnTheLoopInOrderNotInsideSetResult() {
            Steps steps = new Steps();
            runVirtual(() -> {
                Future<String> f = loop().createFuture();
                f.addDoneCallback(x -> steps.expect(3));
                f.addDoneCallback(x -> {
                    steps.expect(4);
                    assertEquals("v", x.result());
                });
                steps.expect(1);
                f.setResult("v");
                steps.expect(2);
                Aio.sleep(0);
                steps.expect(5);
                return null;
            });
            steps.finish(6);
        }

        @Test
        void callbackAddedAfterDoneIsScheduledNotCalled() {
            Steps steps = new Steps();
            runVirtual(() -> {
                Future<String> f = loop().createFuture();
                f.setResult("v");
                f.addDoneCallback(x -> steps.expect(2));
                steps.expect(1);
                Aio.sleep(0);
                steps.expect(3);
                return null;
            });
            steps.finish(4);
        }

        @Test
        void removeDoneCallbackRemovesEveryRegistrationAndCounts() {
            List<String> ran = new ArrayList<>();
            runVirtual(() -> {
                Future<String> f = loop().createFuture();
                Consumer<Future<String>> a = x -> ran.add("a");
                Consumer<Future<String>> b = x -> ran.add("b");
                f.addDoneCallback(a);
                f.addDoneCallback(b);
                f.addDoneCallback(a);
                assertEquals(2, f.removeDoneCallback(a));
                assertEquals(0, f.removeDoneCallback(a));
                f.setResult("v");
                Aio.sleep(0);
                return null;
            });
            assertEquals(List.of("b"), ran);
        }
    }

    @Nested
    class Await {
        @Test
        void awaitReturnsTheResultSetLater() {
            String got = runVirtual(() -> {
                Future<String> f = loop().createFuture();
                loop().callLater(1.5, () -> f.setResult("late"));
                String r = f.await();
                assertEquals(1.5, loop().time());
                return r;
            });
            assertEquals("late", got);
        }

        @Test
        void awaitThrowsTheSameExceptionObject() {
            IllegalStateException boom = new IllegalStateException("boom");
            Throwable got = assertThrows(IllegalStateException.class, () -> runVirtual(() -> {
                Future<String> f = loop().createFuture();
                loop().callSoon(() -> f.setException(boom));
                return f.await();
            }));
            assertSame(boom, got);
        }

        @Test
        void awaitFromADeeperMethodWorks() {
            assertEquals(42, (int) runVirtual(() -> helper(loop())));
        }

        private int helper(EventLoop loop) {
            Future<Integer> f = loop.createFuture();
            loop.callLater(1, () -> f.setResult(42));
            return f.await();
        }

        @Test
        void awaitOutsideATaskFailsAndSaysWhereToRunIt() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                Future<String> f = loop.createFuture();
                IllegalStateException e = assertThrows(IllegalStateException.class, f::await);
                assertTrue(e.getMessage().startsWith("await outside a task"), e.getMessage());
                assertTrue(e.getMessage().contains("EventLoop.run(...) or a Task"), e.getMessage());
            }
        }

        @Test
        void awaitInAPlainCallbackFails() {
            List<Throwable> seen = new ArrayList<>();
            runVirtual(() -> {
                Future<String> f = loop().createFuture();
                loop().callSoon(() -> {
                    try {
                        f.await();
                    } catch (IllegalStateException e) {
                        seen.add(e);
                    }
                });
                Aio.sleep(0);
                return null;
            });
            assertEquals(1, seen.size());
            assertTrue(seen.get(0).getMessage().startsWith("await outside a task"));
        }

        @Test
        void awaitingAFutureOfAnotherLoopFails() {
            try (EventLoop other = EventLoop.createVirtual()) {
                Future<String> foreign = other.createFuture();
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> runVirtual(foreign::await));
                assertTrue(e.getMessage().contains("another loop"), e.getMessage());
                assertTrue(e.getMessage().contains("runCoroutineThreadsafe"), e.getMessage());
            }
        }
    }

    @Nested
    class CompletableFutureInterop {
        @Test
        void toCompletableFutureCarriesResultExceptionAndCancellation() throws Exception {
            List<CompletableFuture<String>> cfs = new ArrayList<>();
            IOException boom = new IOException("boom");
            runVirtual(() -> {
                Future<String> a = loop().createFuture();
                Future<String> b = loop().createFuture();
                Future<String> c = loop().createFuture();
                cfs.add(a.toCompletableFuture());
                cfs.add(b.toCompletableFuture());
                cfs.add(c.toCompletableFuture());
                a.setResult("a");
                b.setException(boom);
                c.cancel("nope");
                Aio.sleep(0);
                return null;
            });
            assertEquals("a", cfs.get(0).get());
            ExecutionException ee = assertThrows(ExecutionException.class, () -> cfs.get(1).get());
            assertSame(boom, ee.getCause());
            assertThrows(CancellationException.class, () -> cfs.get(2).get());
        }

        @Test
        void cancellingATasksCompletableFutureCancelsTheTaskItself() {
            List<String> trace = new ArrayList<>();
            runVirtual(() -> {
                Task<String> t = loop().createTask(() -> {
                    try {
                        Aio.sleep(100);
                        return "slept";
                    } finally {
                        trace.add("finally@" + loop().time());
                    }
                });
                CompletableFuture<String> cf = t.toCompletableFuture();
                Aio.sleep(1);
                cf.cancel(true);
                assertThrows(CancelledError.class, t::await);
                return null;
            });
            assertEquals(List.of("finally@1.0"), trace);
        }

        @Test
        void wrapAwaitsACompletableFutureCompletedOnAnotherThread() {
            String got = runVirtual(() -> {
                CompletableFuture<String> cf = new CompletableFuture<>();
                Future<String> f = Future.wrap(cf, loop());
                Thread.ofPlatform().start(() -> cf.complete("from afar"));
                return f.await();
            });
            assertEquals("from afar", got);
        }

        @Test
        void cancellingTheWrapperCancelsTheCompletableFuture() {
            CompletableFuture<String> cf = new CompletableFuture<>();
            runVirtual(() -> {
                Future<String> f = Future.wrap(cf, loop());
                f.cancel();
                Aio.sleep(0);
                return null;
            });
            assertTrue(cf.isCancelled());
        }

        @Test
        void aWrapRefusedForTheWrongThreadLeavesTheVirtualClockFreeToJump() {
            double t = runVirtual(() -> {
                EventLoop loop = loop();
                IllegalStateException refused = loop.toThread(() -> {
                    try {
                        Future.wrap(new CompletableFuture<String>(), loop);
                        return null;
                    } catch (IllegalStateException e) {
                        return e;
                    }
                }).await();
                assertTrue(refused != null && refused.getMessage().contains("callSoonThreadsafe"), String.valueOf(refused));
                assertEquals(0, loop.inflight, "the refused wrap must not count as work in flight");
                Aio.sleep(10); // would wait for ever for outside work that never comes
                return loop.time();
            });
            assertEquals(10.0, t);
        }
    }

    @Nested
    class Threads {
        @Test
        void setResultFromAnotherThreadWhileTheLoopRunsFailsAndNamesTheThreadsafeWay() {
            List<Throwable> seen = new ArrayList<>();
            runVirtual(() -> {
                Future<String> f = loop().createFuture();
                Thread t = Thread.ofPlatform().start(() -> {
                    try {
                        f.setResult("x");
                    } catch (Throwable e) {
                        seen.add(e);
                    }
                });
                loop().toThread(() -> {
                    t.join();
                    return null;
                }).await();
                return null;
            });
            assertEquals(1, seen.size());
            String m = seen.get(0).getMessage();
            assertTrue(m.contains("setResult()") && m.contains("callSoonThreadsafe"), m);
        }
    }
}
