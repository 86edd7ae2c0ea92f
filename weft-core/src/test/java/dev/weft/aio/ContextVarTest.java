package dev.weft.aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** ContextVar, Token and Context on one thread: PEP 567's rules, without a loop. */
class ContextVarTest {
    static final ContextVar<String> NAME = new ContextVar<>("name");
    static final ContextVar<Integer> LEVEL = new ContextVar<>("level", 0);

    /** Runs {@code r} in a fresh empty context, so that tests share nothing through this thread's. */
    private static void fresh(Runnable r) {
        new Context().run(r);
    }

    @Nested
    class Get {
        @Test
        void withoutValueOrDefaultThrowsLookupErrorThatNamesTheFixes() {
            fresh(() -> {
                NoSuchElementException e = assertThrows(NoSuchElementException.class, NAME::get);
                assertTrue(e.getMessage().startsWith("ContextVar[name]: no value in the current context"), e.getMessage());
                assertTrue(e.getMessage().contains("LookupError"), e.getMessage());
                assertTrue(e.getMessage().contains("get(fallback)"), e.getMessage());
            });
        }

        @Test
        void returnsTheDefaultUntilSetThenTheValue() {
            fresh(() -> {
                assertEquals(0, LEVEL.get());
                LEVEL.set(3);
                assertEquals(3, LEVEL.get());
            });
        }

        @Test
        void fallbackWinsOverTheDefaultOnlyWhenUnset() {
            fresh(() -> {
                assertEquals(9, LEVEL.get(9));
                assertEquals("x", NAME.get("x"));
                NAME.set("set");
                assertEquals("set", NAME.get("x"));
            });
        }

        @Test
        void nullIsAValueAndADefault() {
            ContextVar<String> v = new ContextVar<>("nullable", null);
            fresh(() -> {
                assertTrue(v.hasDefault());
                assertNull(v.get());
                v.set("a");
                v.set(null);
                assertNull(v.get("fallback"));
            });
        }

        @Test
        void twoVariablesWithOneNameAreDifferentVariables() {
            ContextVar<String> other = new ContextVar<>("name");
            fresh(() -> {
                NAME.set("first");
                assertEquals("second", other.get("second"));
            });
        }
    }

    @Nested
    class Reset {
        @Test
        void restoresThePreviousValueOrNone() {
            fresh(() -> {
                Token<String> first = NAME.set("a");
                Token<String> second = NAME.set("b");
                assertEquals("a", second.oldValue());
                assertFalse(first.hadOldValue());
                NAME.reset(second);
                assertEquals("a", NAME.get());
                NAME.reset(first);
                assertFalse(Context.copyContext().contains(NAME));
            });
        }

        @Test
        void closingTheTokenResets() {
            fresh(() -> {
                NAME.set("outer");
                try (Token<String> t = NAME.set("inner")) {
                    assertEquals("inner", NAME.get());
                    assertFalse(t.used());
                }
                assertEquals("outer", NAME.get());
            });
        }

        @Test
        void aSecondUseOfATokenFails() {
            fresh(() -> {
                Token<String> t = NAME.set("a");
                NAME.reset(t);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> NAME.reset(t));
                assertTrue(e.getMessage().contains("has already been used once"), e.getMessage());
            });
        }

        @Test
        void aTokenOfAnotherVariableIsRefused() {
            ContextVar<String> other = new ContextVar<>("other");
            fresh(() -> {
                Token<String> t = NAME.set("a");
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.reset(t));
                assertTrue(e.getMessage().contains("was created by a different ContextVar"), e.getMessage());
                assertFalse(t.used());
            });
        }

        @Test
        void aTokenFromAnotherContextIsRefusedAndLeavesBothContextsAlone() {
            AtomicReference<Token<String>> made = new AtomicReference<>();
            Context a = new Context();
            a.run(() -> made.set(NAME.set("in a")));
            fresh(() -> {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NAME.reset(made.get()));
                assertTrue(e.getMessage().contains("was created in a different Context"), e.getMessage());
            });
            assertEquals("in a", a.get(NAME));
            a.run(() -> NAME.reset(made.get())); // still usable where it belongs
            assertFalse(a.contains(NAME));
        }

        @Test
        void oldValueOfATokenWithoutOneSaysSo() {
            fresh(() -> {
                Token<String> t = NAME.set("a");
                NoSuchElementException e = assertThrows(NoSuchElementException.class, t::oldValue);
                assertTrue(e.getMessage().contains("hadOldValue()"), e.getMessage());
            });
        }
    }

    @Nested
    class Run {
        @Test
        void setsInsideStayInThatContextAndTheCallersComesBack() {
            fresh(() -> {
                NAME.set("caller");
                Context ctx = Context.copyContext();
                String seen = ctx.run(() -> {
                    String before = NAME.get();
                    NAME.set("inside");
                    return before;
                });
                assertEquals("caller", seen);
                assertEquals("caller", NAME.get());
                assertEquals("inside", ctx.get(NAME));
            });
        }

        @Test
        void anExceptionPassesThroughUnchangedAndTheCallersContextComesBack() {
            IllegalStateException boom = new IllegalStateException("boom");
            fresh(() -> {
                NAME.set("caller");
                Context ctx = new Context();
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> ctx.run(() -> {
                    NAME.set("inside");
                    throw boom;
                }));
                assertSame(boom, e);
                assertEquals("caller", NAME.get());
                ctx.run(() -> assertEquals("inside", NAME.get())); // and ctx can be entered again
            });
        }

        @Test
        void enteringAContextThatIsAlreadyEnteredFails() {
            Context ctx = new Context();
            ctx.run(() -> {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> ctx.run(() -> { }));
                assertTrue(e.getMessage().startsWith("cannot enter context: Context[; entered] is already entered"),
                        e.getMessage());
                assertTrue(e.getMessage().contains("copy()"), e.getMessage());
            });
        }

        @Test
        void aCopyIsASnapshotThatLaterSetsDoNotReach() {
            fresh(() -> {
                NAME.set("before");
                Context copy = Context.copyContext();
                NAME.set("after");
                assertEquals("before", copy.get(NAME));
                Context copyOfCopy = copy.copy();
                copy.run(() -> NAME.set("copy"));
                assertEquals("before", copyOfCopy.get(NAME));
            });
        }

        @Test
        void aNewThreadStartsWithAnEmptyContext() throws InterruptedException {
            fresh(() -> {
                NAME.set("parent");
                AtomicReference<String> seen = new AtomicReference<>();
                Thread t = Thread.ofPlatform().start(() -> seen.set(NAME.get("empty")));
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                assertEquals("empty", seen.get());
            });
        }
    }

    @Test
    void aContextShowsItsVariablesInTheOrderFirstSet() {
        Context ctx = new Context();
        ctx.run(() -> {
            LEVEL.set(1);
            NAME.set("n");
            LEVEL.set(2);
        });
        assertEquals(2, ctx.size());
        assertEquals(List.of(LEVEL, NAME), List.copyOf(ctx.toMap().keySet()));
        assertEquals(Map.of(LEVEL, 2, NAME, "n"), ctx.toMap());
        assertEquals("Context[level=2, name=n]", ctx.toString());
        assertEquals("ContextVar[level, default=0]", LEVEL.toString());
    }

    @Test
    void removingTheOnlyOrAMiddleVariableKeepsTheOthers() {
        ContextVar<String> c = new ContextVar<>("c");
        Context ctx = new Context();
        ctx.run(() -> {
            Token<Integer> a = LEVEL.set(1);
            Token<String> b = NAME.set("b");
            c.set("c");
            NAME.reset(b);
            assertEquals(List.of(LEVEL, c), List.copyOf(Context.copyContext().toMap().keySet()));
            LEVEL.reset(a);
        });
        assertEquals(Map.of(c, "c"), ctx.toMap());
    }
}
