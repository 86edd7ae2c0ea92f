package dev.weft.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The woven path's runtime, proven with state machines written by hand in the shape the weaver
 * emits (a switch on {@code f.state()}, {@code f.yield(site, v)}, {@code f.resume()} at the
 * resumed site), so the rules hold before any bytecode is rewritten.
 */
class WovenTest {

    /** ctx -> { int total = 0; while (true) { Integer x = ctx.yield(total); if (x == null) return total; total += x; } } */
    static Woven.Step summer() {
        return f -> {
            long[] spill = f.longs(1);
            int total;
            switch (f.state()) {
                case 0 -> total = 0;
                case 1 -> {
                    total = (int) spill[0];
                    Integer x = (Integer) f.resume();
                    if (x == null) {
                        return total;
                    }
                    total += x;
                }
                default -> throw new AssertionError();
            }
            spill[0] = total;
            return f.yield(1, total);
        };
    }

    /**
     * ctx -> { try { ctx.yield("a"); ctx.yield("b"); return "end"; } finally { log.add("finally"); } }:
     * the finally runs when the body leaves the try, not when it suspends.
     */
    static Woven.Step twoThenFinally(List<String> log) {
        return f -> {
            boolean suspended = false;
            try {
                switch (f.state()) {
                    case 0 -> {
                        suspended = true;
                        return f.yield(1, "a");
                    }
                    case 1 -> {
                        f.resume();
                        suspended = true;
                        return f.yield(2, "b");
                    }
                    case 2 -> {
                        f.resume();
                        return "end";
                    }
                    default -> throw new AssertionError();
                }
            } finally {
                if (!suspended) {
                    log.add("finally");
                }
            }
        };
    }

    @Nested
    class Advancing {
        @Test
        void sendsReachTheYieldAndTheReturnValueRidesStopIteration() {
            Generator<Integer, Integer, Integer> g = Generator.of(Woven.body(summer()));
            assertTrue(g.isWoven());
            assertEquals("Generator[generator, CREATED, woven]", g.toString());
            assertEquals(0, g.next());
            assertEquals(5, g.send(5));
            assertEquals(12, g.send(7));
            assertEquals("Generator[generator, SUSPENDED, woven]", g.toString());
            StopIteration stop = assertThrows(StopIteration.class, () -> g.send(null));
            assertEquals(12, stop.value());
            assertEquals(12, g.returnValue());
            assertNull(assertThrows(StopIteration.class, g::next).value());
        }

        @Test
        void justStartedRefusesANonNullSend() {
            Generator<Integer, Integer, Integer> g = Generator.of(Woven.body(summer()));
            var e = assertThrows(IllegalArgumentException.class, () -> g.send(1));
            assertTrue(e.getMessage().startsWith("can't send non-None value to a just-started generator"));
            assertEquals(GeneratorState.CREATED, g.state());
        }

        @Test
        void aBodyAdvancingItsOwnGeneratorIsAlreadyExecuting() {
            List<Generator<Object, Object, Object>> self = new ArrayList<>();
            self.add(Generator.of(Woven.body(f -> self.get(0).next())));
            var e = assertThrows(IllegalStateException.class, () -> self.get(0).next());
            assertTrue(e.getMessage().startsWith("generator already executing"), e.getMessage());
            assertEquals(GeneratorState.CLOSED, self.get(0).state());
        }

        @Test
        void aStopIterationEscapingTheBodyIsPep479sError() {
            StopIteration inner = new StopIteration("x");
            Generator<Object, Object, Object> g = Generator.of(Woven.body(f -> {
                throw inner;
            }));
            var e = assertThrows(IllegalStateException.class, g::next);
            assertTrue(e.getMessage().startsWith("generator raised StopIteration"));
            assertSame(inner, e.getCause());
        }

        @Test
        void forEachAndHasNextWork() {
            List<String> seen = new ArrayList<>();
            for (String s : Generator.<String, Void, String>of(Woven.body(twoThenFinally(new ArrayList<>())))) {
                seen.add(s);
            }
            assertEquals(List.of("a", "b"), seen);
        }
    }

    @Nested
    class ThrowingAndClosing {
        @Test
        void throwInReachesTheHandlerAroundTheYield() {
            IllegalStateException boom = new IllegalStateException("boom");
            // ctx -> { try { ctx.yield(1); } catch (IllegalStateException e) { ctx.yield(e.getMessage()); } return null; }
            Generator<Object, Object, Object> g = Generator.of(Woven.body(f -> {
                switch (f.state()) {
                    case 0 -> {
                        return f.yield(1, 1);
                    }
                    case 1 -> {
                        try {
                            f.resume();
                        } catch (IllegalStateException e) {
                            return f.yield(2, e.getMessage());
                        }
                        return null;
                    }
                    case 2 -> {
                        f.resume();
                        return null;
                    }
                    default -> throw new AssertionError();
                }
            }));
            g.next();
            assertEquals("boom", g.throwIn(boom));
            IllegalStateException again = new IllegalStateException("again");
            assertSame(again, assertThrows(IllegalStateException.class, () -> g.throwIn(again)));
            assertEquals(GeneratorState.CLOSED, g.state());
        }

        @Test
        void closeRunsFinallyAndReturnsWhatTheBodyReturnsInAnswer() {
            List<String> log = new ArrayList<>();
            Generator<String, Object, String> g = Generator.of(Woven.body(twoThenFinally(log)));
            g.next();
            assertEquals(List.of(), log, "suspending does not leave the try");
            assertNull(g.close(), "GeneratorExit propagated: close returns null");
            assertEquals(List.of("finally"), log);
            assertEquals(GeneratorState.CLOSED, g.state());
            // ctx -> { try { ctx.yield(1); } catch (GeneratorExit e) { return "bye"; } return null; }
            Generator<Object, Object, Object> answering = Generator.of(Woven.body(f -> {
                if (f.state() == 0) {
                    return f.yield(1, 1);
                }
                try {
                    f.resume();
                } catch (GeneratorExit e) {
                    return "bye";
                }
                return null;
            }));
            answering.next();
            assertEquals("bye", answering.close());
        }

        @Test
        void aBodyYieldingAfterGeneratorExitMakesCloseFail() {
            Generator<Object, Object, Object> g = Generator.of(Woven.body(f -> {
                if (f.state() == 1) {
                    try {
                        f.resume();
                    } catch (GeneratorExit e) {
                        return f.yield(2, "again");
                    }
                }
                return f.yield(1, 1);
            }));
            g.next();
            var e = assertThrows(IllegalStateException.class, g::close);
            assertTrue(e.getMessage().startsWith("generator ignored GeneratorExit"), e.getMessage());
        }

        @Test
        void throwInOnACreatedGeneratorNeverRunsIt() {
            Generator<Object, Object, Object> g = Generator.of(Woven.body(f -> {
                throw new AssertionError("must not run");
            }));
            IllegalStateException t = new IllegalStateException();
            assertSame(t, assertThrows(IllegalStateException.class, () -> g.throwIn(t)));
            assertEquals(GeneratorState.CLOSED, g.state());
        }
    }

    @Nested
    class YieldFrom {
        /** ctx -> { Object r = ctx.yieldFrom(sub); return "got " + r; } */
        static Woven.Step delegating(Object sub) {
            return f -> {
                if (f.state() == 0) {
                    return f.delegate(1, sub);
                }
                return "got " + f.resume();
            };
        }

        @Test
        void delegatesToAWovenSubForwardingSendsAndReturningItsValue() {
            Generator<Integer, Integer, Integer> sub = Generator.of(Woven.body(summer()));
            Generator<Integer, Integer, String> g = Generator.of(Woven.body(delegating(sub)));
            assertEquals(0, g.next());
            assertEquals(3, g.send(3));
            assertEquals("got 3", assertThrows(StopIteration.class, () -> g.send(null)).value());
        }

        @Test
        void delegatesToAStackfulSubForwardingThrowInAndClose() {
            List<String> log = new ArrayList<>();
            Generator<String, Object, String> sub = Generator.of(ctx -> {
                try {
                    while (true) {
                        try {
                            ctx.yield("tick");
                        } catch (IllegalArgumentException e) {
                            ctx.yield("caught " + e.getMessage());
                        }
                    }
                } finally {
                    log.add("sub closed");
                }
            });
            Generator<String, Object, String> g = Generator.of(Woven.body(delegating(sub)));
            assertEquals("tick", g.next());
            assertEquals("caught x", g.throwIn(new IllegalArgumentException("x")));
            assertNull(g.close());
            assertEquals(List.of("sub closed"), log);
            assertEquals(GeneratorState.CLOSED, sub.state());
        }

        @Test
        void delegatesToAnIterableAndRefusesASendToIt() {
            Generator<Object, Object, Object> g = Generator.of(Woven.body(delegating(List.of(1, 2))));
            assertEquals(1, g.next());
            assertEquals(2, g.next());
            assertEquals("got null", assertThrows(StopIteration.class, g::next).value());
            Generator<Object, Object, Object> h = Generator.of(Woven.body(delegating(List.of(1, 2))));
            h.next();
            assertInstanceOf(UnsupportedOperationException.class, assertThrows(RuntimeException.class, () -> h.send(5)));
        }

        @Test
        void aStackfulDelegatorRunsAWovenSubThroughItsOwnContext() {
            Generator<Integer, Integer, Integer> sub = Generator.of(Woven.body(summer()));
            // The context goes to a helper, so this delegator stays stackful even when woven.
            Generator<Integer, Integer, String> g = Generator.of(ctx -> "sum " + delegateVia(ctx, sub));
            assertFalse(g.isWoven());
            assertEquals(0, g.next());
            assertEquals(4, g.send(4));
            assertEquals("sum 4", assertThrows(StopIteration.class, () -> g.send(null)).value());
            assertEquals(4, sub.returnValue());
        }

        static <R> R delegateVia(Generator.Context<Integer, Integer> ctx, Generator<Integer, Integer, R> sub) {
            return ctx.yieldFrom(sub);
        }

        @Test
        void aSubThatRaisesRaisesInTheDelegatorAtItsYieldFrom() {
            IllegalStateException boom = new IllegalStateException("boom");
            Generator<Object, Object, Object> sub = Generator.of(ctx -> {
                throw boom;
            });
            Generator<Object, Object, Object> g = Generator.of(Woven.body(f -> {
                if (f.state() == 0) {
                    return f.delegate(1, sub);
                }
                try {
                    return f.resume();
                } catch (IllegalStateException e) {
                    return e == boom ? "caught boom" : "wrong";
                }
            }));
            assertEquals("caught boom", assertThrows(StopIteration.class, g::next).value());
        }
    }
}
