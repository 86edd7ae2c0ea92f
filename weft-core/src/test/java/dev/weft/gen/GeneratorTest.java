package dev.weft.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.Steps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Generator's rules, one nested class per operation. Python 3.11 is the oracle (3.13 for the
 * value {@code close()} returns); the Python each test mirrors is quoted where it helps.
 */
@Timeout(30)
class GeneratorTest {

    /** Yields 1, 2, 3 and returns "done". */
    /**
     * Whether this run is the woven one (weft-weave's agent rewrote this class's bodies; see the
     * weft-weave pom): a plain body is then woven, and toString says so.
     */
    static final boolean WOVEN_RUN = Boolean.getBoolean("weft.test.woven");
    static final String PATH = WOVEN_RUN ? ", woven" : "";

    static Generator<Integer, Object, String> oneTwoThree() {
        return Generator.of(ctx -> {
            ctx.yield(1);
            ctx.yield(2);
            ctx.yield(3);
            return "done";
        });
    }

    /** Takes the StopIteration an advance throws and returns its value. */
    static Object stopValue(Runnable advance) {
        return assertThrows(StopIteration.class, advance::run).value();
    }

    static void assertMessage(Throwable t, String... parts) {
        for (String p : parts) {
            assertTrue(t.getMessage() != null && t.getMessage().contains(p),
                    () -> "message lacks \"" + p + "\": " + t.getMessage());
        }
    }

    @Nested
    class Next {
        @Test
        void bodyDoesNotRunUntilFirstNext() {
            Steps steps = new Steps();
            Generator<String, Void, Void> g = Generator.of(ctx -> {
                steps.expect(2);
                ctx.yield("a");
                return null;
            });
            steps.expect(1);
            assertEquals("a", g.next());
            steps.finish(3);
        }

        @Test
        void nextReturnsEachYieldedValueInOrder() {
            Generator<Integer, Object, String> g = oneTwoThree();
            assertEquals(1, g.next());
            assertEquals(2, g.next());
            assertEquals(3, g.next());
        }

        @Test
        void nextAfterReturnThrowsStopIterationWithValueThenWithout() {
            Generator<Integer, Object, String> g = oneTwoThree();
            g.next();
            g.next();
            g.next();
            assertEquals("done", stopValue(g::next));
            assertNull(stopValue(g::next));
            assertNull(stopValue(g::next));
        }

        @Test
        void stopIterationIsANoSuchElementException() {
            Generator<Integer, Void, Void> g = Generator.of(ctx -> null);
            assertThrows(java.util.NoSuchElementException.class, g::next);
        }

        @Test
        void nextMakesThePendingYieldReturnNull() {
            List<Object> got = new ArrayList<>();
            Generator<Integer, String, Void> g = Generator.of(ctx -> {
                got.add(ctx.yield(1));
                got.add(ctx.yield(2));
                return null;
            });
            g.next();
            g.next();
            assertThrows(StopIteration.class, g::next);
            assertEquals(Arrays.asList(null, null), got);
        }

        @Test
        void yieldingNullIsAValue() {
            Generator<String, Void, Void> g = Generator.of(ctx -> {
                ctx.yield(null);
                return null;
            });
            assertNull(g.next());
            assertEquals(GeneratorState.SUSPENDED, g.state());
        }
    }

    @Nested
    class Send {
        @Test
        void sendDeliversTheValueToThePendingYield() {
            // Python seed 004: simple_coro2 -- x = yield; y = yield a + x; ...
            Generator<Integer, Integer, Void> g = Generator.of(ctx -> {
                int a = 14;
                int b = ctx.yield(a);
                int c = ctx.yield(a + b);
                ctx.yield(a + b + c);
                return null;
            });
            assertEquals(14, g.next());
            assertEquals(42, g.send(28));
            assertEquals(141, g.send(99));
        }

        @Test
        void sendNullToACreatedGeneratorStartsIt() {
            Generator<Integer, Object, String> g = oneTwoThree();
            assertEquals(1, g.send(null));
        }

        @Test
        void sendNonNullToACreatedGeneratorFailsWithoutStartingIt() {
            Steps steps = new Steps();
            Generator<String, String, Void> g = Generator.of(ctx -> {
                steps.expect(2);
                ctx.yield("a");
                return null;
            });
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.send("x"));
            assertMessage(e, "can't send non-None value to a just-started generator", "next()", "Generator.primed");
            assertEquals(GeneratorState.CREATED, g.state());
            steps.expect(1);
            assertEquals("a", g.next());
            steps.finish(3);
        }

        @Test
        void sendToAClosedGeneratorThrowsStopIterationWithoutValue() {
            Generator<Integer, Object, String> g = oneTwoThree();
            g.next();
            g.close();
            assertNull(stopValue(() -> g.send("x")));
        }

        @Test
        void sentValueIsTheSameObject() {
            Object token = new Object();
            AtomicReference<Object> got = new AtomicReference<>();
            Generator<Integer, Object, Void> g = Generator.of(ctx -> {
                got.set(ctx.yield(1));
                return null;
            });
            g.next();
            assertThrows(StopIteration.class, () -> g.send(token));
            assertSame(token, got.get());
        }
    }

    @Nested
    class ThrowIn {
        @Test
        void throwInRaisesAtThePausedYieldAndReturnsTheNextYield() {
            // Python seed 004: coro_exec_demo handles DemoException and keeps going.
            IllegalArgumentException demo = new IllegalArgumentException("demo");
            List<Object> caught = new ArrayList<>();
            Generator<String, Void, Void> g = Generator.of(ctx -> {
                while (true) {
                    try {
                        ctx.yield("waiting");
                    } catch (IllegalArgumentException e) {
                        caught.add(e);
                    }
                }
            });
            g.next();
            assertEquals("waiting", g.throwIn(demo));
            assertEquals(GeneratorState.SUSPENDED, g.state());
            assertEquals(List.of(demo), caught);
            assertSame(demo, caught.get(0));
        }

        @Test
        void unhandledThrowInPropagatesTheSameObjectAndClosesTheGenerator() {
            IOException checked = new IOException("unhandled");
            Generator<Integer, Object, String> g = oneTwoThree();
            g.next();
            assertSame(checked, assertThrows(IOException.class, () -> g.throwIn(checked)));
            assertEquals(GeneratorState.CLOSED, g.state());
            assertNull(stopValue(g::next));
        }

        @Test
        void throwInThatMakesTheBodyReturnThrowsStopIterationWithTheValue() {
            Generator<Integer, Void, String> g = Generator.of(ctx -> {
                try {
                    ctx.yield(1);
                } catch (RuntimeException e) {
                    return "handled " + e.getMessage();
                }
                return "not thrown";
            });
            g.next();
            assertEquals("handled x", stopValue(() -> g.throwIn(new RuntimeException("x"))));
            assertEquals("handled x", g.returnValue());
        }

        @Test
        void throwInIntoACreatedGeneratorThrowsAtOnceAndClosesItWithoutRunningTheBody() {
            Steps steps = new Steps();
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                steps.expectUnreached();
                return null;
            });
            RuntimeException t = new RuntimeException("k");
            assertSame(t, assertThrows(RuntimeException.class, () -> g.throwIn(t)));
            assertEquals(GeneratorState.CLOSED, g.state());
            assertNull(stopValue(g::next));
            assertEquals(0, steps.last());
        }

        @Test
        void throwInIntoAClosedGeneratorThrowsAtOnce() {
            Generator<Integer, Object, String> g = oneTwoThree();
            g.close();
            Exception t = new Exception("checked");
            assertSame(t, assertThrows(Exception.class, () -> g.throwIn(t)));
            assertEquals(GeneratorState.CLOSED, g.state());
        }

        @Test
        void throwInOfGeneratorExitIntoAnUncatchingBodyPropagatesIt() {
            Generator<Integer, Object, String> g = oneTwoThree();
            g.next();
            GeneratorExit exit = new GeneratorExit();
            assertSame(exit, assertThrows(GeneratorExit.class, () -> g.throwIn(exit)));
            assertEquals(GeneratorState.CLOSED, g.state());
        }

        @Test
        void throwInNullIsRejected() {
            Generator<Integer, Object, String> g = oneTwoThree();
            g.next();
            assertThrows(NullPointerException.class, () -> g.throwIn(null));
            assertEquals(2, g.next());
        }
    }

    @Nested
    class Close {
        @Test
        void closeRaisesGeneratorExitAtTheYieldSoFinallyRuns() {
            Steps steps = new Steps();
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                try {
                    steps.expect(2);
                    ctx.yield(1);
                    steps.expectUnreached();
                } finally {
                    steps.expect(4);
                }
                return null;
            });
            steps.expect(1);
            g.next();
            steps.expect(3);
            assertNull(g.close());
            steps.finish(5);
            assertEquals(GeneratorState.CLOSED, g.state());
        }

        @Test
        void generatorExitIsNotCaughtByCatchException() {
            List<Object> caught = new ArrayList<>();
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                try {
                    ctx.yield(1);
                } catch (Exception e) {
                    caught.add(e);
                    ctx.yield(2);
                }
                return null;
            });
            g.next();
            assertNull(g.close());
            assertEquals(List.of(), caught);
            assertFalse(Exception.class.isAssignableFrom(GeneratorExit.class));
        }

        @Test
        void closeReturnsTheValueTheBodyReturnsInAnswerToGeneratorExit() {
            // Python 3.13: close() returns the value of a generator that returns on GeneratorExit.
            Generator<Integer, Void, String> g = Generator.of(ctx -> {
                try {
                    ctx.yield(1);
                } catch (GeneratorExit e) {
                    return "cleaned up";
                }
                return "not closed";
            });
            g.next();
            assertEquals("cleaned up", g.close());
            assertEquals("cleaned up", g.returnValue());
            assertEquals(GeneratorState.CLOSED, g.state());
        }

        @Test
        void closeOnCreatedIsANoOpReturningNullAndTheBodyNeverRuns() {
            Generator<Integer, Void, String> g = Generator.of(ctx -> {
                throw new AssertionError("body ran");
            });
            assertNull(g.close());
            assertEquals(GeneratorState.CLOSED, g.state());
            assertNull(stopValue(g::next));
        }

        @Test
        void closeOnClosedIsANoOpReturningNull() {
            Generator<Integer, Object, String> g = oneTwoThree();
            for (int i = 0; i < 3; i++) {
                g.next();
            }
            assertThrows(StopIteration.class, g::next);
            assertNull(g.close());
            assertNull(g.close());
            assertEquals("done", g.returnValue());
        }

        @Test
        void closeAfterIgnoredGeneratorExitFails() {
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                try {
                    ctx.yield(1);
                } catch (GeneratorExit e) {
                    ctx.yield(2);
                }
                return null;
            });
            g.next();
            IllegalStateException e = assertThrows(IllegalStateException.class, g::close);
            assertMessage(e, "generator ignored GeneratorExit", "must return or throw");
            // Python leaves such a generator suspended at the second yield.
            assertEquals(GeneratorState.SUSPENDED, g.state());
            assertNull(stopValue(g::next));
        }

        @Test
        void exceptionThrownInAnswerToGeneratorExitPropagatesFromClose() {
            IOException boom = new IOException("cleanup failed");
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                try {
                    ctx.yield(1);
                } finally {
                    throw boom;
                }
            });
            g.next();
            assertSame(boom, assertThrows(IOException.class, g::close));
            assertEquals(GeneratorState.CLOSED, g.state());
            assertNull(g.close());
        }

        @Test
        void closeFromInsideItsOwnBodyFails() {
            AtomicReference<Generator<Integer, Void, Object>> self = new AtomicReference<>();
            Generator<Integer, Void, Object> g = Generator.of(ctx -> {
                try {
                    self.get().close();
                    return "closed itself";
                } catch (IllegalStateException e) {
                    return e;
                }
            });
            self.set(g);
            Object r = stopValue(g::next);
            assertMessage(assertInstanceOf(IllegalStateException.class, r), "generator already executing");
        }
    }

    @Nested
    class State {
        @Test
        void statesFollowTheTable() {
            AtomicReference<Generator<GeneratorState, Void, GeneratorState>> self = new AtomicReference<>();
            Generator<GeneratorState, Void, GeneratorState> g = Generator.of(ctx -> {
                ctx.yield(self.get().state());
                return self.get().state();
            });
            self.set(g);
            assertEquals(GeneratorState.CREATED, g.state());
            assertEquals(GeneratorState.RUNNING, g.next());
            assertEquals(GeneratorState.SUSPENDED, g.state());
            assertEquals(GeneratorState.RUNNING, stopValue(g::next));
            assertEquals(GeneratorState.CLOSED, g.state());
        }

        @Test
        void toStringShowsNameAndState() {
            Generator<Integer, Void, Void> g = Generator.of("ticker", ctx -> {
                ctx.yield(1);
                return null;
            });
            assertEquals("Generator[ticker, CREATED" + PATH + "]", g.toString());
            assertEquals(WOVEN_RUN, g.isWoven());
            g.next();
            assertEquals("Generator[ticker, SUSPENDED" + PATH + "]", g.toString());
            g.close();
            assertEquals("Generator[ticker, CLOSED" + PATH + "]", g.toString());
            assertEquals("ticker", g.name());
            assertEquals("Generator[generator, CREATED" + PATH + "]", oneTwoThree().toString());
        }

        @Test
        void errorsNameTheGenerator() {
            Generator<Integer, String, Void> g = Generator.of("named-one", ctx -> null);
            assertMessage(assertThrows(IllegalArgumentException.class, () -> g.send("x")), "named-one");
        }

        @Test
        void stackTraceOfSuspendedGeneratorShowsWhereItIsPaused() {
            Generator<Integer, Void, Void> g = Generator.of(State::pausedHere);
            assertEquals(0, g.stackTrace().length);
            g.next();
            StackTraceElement[] st = g.stackTrace();
            assertTrue(Arrays.stream(st).anyMatch(e -> e.getMethodName().equals("pausedHere")),
                    () -> Arrays.toString(st));
            g.close();
            assertEquals(0, g.stackTrace().length);
        }

        private static Void pausedHere(Generator.Context<Integer, Void> ctx) {
            ctx.yield(1);
            return null;
        }
    }

    @Nested
    class ReturnValue {
        @Test
        void returnValueIsKnownOnceTheBodyReturns() {
            Generator<Integer, Object, String> g = oneTwoThree();
            IllegalStateException e = assertThrows(IllegalStateException.class, g::returnValue);
            assertMessage(e, "has not finished");
            g.next();
            assertThrows(IllegalStateException.class, g::returnValue);
            g.next();
            g.next();
            assertEquals("done", stopValue(g::next));
            assertEquals("done", g.returnValue());
        }

        @Test
        void averagerReturnsItsResultThroughStopIteration() {
            // Python seed 003/004: averager returning Result(count, average) on a None sentinel.
            record Result(int count, double average) { }
            Generator<Double, Double, Result> averager = Generator.of(ctx -> {
                double total = 0;
                int count = 0;
                Double average = null;
                while (true) {
                    Double term = ctx.yield(average);
                    if (term == null) {
                        break;
                    }
                    total += term;
                    count++;
                    average = total / count;
                }
                return new Result(count, average);
            });
            averager.next();
            averager.send(10.0);
            averager.send(30.0);
            assertEquals(20.0, averager.send(20.0));
            assertEquals(new Result(3, 20.0), stopValue(() -> averager.send(null)));
        }

        @Test
        void returnValueIsNullAfterCloseOrFailure() {
            Generator<Integer, Object, String> closed = oneTwoThree();
            closed.next();
            closed.close();
            assertNull(closed.returnValue());
            Generator<Integer, Void, String> failed = Generator.of(ctx -> {
                throw new IllegalStateException("x");
            });
            assertThrows(IllegalStateException.class, failed::next);
            assertNull(failed.returnValue());
        }
    }

    /** How a sub-generator reaches yieldFrom: not started (inline path) or started (forwarding path). */
    enum Path {
        INLINE, FORWARD;

        /**
         * A sub-generator running {@code body}, created (INLINE) or already started at a hidden
         * first yield (FORWARD), so both show the caller the same sequence.
         */
        <Y, S, R> Generator<Y, S, R> sub(String name, Generator.Body<Y, S, R> body) {
            if (this == INLINE) {
                return Generator.of(name, body);
            }
            Generator<Y, S, R> g = Generator.of(name, ctx -> {
                ctx.yield(null);
                return body.run(ctx);
            });
            g.next();
            return g;
        }
    }

    @Nested
    class YieldFrom {
        @ParameterizedTest
        @org.junit.jupiter.params.provider.EnumSource(Path.class)
        void subsYieldsReachTheCallerAndItsReturnValueIsTheResult(Path path) {
            Generator<Integer, Object, String> sub = path.sub("sub", ctx -> {
                ctx.yield(1);
                ctx.yield(2);
                return "sub-result";
            });
            Generator<Integer, Object, String> d = Generator.of(ctx -> {
                String r = ctx.yieldFrom(sub);
                ctx.yield(3);
                return "delegator got " + r;
            });
            assertEquals(1, d.next());
            assertEquals(2, d.next());
            assertEquals(3, d.next());
            assertEquals("delegator got sub-result", stopValue(d::next));
            assertEquals(GeneratorState.CLOSED, sub.state());
            assertEquals("sub-result", sub.returnValue());
        }

        @ParameterizedTest
        @org.junit.jupiter.params.provider.EnumSource(Path.class)
        void sendIsForwardedToTheSub(Path path) {
            List<Object> got = new ArrayList<>();
            Generator<String, String, Void> sub = path.sub("sub", ctx -> {
                got.add(ctx.yield("a"));
                got.add(ctx.yield("b"));
                return null;
            });
            Generator<String, String, Void> d = Generator.of(ctx -> {
                ctx.yieldFrom(sub);
                got.add(ctx.yield("after"));
                return null;
            });
            assertEquals("a", d.next());
            assertEquals("b", d.send("x"));
            assertEquals("after", d.send("y"));
            assertThrows(StopIteration.class, () -> d.send("z"));
            assertEquals(List.of("x", "y", "z"), got);
        }

        @ParameterizedTest
        @org.junit.jupiter.params.provider.EnumSource(Path.class)
        void throwInHandledByTheSubContinuesTheDelegation(Path path) {
            RuntimeException t = new RuntimeException("t");
            List<Object> subCaught = new ArrayList<>();
            Generator<String, Void, String> sub = path.sub("sub", ctx -> {
                try {
                    ctx.yield("a");
                } catch (RuntimeException e) {
                    subCaught.add(e);
                    ctx.yield("recovered");
                }
                return "r";
            });
            Generator<String, Void, String> d = Generator.of(ctx -> ctx.yieldFrom(sub));
            assertEquals("a", d.next());
            assertEquals("recovered", d.throwIn(t));
            assertSame(t, subCaught.get(0));
            assertEquals("r", stopValue(d::next));
        }

        @ParameterizedTest
        @org.junit.jupiter.params.provider.EnumSource(Path.class)
        void throwInThatEndsTheSubWithAReturnGivesTheDelegatorTheResult(Path path) {
            Generator<String, Void, String> sub = path.sub("sub", ctx -> {
                try {
                    ctx.yield("a");
                    return "normal";
                } catch (RuntimeException e) {
                    return "after " + e.getMessage();
                }
            });
            Generator<String, Void, String> d = Generator.of(ctx -> {
                String r = ctx.yieldFrom(sub);
                ctx.yield(r);
                return null;
            });
            d.next();
            assertEquals("after boom", d.throwIn(new RuntimeException("boom")));
        }

        @ParameterizedTest
        @org.junit.jupiter.params.provider.EnumSource(Path.class)
        void throwInUnhandledByTheSubIsRaisedInTheDelegator(Path path) {
            IOException t = new IOException("t");
            List<Object> log = new ArrayList<>();
            Generator<String, Void, String> sub = path.sub("sub", ctx -> {
                try {
                    ctx.yield("a");
                    return "unreached";
                } finally {
                    log.add("sub finally");
                }
            });
            Generator<String, Void, String> d = Generator.of(ctx -> {
                try {
                    ctx.yieldFrom(sub);
                } catch (Exception e) { // yieldFrom declares no checked exception; IOException arrives anyway
                    assertInstanceOf(IOException.class, e);
                    log.add(e);
                    ctx.yield("delegator handled");
                }
                return "end";
            });
            d.next();
            assertEquals("delegator handled", d.throwIn(t));
            assertEquals(List.of("sub finally", t), log);
            assertSame(t, log.get(1));
            assertEquals(GeneratorState.CLOSED, sub.state());
            assertEquals("end", stopValue(d::next));
        }

        @ParameterizedTest
        @org.junit.jupiter.params.provider.EnumSource(Path.class)
        void closeClosesTheSubThenRaisesGeneratorExitInTheDelegator(Path path) {
            List<String> log = new ArrayList<>();
            Generator<String, Void, String> sub = path.sub("sub", ctx -> {
                try {
                    ctx.yield("a");
                    return "unreached";
                } finally {
                    log.add("sub finally");
                }
            });
            Generator<String, Void, String> d = Generator.of(ctx -> {
                try {
                    ctx.yieldFrom(sub);
                    log.add("delegator continued");
                    return "unreached";
                } catch (GeneratorExit e) {
                    log.add("delegator got GeneratorExit");
                    throw e;
                }
            });
            d.next();
            assertNull(d.close());
            assertEquals(List.of("sub finally", "delegator got GeneratorExit"), log);
            assertEquals(GeneratorState.CLOSED, sub.state());
            assertEquals(GeneratorState.CLOSED, d.state());
        }

        @ParameterizedTest
        @org.junit.jupiter.params.provider.EnumSource(Path.class)
        void subThatReturnsInAnswerToCloseStillLeavesGeneratorExitInTheDelegator(Path path) {
            List<String> log = new ArrayList<>();
            Generator<String, Void, String> sub = path.sub("sub", ctx -> {
                try {
                    ctx.yield("a");
                    return "unreached";
                } catch (GeneratorExit e) {
                    return "sub answered";
                }
            });
            Generator<String, Void, String> d = Generator.of(ctx -> {
                try {
                    String r = ctx.yieldFrom(sub);
                    log.add("delegator continued with " + r);
                    return r;
                } catch (GeneratorExit e) {
                    log.add("delegator got GeneratorExit");
                    throw e;
                }
            });
            d.next();
            assertNull(d.close());
            assertEquals(List.of("delegator got GeneratorExit"), log);
            assertEquals(GeneratorState.CLOSED, sub.state());
        }

        @ParameterizedTest
        @org.junit.jupiter.params.provider.EnumSource(Path.class)
        void closeThroughThreeLevelsRaisesGeneratorExitInEveryDelegator(Path path) {
            // Python: bottom's finally runs, middle catches GeneratorExit and returns "m", and top
            // still gets GeneratorExit (it must not continue as if middle had finished normally).
            List<String> log = new ArrayList<>();
            Generator<String, Void, String> bottom = path.sub("bottom", ctx -> {
                try {
                    ctx.yield("b");
                    return "unreached";
                } finally {
                    log.add("bottom finally");
                }
            });
            Generator<String, Void, String> middle = path.sub("middle", ctx -> {
                try {
                    ctx.yieldFrom(bottom);
                    log.add("middle continued");
                    return "unreached";
                } catch (GeneratorExit e) {
                    log.add("middle caught GeneratorExit");
                    return "m";
                }
            });
            Generator<String, Void, String> top = Generator.of("top", ctx -> {
                String r = ctx.yieldFrom(middle);
                log.add("top continued with " + r);
                return r;
            });
            assertEquals("b", top.next());
            assertNull(top.close());
            assertEquals(List.of("bottom finally", "middle caught GeneratorExit"), log);
            assertEquals(GeneratorState.CLOSED, top.state());
        }

        @ParameterizedTest
        @org.junit.jupiter.params.provider.EnumSource(Path.class)
        void middleReturningAfterCloseLeavesGeneratorExitInTop(Path path) {
            // As above, but bottom itself answers the close by returning.
            List<String> log = new ArrayList<>();
            Generator<String, Void, String> bottom = path.sub("bottom", ctx -> {
                try {
                    ctx.yield("b");
                    return "unreached";
                } catch (GeneratorExit e) {
                    return "bottom answered";
                }
            });
            Generator<String, Void, String> middle = path.sub("middle", ctx -> {
                try {
                    return ctx.yieldFrom(bottom);
                } catch (GeneratorExit e) {
                    log.add("middle caught GeneratorExit");
                    return "m";
                }
            });
            Generator<String, Void, String> top = Generator.of("top", ctx -> {
                String r = ctx.yieldFrom(middle);
                log.add("top continued with " + r);
                return r;
            });
            top.next();
            assertNull(top.close());
            assertEquals(List.of("middle caught GeneratorExit"), log);
        }

        @ParameterizedTest
        @org.junit.jupiter.params.provider.EnumSource(Path.class)
        void subThatYieldsAfterGeneratorExitMakesCloseFail(Path path) {
            List<String> log = new ArrayList<>();
            Generator<String, Void, String> sub = path.sub("sub", ctx -> {
                try {
                    ctx.yield("a");
                } catch (GeneratorExit e) {
                    ctx.yield("ignored it");
                }
                return "unreached";
            });
            Generator<String, Void, String> d = Generator.of(ctx -> {
                try {
                    return ctx.yieldFrom(sub);
                } catch (IllegalStateException e) {
                    log.add("delegator got: " + e.getMessage().substring(0, 31));
                    throw e;
                }
            });
            d.next();
            IllegalStateException e = assertThrows(IllegalStateException.class, d::close);
            assertMessage(e, "generator ignored GeneratorExit");
            assertEquals(List.of("delegator got: generator ignored GeneratorExit"), log);
            assertEquals(GeneratorState.CLOSED, d.state());
        }

        @ParameterizedTest
        @org.junit.jupiter.params.provider.EnumSource(Path.class)
        void exceptionFromTheSubReachesTheDelegatorAsTheSameObject(Path path) {
            IOException boom = new IOException("boom");
            Generator<String, Void, String> sub = path.sub("sub", ctx -> {
                ctx.yield("a");
                throw boom;
            });
            AtomicReference<Throwable> seen = new AtomicReference<>();
            Generator<String, Void, String> d = Generator.of(ctx -> {
                try {
                    return ctx.yieldFrom(sub);
                } catch (Exception e) {
                    assertInstanceOf(IOException.class, e);
                    seen.set(e);
                    return "caught";
                }
            });
            d.next();
            assertEquals("caught", stopValue(d::next));
            assertSame(boom, seen.get());
            assertEquals(GeneratorState.CLOSED, sub.state());
        }

        @ParameterizedTest
        @org.junit.jupiter.params.provider.EnumSource(Path.class)
        void subStateIsSuspendedWhileTheDelegatorIsPausedInIt(Path path) {
            AtomicReference<GeneratorState> fromInside = new AtomicReference<>();
            AtomicReference<Generator<String, Void, Void>> subRef = new AtomicReference<>();
            Generator<String, Void, Void> sub = path.sub("sub", ctx -> {
                fromInside.set(subRef.get().state());
                ctx.yield("a");
                return null;
            });
            subRef.set(sub);
            Generator<String, Void, Void> d = Generator.of(ctx -> {
                ctx.yieldFrom(sub);
                return null;
            });
            d.next();
            assertEquals(GeneratorState.RUNNING, fromInside.get());
            assertEquals(GeneratorState.SUSPENDED, sub.state());
            assertEquals(GeneratorState.SUSPENDED, d.state());
            assertThrows(StopIteration.class, d::next);
            assertEquals(GeneratorState.CLOSED, sub.state());
        }

        @Test
        void seedBottomMiddleTopReturns84() {
            // Python seed 002: bottom returns (yield 42); middle and top return (yield from ...).
            Generator<Integer, Integer, Integer> gen = Generator.of(ctx ->
                    ctx.yieldFrom(Generator.<Integer, Integer, Integer>of(c2 ->
                            c2.yieldFrom(Generator.<Integer, Integer, Integer>of(c3 -> c3.yield(42))))));
            int value = gen.next();
            assertEquals(42, value);
            assertEquals(84, stopValue(() -> gen.send(value * 2)));
        }

        @ParameterizedTest
        @org.junit.jupiter.params.provider.EnumSource(Path.class)
        void chainTenDeepForwardsValuesAndReturns84(Path path) {
            Generator<Integer, Integer, Integer> g = path.sub("level0", ctx -> ctx.yield(42));
            for (int i = 1; i < 10; i++) {
                Generator<Integer, Integer, Integer> below = g;
                g = i == 9 ? Generator.of("top", ctx -> ctx.yieldFrom(below))
                        : path.sub("level" + i, ctx -> ctx.yieldFrom(below));
            }
            Generator<Integer, Integer, Integer> top = g;
            int value = top.next();
            assertEquals(42, value);
            assertEquals(84, stopValue(() -> top.send(value * 2)));
        }

        @Test
        void chainTenDeepClosesEveryLevelInnermostFirst() {
            List<Integer> log = new ArrayList<>();
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                try {
                    ctx.yield(0);
                } finally {
                    log.add(0);
                }
                return null;
            });
            for (int i = 1; i < 10; i++) {
                Generator<Integer, Void, Void> below = g;
                int level = i;
                g = Generator.of(ctx -> {
                    try {
                        ctx.yieldFrom(below);
                    } finally {
                        log.add(level);
                    }
                    return null;
                });
            }
            g.next();
            assertNull(g.close());
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), log);
        }

        @Test
        void yieldFromAClosedGeneratorReturnsAtOnceWithNull() {
            Generator<Integer, Object, String> sub = oneTwoThree();
            sub.close();
            Generator<Integer, Object, String> d = Generator.of(ctx -> ctx.yieldFrom(sub));
            assertNull(stopValue(d::next));
        }

        @Test
        void yieldFromSelfFails() {
            AtomicReference<Generator<Integer, Void, Object>> self = new AtomicReference<>();
            Generator<Integer, Void, Object> g = Generator.of(ctx -> {
                try {
                    ctx.yieldFrom(self.get());
                    return "delegated to itself";
                } catch (IllegalStateException e) {
                    return e;
                }
            });
            self.set(g);
            Object r = stopValue(g::next);
            assertMessage(assertInstanceOf(IllegalStateException.class, r),
                    "generator already executing", "it is this generator");
        }

        @Test
        void yieldFromARunningDelegatorFails() {
            // An inlined sub tries to delegate back to the generator that is running it.
            AtomicReference<Generator<Integer, Void, Object>> outer = new AtomicReference<>();
            Generator<Integer, Void, Object> sub = Generator.of(ctx -> {
                try {
                    ctx.yieldFrom(outer.get());
                    return "delegated to a running generator";
                } catch (IllegalStateException e) {
                    return e;
                }
            });
            Generator<Integer, Void, Object> d = Generator.of(ctx -> ctx.yieldFrom(sub));
            outer.set(d);
            Object r = stopValue(d::next);
            assertMessage(assertInstanceOf(IllegalStateException.class, r), "generator already executing");
        }

        @Test
        void inlinedSubCannotBeAdvancedDirectlyWhileDelegatedTo() {
            Generator<Integer, Object, String> sub = oneTwoThree();
            Generator<Integer, Object, String> d = Generator.of(ctx -> ctx.yieldFrom(sub));
            d.next();
            IllegalStateException e = assertThrows(IllegalStateException.class, sub::next);
            assertMessage(e, "generator already executing", "advance the delegating generator instead");
            assertEquals(2, d.next());
        }

        @Test
        void yieldFromAGeneratorWithAPendingHasNextValueYieldsThatValueFirst() {
            Generator<Integer, Object, String> sub = oneTwoThree();
            assertTrue(sub.hasNext());
            Generator<Integer, Object, String> d = Generator.of(ctx -> ctx.yieldFrom(sub));
            assertEquals(1, d.next());
            assertEquals(2, d.next());
        }

        @Test
        void contextOfADelegatorCannotYieldWhileItsSubRuns() {
            AtomicReference<Generator.Context<Integer, Void>> outerCtx = new AtomicReference<>();
            Generator<Integer, Void, Object> sub = Generator.of(ctx -> {
                try {
                    outerCtx.get().yield(99);
                    return "outer context yielded";
                } catch (IllegalStateException e) {
                    return e;
                }
            });
            Generator<Integer, Void, Object> d = Generator.of(ctx -> {
                outerCtx.set(ctx);
                return ctx.yieldFrom(sub);
            });
            Object r = stopValue(d::next);
            assertMessage(assertInstanceOf(IllegalStateException.class, r), "yield outside its generator");
        }
    }

    @Nested
    class YieldFromIterable {
        @Test
        void yieldFromAnIterableYieldsEveryElement() {
            Generator<Integer, Void, String> g = Generator.of(ctx -> {
                ctx.yieldFrom(List.of(1, 2));
                ctx.yieldFrom(List.<Integer>of());
                ctx.yield(3);
                return "r";
            });
            assertEquals(1, g.next());
            assertEquals(2, g.next());
            assertEquals(3, g.next());
            assertEquals("r", stopValue(g::next));
        }

        @Test
        void yieldFromAnIteratorYieldsTheRemainingElements() {
            Iterator<String> it = List.of("a", "b", "c").iterator();
            it.next();
            Generator<String, Void, Void> g = Generator.of(ctx -> {
                ctx.yieldFrom(it);
                return null;
            });
            List<String> got = new ArrayList<>();
            g.forEach(got::add);
            assertEquals(List.of("b", "c"), got);
        }

        @Test
        void sendingNonNullWhileDelegatingToAPlainIteratorFails() {
            Generator<Integer, String, Void> g = Generator.of(ctx -> {
                ctx.yieldFrom(List.of(1, 2));
                return null;
            });
            g.next();
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> g.send("x"));
            assertMessage(e, "cannot send x", "send null, or delegate to a Generator instead");
            assertEquals(GeneratorState.CLOSED, g.state());
        }

        @Test
        void throwInWhileDelegatingToAnIteratorIsRaisedInTheDelegator() {
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                try {
                    ctx.yieldFrom(List.of(1, 2));
                } catch (IllegalArgumentException e) {
                    ctx.yield(-1);
                }
                return null;
            });
            g.next();
            assertEquals(-1, g.throwIn(new IllegalArgumentException()));
        }

        @Test
        void closeWhileDelegatingToAnIteratorRaisesGeneratorExitInTheDelegator() {
            List<String> log = new ArrayList<>();
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                try {
                    ctx.yieldFrom(List.of(1, 2));
                } finally {
                    log.add("finally");
                }
                return null;
            });
            g.next();
            assertNull(g.close());
            assertEquals(List.of("finally"), log);
        }

        @Test
        void aGeneratorPassedAsIterableIsDelegatedToAsAGenerator() {
            List<Object> got = new ArrayList<>();
            Generator<Integer, String, Void> sub = Generator.of(ctx -> {
                got.add(ctx.yield(1));
                return null;
            });
            Iterable<Integer> asIterable = sub;
            Iterator<Integer> asIterator = Generator.<Integer, String, Void>of(ctx -> {
                got.add(ctx.yield(2));
                return null;
            });
            Generator<Integer, String, Void> d = Generator.of(ctx -> {
                ctx.yieldFrom(asIterable);
                ctx.yieldFrom(asIterator);
                return null;
            });
            assertEquals(1, d.next());
            assertEquals(2, d.send("to sub"));
            assertThrows(StopIteration.class, () -> d.send("to second sub"));
            assertEquals(List.of("to sub", "to second sub"), got);
        }
    }

    @Nested
    class Iteration {
        @Test
        void forEachLoopSeesEveryValueAndTheReturnValueIsKept() {
            Generator<Integer, Object, String> g = oneTwoThree();
            List<Integer> got = new ArrayList<>();
            for (int x : g) {
                got.add(x);
            }
            assertEquals(List.of(1, 2, 3), got);
            assertEquals("done", g.returnValue());
            assertEquals(GeneratorState.CLOSED, g.state());
        }

        @Test
        void iteratorReturnsTheGeneratorItself() {
            Generator<Integer, Object, String> g = oneTwoThree();
            assertSame(g, g.iterator());
        }

        @Test
        void aGeneratorIsSinglePass() {
            Generator<Integer, Object, String> g = oneTwoThree();
            List<Integer> first = new ArrayList<>();
            g.forEach(first::add);
            List<Integer> second = new ArrayList<>();
            g.forEach(second::add);
            assertEquals(List.of(1, 2, 3), first);
            assertEquals(List.of(), second);
        }

        @Test
        void hasNextAdvancesOnceAndKeepsTheValueForNext() {
            Steps steps = new Steps();
            Generator<String, Void, Void> g = Generator.of(ctx -> {
                steps.expect(2);
                ctx.yield("a");
                steps.expect(5);
                return null;
            });
            steps.expect(1);
            assertTrue(g.hasNext());
            assertTrue(g.hasNext());
            steps.expect(3);
            assertEquals("a", g.next());
            steps.expect(4);
            assertFalse(g.hasNext());
            assertFalse(g.hasNext());
            steps.finish(6);
            assertThrows(StopIteration.class, g::next);
        }

        @Test
        void sendAfterAnUnconsumedHasNextFails() {
            Generator<Integer, Object, String> g = oneTwoThree();
            assertTrue(g.hasNext());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.send("x"));
            assertMessage(e, "hasNext() advanced it", "call next() first");
            assertEquals(1, g.next());
            assertEquals(2, g.send("x"));
        }

        @Test
        void throwInAfterAnUnconsumedHasNextFails() {
            Generator<Integer, Object, String> g = oneTwoThree();
            assertTrue(g.hasNext());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> g.throwIn(new RuntimeException()));
            assertMessage(e, "call next() first");
            assertEquals(1, g.next());
        }

        @Test
        void closeAfterAnUnconsumedHasNextDropsTheValueAndCloses() {
            List<String> log = new ArrayList<>();
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                try {
                    ctx.yield(1);
                } finally {
                    log.add("finally");
                }
                return null;
            });
            assertTrue(g.hasNext());
            assertNull(g.close());
            assertEquals(List.of("finally"), log);
            assertFalse(g.hasNext());
            assertThrows(StopIteration.class, g::next);
        }

        @Test
        void exceptionDuringHasNextPropagates() {
            IOException boom = new IOException();
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                throw boom;
            });
            assertSame(boom, assertThrows(IOException.class, g::hasNext));
            assertFalse(g.hasNext());
        }
    }

    @Nested
    class Streams {
        @Test
        void streamYieldsTheValuesInOrder() {
            try (Stream<Integer> s = oneTwoThree().stream()) {
                assertEquals(List.of(1, 2, 3), s.toList());
            }
        }

        @Test
        void streamConsumedToTheEndLeavesTheReturnValue() {
            Generator<Integer, Object, String> g = oneTwoThree();
            assertEquals(6, g.stream().mapToInt(Integer::intValue).sum());
            assertEquals("done", g.returnValue());
        }

        @Test
        void closingTheStreamClosesTheGeneratorSoFinallyRuns() {
            List<String> log = new ArrayList<>();
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                try {
                    for (int i = 0; ; i++) {
                        ctx.yield(i);
                    }
                } finally {
                    log.add("finally");
                }
            });
            try (Stream<Integer> s = g.stream()) {
                assertEquals(List.of(0, 1, 2), s.limit(3).toList());
                assertEquals(List.of(), log);
            }
            assertEquals(List.of("finally"), log);
            assertEquals(GeneratorState.CLOSED, g.state());
        }
    }

    @Nested
    class Primed {
        @Test
        void primedGeneratorIsSuspendedAtItsFirstYieldAndReadyForSend() {
            // Python seed 003/004: the @coroutine decorator; averager 10 / 15 / 21.
            Generator<Double, Double, Void> averager = Generator.primed(ctx -> {
                double total = 0;
                int count = 0;
                Double average = null;
                while (true) {
                    double term = ctx.yield(average);
                    total += term;
                    count++;
                    average = total / count;
                }
            });
            assertEquals(GeneratorState.SUSPENDED, averager.state());
            assertEquals(10.0, averager.send(10.0));
            assertEquals(15.0, averager.send(20.0));
            assertEquals(21.0, averager.send(33.0));
        }

        @Test
        void primedDiscardsTheFirstValueAndKeepsTheName() {
            Generator<Integer, Object, String> g = Generator.primed("p", ctx -> {
                ctx.yield(1);
                ctx.yield(2);
                return null;
            });
            assertEquals("Generator[p, SUSPENDED" + PATH + "]", g.toString());
            assertEquals(2, g.next());
        }

        @Test
        void primingABodyThatReturnsAtOnceThrowsStopIteration() {
            assertEquals("r", stopValue(() -> Generator.primed(ctx -> "r")));
        }

        @Test
        void primeOnAStartedGeneratorFails() {
            Generator<Integer, Object, String> g = oneTwoThree();
            g.next();
            IllegalStateException e = assertThrows(IllegalStateException.class, g::prime);
            assertMessage(e, "only a CREATED generator can be primed");
            assertEquals(2, g.next());
        }
    }

    @Nested
    class Stackful {
        record Tree(int value, Tree left, Tree right) { }

        static void walk(Tree t, Generator.Context<Integer, Void> ctx) {
            if (t == null) {
                return;
            }
            walk(t.left(), ctx);
            ctx.yield(t.value());
            walk(t.right(), ctx);
        }

        @Test
        void helperMethodsYieldThroughTheContextRecursively() {
            Tree t = new Tree(4, new Tree(2, new Tree(1, null, null), new Tree(3, null, null)),
                    new Tree(6, new Tree(5, null, null), null));
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                walk(t, ctx);
                return null;
            });
            List<Integer> got = new ArrayList<>();
            g.forEach(got::add);
            assertEquals(List.of(1, 2, 3, 4, 5, 6), got);
        }

        @Test
        void deepRecursionYieldsAtEveryLevel() {
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                countDown(500, ctx);
                return null;
            });
            int expected = 500;
            for (int x : g) {
                assertEquals(expected--, x);
            }
            assertEquals(0, expected);
        }

        private static void countDown(int n, Generator.Context<Integer, Void> ctx) {
            if (n == 0) {
                return;
            }
            ctx.yield(n);
            countDown(n - 1, ctx);
        }
    }

    @Nested
    class Threads {
        @Test
        void advancingFromAnotherThreadWhileItRunsFailsAlreadyExecuting() throws Exception {
            CountDownLatch bodyRunning = new CountDownLatch(1);
            CountDownLatch otherTried = new CountDownLatch(1);
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                bodyRunning.countDown();
                otherTried.await();
                ctx.yield(1);
                return null;
            });
            AtomicReference<Object> first = new AtomicReference<>();
            Thread runner = Thread.ofPlatform().start(() -> first.set(g.next()));
            bodyRunning.await();
            assertEquals(GeneratorState.RUNNING, g.state());
            IllegalStateException e = assertThrows(IllegalStateException.class, g::next);
            assertMessage(e, "generator already executing", "from a second thread while it runs");
            assertThrows(IllegalStateException.class, g::close);
            assertThrows(IllegalStateException.class, () -> g.throwIn(new RuntimeException()));
            otherTried.countDown();
            runner.join();
            assertEquals(1, first.get());
            assertEquals(GeneratorState.SUSPENDED, g.state());
        }

        @Test
        void advancingFromItsOwnBodyFailsAlreadyExecuting() {
            AtomicReference<Generator<Integer, Void, Object>> self = new AtomicReference<>();
            Generator<Integer, Void, Object> g = Generator.of(ctx -> {
                try {
                    self.get().next();
                    return "advanced itself";
                } catch (IllegalStateException e) {
                    return e;
                }
            });
            self.set(g);
            Object r = stopValue(g::next);
            assertMessage(assertInstanceOf(IllegalStateException.class, r), "generator already executing",
                    "inside its own body");
        }

        @Test
        void aGeneratorMayBeAdvancedFromDifferentThreadsInTurn() throws Exception {
            Generator<String, String, Void> g = Generator.of(ctx -> {
                String in = "start";
                while (true) {
                    in = ctx.yield(in + "@" + Thread.currentThread().isVirtual());
                }
            });
            SynchronousQueue<String> results = new SynchronousQueue<>();
            g.next();
            for (int i = 0; i < 3; i++) {
                String msg = "t" + i;
                Thread t = Thread.ofPlatform().start(() -> {
                    try {
                        results.put(g.send(msg));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                assertTrue(results.take().startsWith(msg + "@"));
                t.join();
            }
            g.close();
        }

        @Test
        void yieldFromAnotherThreadFails() throws Exception {
            AtomicReference<Generator.Context<Integer, Void>> leaked = new AtomicReference<>();
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                leaked.set(ctx);
                ctx.yield(1);
                return null;
            });
            g.next();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    leaked.get().yield(2);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.join();
            assertMessage(assertInstanceOf(IllegalStateException.class, failure.get()), "yield outside its generator");
            assertThrows(StopIteration.class, g::next);
        }
    }

    @Nested
    class Errors {
        @Test
        void checkedExceptionFromTheBodyReachesTheCallerAsTheSameObjectAndClosesIt() {
            IOException boom = new IOException("boom");
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                ctx.yield(1);
                throw boom;
            });
            g.next();
            assertSame(boom, assertThrows(IOException.class, g::next));
            assertEquals(GeneratorState.CLOSED, g.state());
            assertNull(stopValue(() -> g.send(null)));
        }

        @Test
        void stopIterationEscapingTheBodyBecomesGeneratorRaisedStopIteration() {
            StopIteration escaped = new StopIteration(5);
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                ctx.yield(1);
                throw escaped;
            });
            g.next();
            IllegalStateException e = assertThrows(IllegalStateException.class, g::next);
            assertMessage(e, "generator raised StopIteration", "PEP 479");
            assertSame(escaped, e.getCause());
            assertEquals(GeneratorState.CLOSED, g.state());
        }

        @Test
        void stopIterationFromAnInnerGeneratorAdvancedByHandIsAlsoCaught() {
            Generator<Integer, Void, Void> inner = Generator.of(ctx -> null);
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                ctx.yield(inner.next()); // inner is exhausted: StopIteration escapes
                return null;
            });
            assertMessage(assertThrows(IllegalStateException.class, g::next), "generator raised StopIteration");
        }

        @ParameterizedTest
        @ValueSource(booleans = {false, true})
        void stopIterationEscapingADelegatedSubBecomesGeneratorRaisedStopIteration(boolean started) {
            Generator<Integer, Void, Void> sub = (started ? Path.FORWARD : Path.INLINE).sub("sub", ctx -> {
                ctx.yield(1);
                throw new StopIteration("x");
            });
            Generator<Integer, Void, Object> d = Generator.of(ctx -> {
                try {
                    ctx.yieldFrom(sub);
                    return "sub finished normally";
                } catch (IllegalStateException e) {
                    return e;
                }
            });
            d.next();
            Object r = stopValue(d::next);
            assertMessage(assertInstanceOf(IllegalStateException.class, r), "generator raised StopIteration");
        }

        @Test
        void yieldAfterTheGeneratorClosedFails() {
            AtomicReference<Generator.Context<Integer, Void>> leaked = new AtomicReference<>();
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                leaked.set(ctx);
                return null;
            });
            assertThrows(StopIteration.class, g::next);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> leaked.get().yield(1));
            assertMessage(e, "yield outside its generator", "CLOSED");
        }

        @Test
        void stopIterationAndGeneratorExitCarryNoStackTrace() {
            // Both are control flow, as in Python: filling in a stack trace per exhausted
            // generator or per close would be pure cost.
            Generator<Integer, Object, String> g = oneTwoThree();
            g.next();
            g.next();
            g.next();
            assertEquals(0, assertThrows(StopIteration.class, g::next).getStackTrace().length);
            AtomicReference<GeneratorExit> seen = new AtomicReference<>();
            Generator<Integer, Void, Void> h = Generator.of(ctx -> {
                try {
                    ctx.yield(1);
                } catch (GeneratorExit e) {
                    seen.set(e);
                    throw e;
                }
                return null;
            });
            h.next();
            h.close();
            assertEquals(0, seen.get().getStackTrace().length);
        }

        @Test
        void nullBodyIsRejected() {
            assertThrows(NullPointerException.class, () -> Generator.of(null));
        }
    }
}
