package dev.weft.aio;

import static dev.weft.aio.AioTesting.loop;
import static dev.weft.aio.AioTesting.runVirtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.gen.GeneratorExit;
import dev.weft.gen.GeneratorState;
import dev.weft.testing.Steps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * AsyncGenerator: PEP 525's protocol, and the cleanup rule of issue 9 §4 (the generator's finally
 * runs at once, in the consumer's task, before the consumer goes on). The iteration tests run on
 * both task backends; on each surefire execution the body's strand is a continuation (flags) or a
 * hand-off thread (portable).
 */
@Timeout(60)
class AsyncGeneratorTest {

    /** Yields 0, 1, 2, ... one per second of loop time; its finally awaits half a second and records. */
    private static AsyncGenerator<Integer, Void> ticks(List<String> log) {
        return AsyncGenerator.of("ticks", ctx -> {
            try {
                for (int i = 0; ; i++) {
                    Aio.sleep(1);
                    ctx.yield(i);
                }
            } finally {
                Aio.sleep(0.5);
                log.add("finally in " + Task.current().name() + " at " + loop().time());
            }
        });
    }

    /** The log with the main task's generated name (Task-n) written as "main". */
    private static List<String> mainNamed(List<String> log) {
        return log.stream().map(s -> s.replaceAll("in Task-\\d+", "in main")).toList();
    }

    private static <T> T run(TaskBackend backend, java.util.concurrent.Callable<T> main) {
        assumeTrue(backend.isAvailable(), "this JVM's flags do not allow " + backend);
        return runVirtual(backend, main);
    }

    @Nested
    class Iterating {
        @ParameterizedTest
        @EnumSource(TaskBackend.class)
        void valuesProducedByAwaitsArriveAtTheirLoopTimes(TaskBackend backend) {
            List<String> got = run(backend, () -> {
                List<String> out = new ArrayList<>();
                AsyncGenerator<Integer, Void> three = AsyncGenerator.of(ctx -> {
                    for (int i = 0; i < 3; i++) {
                        Aio.sleep(1);
                        ctx.yield(i);
                    }
                });
                try (var it = three.iterate()) {
                    for (int i : it) {
                        out.add(i + "@" + loop().time());
                    }
                }
                assertEquals(GeneratorState.CLOSED, three.state());
                return out;
            });
            assertEquals(List.of("0@1.0", "1@2.0", "2@3.0"), got);
        }

        @ParameterizedTest
        @EnumSource(TaskBackend.class)
        void breakRunsTheFinallyInTheConsumersTaskBeforeTheConsumerGoesOn(TaskBackend backend) {
            List<String> log = new ArrayList<>();
            run(backend, () -> {
                Task<Void> consumer = loop().createTask(() -> {
                    try (var it = ticks(log).iterate()) {
                        for (int i : it) {
                            if (i == 2) {
                                log.add("break at " + loop().time());
                                break;
                            }
                        }
                    }
                    log.add("after the loop at " + loop().time());
                    return null;
                }, "consumer");
                consumer.await();
                return null;
            });
            assertEquals(List.of("break at 3.0", "finally in consumer at 3.5", "after the loop at 3.5"), log);
        }

        @ParameterizedTest
        @EnumSource(TaskBackend.class)
        void anExceptionInTheConsumerClosesTheGeneratorBeforeItIsCaught(TaskBackend backend) {
            List<String> log = new ArrayList<>();
            run(backend, () -> {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
                    try (var it = ticks(log).iterate()) {
                        for (int i : it) {
                            throw new IllegalStateException("bad value " + i);
                        }
                    }
                });
                log.add("caught " + e.getMessage() + " at " + loop().time());
                return null;
            });
            assertEquals(List.of("finally in main at 1.5", "caught bad value 0 at 1.5"), mainNamed(log));
        }

        @ParameterizedTest
        @EnumSource(TaskBackend.class)
        void cancellingTheConsumerWhileTheBodyAwaitsCancelsThatAwaitAndRunsTheFinally(TaskBackend backend) {
            Steps steps = new Steps();
            List<String> log = new ArrayList<>();
            run(backend, () -> {
                AsyncGenerator<String, Void> slow = AsyncGenerator.of("slow", ctx -> {
                    try {
                        steps.expect(1);
                        Aio.sleep(100);
                        steps.expectUnreached();
                    } catch (CancelledError e) {
                        steps.expect(3);
                        log.add("body cancelled at " + loop().time() + ": " + e.getMessage());
                        throw e;
                    } finally {
                        Aio.sleep(0.5); // the finally may still await
                        log.add("finally in " + Task.current().name() + " at " + loop().time());
                    }
                });
                Task<Void> consumer = loop().createTask(() -> {
                    try {
                        slow.forEach(v -> steps.expectUnreached());
                    } finally {
                        steps.expect(4);
                        log.add("consumer unwinds at " + loop().time());
                    }
                    return null;
                }, "consumer");
                Aio.sleep(1);
                steps.expect(2);
                assertTrue(slow.toString().contains("RUNNING, in consumer, awaiting"), slow.toString());
                consumer.cancel("stop");
                assertThrows(CancelledError.class, consumer::await);
                assertTrue(consumer.cancelled());
                assertEquals(GeneratorState.CLOSED, slow.state());
                return null;
            });
            steps.finish(5);
            assertEquals(List.of("body cancelled at 1.0: stop", "finally in consumer at 1.5", "consumer unwinds at 1.5"), log);
        }

        @ParameterizedTest
        @EnumSource(TaskBackend.class)
        void cancellingTheConsumerWhileTheGeneratorIsSuspendedClosesItOnTheWayOut(TaskBackend backend) {
            List<String> log = new ArrayList<>();
            run(backend, () -> {
                Task<Void> consumer = loop().createTask(() -> {
                    try (var it = ticks(log).iterate()) {
                        for (int i : it) {
                            Aio.sleep(100); // the consumer's own await, the generator paused at its yield
                        }
                    }
                    return null;
                }, "consumer");
                Aio.sleep(2);
                consumer.cancel();
                assertThrows(CancelledError.class, consumer::await);
                log.add("consumer done at " + loop().time());
                return null;
            });
            assertEquals(List.of("finally in consumer at 2.5", "consumer done at 2.5"), log);
        }

        @ParameterizedTest
        @EnumSource(TaskBackend.class)
        void forEachRunsTheActionOnEachValueAndClosesWhenTheActionThrows(TaskBackend backend) {
            List<String> log = new ArrayList<>();
            run(backend, () -> {
                IOException e = assertThrows(IOException.class, () -> ticks(log).forEach(i -> {
                    log.add("got " + i);
                    Aio.sleep(0.25); // the action may await too
                    if (i == 1) {
                        throw new IOException("enough");
                    }
                }));
                log.add("caught " + e.getMessage());
                return null;
            });
            assertEquals(List.of("got 0", "got 1", "finally in main at 3.0", "caught enough"), mainNamed(log));
        }

        @ParameterizedTest
        @EnumSource(TaskBackend.class)
        void theBodyRunsAsTheConsumersTaskAndAwaitsWhatOtherTasksComplete(TaskBackend backend) {
            run(backend, () -> {
                Future<String> handed = loop().createFuture();
                loop().createTask(() -> {
                    Aio.sleep(3);
                    handed.setResult("from another task");
                    return null;
                });
                AsyncGenerator<Object, Void> g = AsyncGenerator.of(ctx -> {
                    ctx.yield(Task.current());
                    ctx.yield(handed.await()); // awaiting across the generator boundary
                    ctx.yield(Aio.gather(() -> "a", () -> "b").await());
                });
                List<Object> seen = new ArrayList<>();
                g.forEach(seen::add);
                assertSame(Task.current(), seen.get(0));
                assertEquals("from another task", seen.get(1));
                assertEquals(List.of("a", "b"), seen.get(2));
                assertEquals(3.0, loop().time());
                return null;
            });
        }

        @ParameterizedTest
        @EnumSource(TaskBackend.class)
        void nestedGeneratorsRelayAwaitsAndCloseInnermostFirst(TaskBackend backend) {
            List<String> log = new ArrayList<>();
            run(backend, () -> {
                AsyncGenerator<String, Void> outer = AsyncGenerator.of("outer", ctx -> {
                    try {
                        ticks(log).forEach(i -> {
                            Aio.sleep(0.25);
                            ctx.yield("tick " + i + " at " + loop().time());
                        });
                    } finally {
                        Aio.sleep(1);
                        log.add("outer finally at " + loop().time());
                    }
                });
                try (var it = outer.iterate()) {
                    for (String s : it) {
                        log.add(s);
                        if (s.startsWith("tick 1")) {
                            break;
                        }
                    }
                }
                log.add("consumer goes on at " + loop().time());
                return null;
            });
            assertEquals(List.of("tick 0 at 1.25", "tick 1 at 2.5", "finally in main at 3.0",
                    "outer finally at 4.0", "consumer goes on at 4.0"), mainNamed(log));
        }

        @ParameterizedTest
        @EnumSource(TaskBackend.class)
        void aTaskThatLeavesAGeneratorSuspendedHasItClosedAndReportedWhenItsBodyEnds(TaskBackend backend) {
            List<String> log = new ArrayList<>();
            run(backend, () -> {
                AioTesting.Reports reports = new AioTesting.Reports(loop());
                Task<String> careless = loop().createTask(() -> {
                    for (int i : ticks(log).iterate()) { // no try: the misuse
                        if (i == 1) {
                            break;
                        }
                    }
                    log.add("body returns at " + loop().time());
                    return "result";
                }, "careless");
                assertEquals("result", careless.await());
                log.add("awaited at " + loop().time());
                assertEquals(1, reports.all.size(), reports.messages().toString());
                String m = reports.messages().get(0);
                assertTrue(m.contains("AsyncGenerator[ticks, SUSPENDED] was left suspended when the body of"), m);
                assertTrue(m.contains("try (var it = agen.iterate())"), m);
                assertSame(careless, reports.all.get(0).future());
                return null;
            });
            assertEquals(List.of("body returns at 2.0", "finally in careless at 2.5", "awaited at 2.5"), log);
        }
        @Test
        void aTaskWhoseBodyFailsStillClosesWhatItLeftSuspendedAndKeepsItsOwnException() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> {
                AioTesting.Reports reports = new AioTesting.Reports(loop());
                IOException failure = new IOException("consumer failed");
                Task<Void> t = loop().createTask(() -> {
                    AsyncGenerator<Integer, Void> g = ticks(log);
                    g.anext(); // by hand, never closed
                    throw failure;
                }, "failing");
                assertSame(failure, assertThrows(IOException.class, t::await));
                assertEquals(1, reports.all.size(), reports.messages().toString());
                return null;
            });
            assertEquals(List.of("finally in failing at 1.5"), log);
        }
    }

    @Nested
    class Protocol {
        @Test
        void anextAfterTheEndKeepsThrowingStopAsyncIteration() {
            runVirtual(() -> {
                AsyncGenerator<Integer, Void> one = AsyncGenerator.of(ctx -> ctx.yield(1));
                assertEquals(GeneratorState.CREATED, one.state());
                assertEquals(1, one.anext());
                assertEquals(GeneratorState.SUSPENDED, one.state());
                assertThrows(StopAsyncIteration.class, one::anext);
                assertThrows(StopAsyncIteration.class, one::anext);
                assertEquals(GeneratorState.CLOSED, one.state());
                return null;
            });
        }

        @Test
        void asendDeliversTheValueAtTheYield() {
            List<String> got = runVirtual(() -> {
                AsyncGenerator<String, Integer> echo = AsyncGenerator.of(ctx -> {
                    Integer in = ctx.yield("ready");
                    while (true) {
                        Aio.sleep(1);
                        in = ctx.yield("got " + in + " at " + loop().time());
                    }
                });
                List<String> out = new ArrayList<>();
                out.add(echo.anext());
                out.add(echo.asend(7));
                out.add(echo.asend(8));
                echo.aclose();
                return out;
            });
            assertEquals(List.of("ready", "got 7 at 1.0", "got 8 at 2.0"), got);
        }

        @Test
        void sendingAValueToAJustStartedGeneratorFailsWithPythonsMessage() {
            runVirtual(() -> {
                AsyncGenerator<String, Integer> g = AsyncGenerator.of(ctx -> ctx.yield("x"));
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.asend(1));
                assertTrue(e.getMessage().startsWith("can't send non-None value to a just-started async generator"),
                        e.getMessage());
                assertTrue(e.getMessage().contains("call anext()"), e.getMessage());
                assertEquals(GeneratorState.CREATED, g.state());
                return null;
            });
        }

        @Test
        void athrowThatTheBodyHandlesReturnsItsNextValue() {
            runVirtual(() -> {
                AsyncGenerator<String, Void> g = AsyncGenerator.of(ctx -> {
                    try {
                        ctx.yield("first");
                    } catch (IllegalArgumentException e) {
                        Aio.sleep(1);
                        ctx.yield("handled " + e.getMessage());
                    }
                });
                assertEquals("first", g.anext());
                assertEquals("handled boom", g.athrow(new IllegalArgumentException("boom")));
                assertThrows(StopAsyncIteration.class, g::anext);
                assertThrows(StopAsyncIteration.class, () -> g.athrow(new IllegalArgumentException("again")),
                        "athrow on a closed async generator: StopAsyncIteration, as CPython");
                return null;
            });
        }

        @Test
        void athrowThatTheBodyDoesNotHandleReachesTheCallerAsTheSameObjectAndCloses() {
            runVirtual(() -> {
                AsyncGenerator<String, Void> g = AsyncGenerator.of(ctx -> ctx.yield("first"));
                g.anext();
                IOException io = new IOException("disk");
                assertSame(io, assertThrows(IOException.class, () -> g.athrow(io)));
                assertEquals(GeneratorState.CLOSED, g.state());
                return null;
            });
        }

        @Test
        void athrowOnACreatedGeneratorThrowsAtOnceWithoutRunningTheBody() {
            Steps steps = new Steps();
            runVirtual(() -> {
                AsyncGenerator<String, Void> g = AsyncGenerator.of(ctx -> steps.expectUnreached());
                IllegalStateException x = new IllegalStateException("x");
                assertSame(x, assertThrows(IllegalStateException.class, () -> g.athrow(x)));
                assertEquals(GeneratorState.CLOSED, g.state());
                return null;
            });
            steps.finish(1);
        }

        @Test
        void aBodyExceptionReachesTheConsumerUnchangedAndClosesTheGenerator() {
            runVirtual(() -> {
                IOException io = new IOException("connection reset");
                AsyncGenerator<String, Void> g = AsyncGenerator.of(ctx -> {
                    ctx.yield("a");
                    Aio.sleep(1);
                    throw io;
                });
                List<String> seen = new ArrayList<>();
                assertSame(io, assertThrows(IOException.class, () -> g.forEach(seen::add)));
                assertEquals(List.of("a"), seen);
                assertEquals(GeneratorState.CLOSED, g.state());
                assertThrows(StopAsyncIteration.class, g::anext);
                return null;
            });
        }

        @Test
        void stopAsyncIterationEscapingTheBodyBecomesAnError() {
            runVirtual(() -> {
                AsyncGenerator<String, Void> g = AsyncGenerator.of(ctx -> {
                    throw new StopAsyncIteration();
                });
                IllegalStateException e = assertThrows(IllegalStateException.class, g::anext);
                assertTrue(e.getMessage().startsWith("async generator raised StopAsyncIteration"), e.getMessage());
                assertEquals(GeneratorState.CLOSED, g.state());
                return null;
            });
        }
    }

    @Nested
    class Closing {
        @Test
        void acloseRunsTheFinallyWhichMayAwait() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> {
                AsyncGenerator<Integer, Void> g = ticks(log);
                assertEquals(0, g.anext());
                g.aclose();
                assertEquals(GeneratorState.CLOSED, g.state());
                g.aclose(); // a second close is a no-op
                log.add("closed at " + loop().time());
                return null;
            });
            assertEquals(List.of("finally in main at 1.5", "closed at 1.5"), mainNamed(log));
        }

        @Test
        void acloseOfACreatedGeneratorNeverRunsTheBodyAndNeedsNoTask() {
            Steps steps = new Steps();
            AsyncGenerator<String, Void> g = AsyncGenerator.of(ctx -> steps.expectUnreached());
            g.aclose();
            assertEquals(GeneratorState.CLOSED, g.state());
            steps.finish(1);
        }

        @Test
        void theBodySeesGeneratorExitWhichCatchExceptionDoesNotSwallow() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> {
                AsyncGenerator<String, Void> g = AsyncGenerator.of(ctx -> {
                    try {
                        ctx.yield("a");
                    } catch (Exception e) {
                        log.add("wrongly caught " + e);
                    } catch (GeneratorExit e) {
                        log.add("GeneratorExit");
                        throw e;
                    }
                });
                g.anext();
                g.aclose();
                return null;
            });
            assertEquals(List.of("GeneratorExit"), log);
        }

        @Test
        void yieldingInTheFinallyDuringCloseFailsWithAsyncGeneratorIgnoredGeneratorExit() {
            runVirtual(() -> {
                AsyncGenerator<String, Void> g = AsyncGenerator.of("stubborn", ctx -> {
                    try {
                        ctx.yield("a");
                    } finally {
                        Aio.sleep(1);
                        ctx.yield("again");
                    }
                });
                g.anext();
                IllegalStateException e = assertThrows(IllegalStateException.class, g::aclose);
                assertTrue(e.getMessage().startsWith("async generator ignored GeneratorExit: AsyncGenerator[stubborn"),
                        e.getMessage());
                assertTrue(e.getMessage().contains("yielded again"), e.getMessage());
                assertEquals(GeneratorState.SUSPENDED, g.state());
                assertThrows(GeneratorExit.class, g::anext); // the finally ends, GeneratorExit goes on out
                return null;
            });
        }
    }

    @Nested
    class Misuse {
        @Test
        void useOutsideATaskFailsAndNamesTheFix() {
            AsyncGenerator<String, Void> g = AsyncGenerator.of(ctx -> ctx.yield("a"));
            IllegalStateException e = assertThrows(IllegalStateException.class, g::anext);
            assertTrue(e.getMessage().startsWith("async generator used outside a task: anext() of "
                    + "AsyncGenerator[async_generator, CREATED]"), e.getMessage());
            assertTrue(e.getMessage().contains("inside EventLoop.run(...) or a Task"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> {
                for (String s : g.iterate()) {
                    throw new AssertionError(s);
                }
            });
            assertEquals(GeneratorState.CREATED, g.state());
        }

        @Test
        void closingASuspendedGeneratorFromACallbackFailsAndNamesTheFix() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> {
                AsyncGenerator<Integer, Void> g = ticks(log);
                g.anext();
                Future<Throwable> seen = loop().createFuture();
                loop().callSoon(() -> {
                    try {
                        g.aclose();
                        seen.setResult(null);
                    } catch (IllegalStateException e) {
                        seen.setResult(e);
                    }
                });
                Throwable e = seen.await();
                assertTrue(e != null && e.getMessage().startsWith("async generator used outside a task: aclose()"),
                        String.valueOf(e));
                assertEquals(GeneratorState.SUSPENDED, g.state());
                g.aclose();
                return null;
            });
            assertEquals(1, log.size());
        }

        @Test
        void advancingFromInsideItsOwnBodyFailsWithPythonsMessage() {
            runVirtual(() -> {
                List<AsyncGenerator<String, Void>> self = new ArrayList<>();
                AsyncGenerator<String, Void> g = AsyncGenerator.of(ctx -> ctx.yield(self.get(0).anext()));
                self.add(g);
                IllegalStateException e = assertThrows(IllegalStateException.class, g::anext);
                assertTrue(e.getMessage().startsWith("anext(): asynchronous generator is already running"), e.getMessage());
                return null;
            });
        }

        @Test
        void advancingFromASecondTaskWhileTheBodyAwaitsFails() {
            runVirtual(() -> {
                AsyncGenerator<String, Void> g = AsyncGenerator.of(ctx -> {
                    Aio.sleep(10);
                    ctx.yield("a");
                });
                Task<String> first = loop().createTask(g::anext);
                Aio.sleep(1);
                IllegalStateException e = assertThrows(IllegalStateException.class, g::anext);
                assertTrue(e.getMessage().startsWith("anext(): asynchronous generator is already running"), e.getMessage());
                IllegalStateException c = assertThrows(IllegalStateException.class, g::aclose);
                assertTrue(c.getMessage().startsWith("aclose(): asynchronous generator is already running"), c.getMessage());
                assertEquals("a", first.await());
                g.aclose();
                return null;
            });
        }

        @Test
        void aGeneratorStaysOnTheLoopThatFirstAdvancedIt() {
            AsyncGenerator<String, Void> g = AsyncGenerator.of(ctx -> {
                while (true) {
                    ctx.yield("a");
                }
            });
            runVirtual(() -> {
                assertEquals("a", g.anext());
                g.aclose();
                return null;
            });
            runVirtual(() -> {
                IllegalStateException e = assertThrows(IllegalStateException.class, g::anext);
                assertTrue(e.getMessage().contains("an async generator stays on one loop"), e.getMessage());
                return null;
            });
        }

        @ParameterizedTest
        @EnumSource(TaskBackend.class)
        void aGeneratorBodyDrivenByTheAsyncBodyCannotAwaitAndIsToldWhy(TaskBackend backend) {
            run(backend, () -> {
                AsyncGenerator<String, Void> g = AsyncGenerator.of(ctx -> {
                    dev.weft.gen.Generator<String, Void, Void> inner = dev.weft.gen.Generator.of(ictx -> {
                        Aio.sleep(1);
                        return null;
                    });
                    for (String s : inner) {
                        ctx.yield(s);
                    }
                });
                IllegalStateException e = assertThrows(IllegalStateException.class, g::anext);
                // continuation strands: the relay refuses; hand-off: the inner body's thread is no task's
                assertTrue(e.getMessage().contains("generator or greenlet body"), e.getMessage());
                return null;
            });
        }
    }
}
