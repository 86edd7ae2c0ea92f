package dev.weft.green;

import static dev.weft.green.Gevent.sleep;
import static dev.weft.green.Gevent.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.aio.Aio;
import dev.weft.aio.TimeoutError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** gevent's Timeout: the lambda form, the default-value form, a given exception, nesting. */
class GreenTimeoutTest extends VirtualHub {

    @Nested
    class Run {
        @Test
        void aBlockThatFinishesInTimeReturnsItsValue() {
            assertEquals("done", Timeout.run(5, () -> {
                sleep(1);
                return "done";
            }));
            assertEquals(1.0, now());
        }

        @Test
        void anExpiredBlockIsCancelledItsFinallyRunsAndTimeoutIsRaisedAtTheDeadline() {
            List<String> trace = new ArrayList<>();
            Timeout t = assertThrows(Timeout.class, () -> Timeout.run(2, () -> {
                try {
                    sleep(10);
                    return "late";
                } finally {
                    trace.add("finally@" + now());
                }
            }));
            assertEquals(List.of("finally@2.0"), trace);
            assertEquals("2 seconds", t.getMessage());
            assertEquals(2.0, t.seconds());
            assertEquals(2.0, now());
        }

        @Test
        void insideAGreenTaskItRaisesInThatTaskOnly() {
            GreenTask<String> g = spawn(() -> {
                try {
                    return Timeout.run(1, () -> {
                        sleep(5);
                        return "late";
                    });
                } catch (Timeout t) {
                    return "timed out @" + now();
                }
            });
            GreenTask<Double> other = spawn(() -> {
                sleep(3);
                return now();
            });
            assertEquals("timed out @1.0", g.get());
            assertEquals(3.0, other.get());
        }

        @Test
        void aGivenExceptionIsRaisedInsteadAsTheSameObject() {
            IOException slow = new IOException("too slow");
            assertSame(slow, assertThrows(IOException.class, () -> Timeout.run(1, slow, () -> {
                sleep(5);
                return null;
            })));
        }

        @Test
        void foreverNeverExpires() {
            assertEquals(7, Timeout.run(Gevent.FOREVER, () -> {
                sleep(1_000_000);
                return 7;
            }));
        }

        @Test
        void catchExceptionInTheBlockDoesNotSwallowTheExpiry() {
            List<String> trace = new ArrayList<>();
            assertThrows(Timeout.class, () -> Timeout.run(1, () -> {
                try {
                    sleep(5);
                } catch (Exception e) {
                    trace.add("swallowed");
                }
                return null;
            }));
            assertEquals(List.of(), trace);
        }
    }

    @Nested
    class WithDefault {
        @Test
        void anExpiredBlockGivesTheDefault() {
            assertNull(Timeout.runOr(1, null, () -> {
                sleep(5);
                return "late";
            }));
            assertEquals(1.0, now());
            assertEquals("fallback", Gevent.withTimeout(1, () -> {
                sleep(5);
                return "late";
            }, "fallback"));
            assertEquals(2.0, now());
        }

        @Test
        void withTimeoutWithoutADefaultRaises() {
            assertThrows(Timeout.class, () -> Gevent.withTimeout(1, () -> {
                sleep(5);
                return "late";
            }));
            assertEquals("quick", Gevent.withTimeout(1, () -> "quick"));
        }
    }

    @Nested
    class Nesting {
        @Test
        void anInnerExpiryIsCaughtByTheInnerScopeAndTheOuterGoesOn() {
            String r = Timeout.run(10, () -> {
                String inner = Timeout.runOr(1, "inner expired", () -> {
                    sleep(5);
                    return "inner done";
                });
                sleep(2);
                return inner + " @" + now();
            });
            assertEquals("inner expired @3.0", r);
        }

        @Test
        void anOuterExpiryPassesThroughTheInnerScope() {
            Timeout outer = assertThrows(Timeout.class, () -> Timeout.run(1, () -> Timeout.runOr(5, "inner default", () -> {
                sleep(10);
                return "late";
            })));
            assertEquals(1.0, outer.seconds());
            assertEquals(1.0, now());
        }

        @Test
        void anInnerAsyncioScopesTimeoutErrorIsNotMistakenForOurs() {
            assertThrows(TimeoutError.class, () -> Timeout.runOr(10, "ours", () -> Aio.timeout(1, scope -> {
                sleep(5);
                return "late";
            })));
            assertEquals(1.0, now());
        }
    }
}
