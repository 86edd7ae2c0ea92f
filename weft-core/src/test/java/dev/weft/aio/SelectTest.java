package dev.weft.aio;

import static dev.weft.aio.VirtualLoops.run;
import static dev.weft.aio.VirtualLoops.yieldOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SelectTest {

    @Nested
    class Choosing {
        @Test
        void takesTheReadyClauseAndLeavesTheOthersUntouched() {
            run(loop -> {
                Channel<String> a = new Channel<>(1);
                Channel<String> b = new Channel<>(1);
                b.send("from b");
                String got = Select.<String>select(s -> s
                        .onReceive(a, v -> "a " + v)
                        .onReceive(b, v -> "b " + v));
                assertEquals("b from b", got);
                a.send("still here");
                assertEquals("still here", a.receive());
                return null;
            });
        }

        @Test
        void waitsForTheFirstPeerAndTakesExactlyOneClause() {
            run(loop -> {
                Channel<Integer> a = new Channel<>(Channel.RENDEZVOUS);
                Channel<Integer> b = new Channel<>(Channel.RENDEZVOUS);
                Task<String> selecting = loop.createTask(() -> Select.<String>select(s -> s
                        .onReceive(a, v -> "a" + v)
                        .onReceive(b, v -> "b" + v)));
                yieldOnce();
                assertTrue(b.trySend(2), "the select waits on b");
                assertFalse(a.trySend(1), "served already: it no longer waits on a");
                assertEquals("b2", selecting.await());
                assertEquals("Channel[capacity=RENDEZVOUS, size=0]", a.toString(), "its arm on a was withdrawn");
                return null;
            });
        }

        @Test
        void noReadyClauseIsStarved() {
            run(loop -> {
                Channel<Integer> a = new Channel<>(Channel.UNLIMITED);
                Channel<Integer> b = new Channel<>(Channel.UNLIMITED);
                for (int i = 0; i < 100; i++) {
                    a.send(i);
                    b.send(i);
                }
                int[] counts = new int[2];
                for (int i = 0; i < 100; i++) {
                    int which = Select.<Integer>select(s -> s.onReceive(a, v -> 0).onReceive(b, v -> 1));
                    counts[which]++;
                }
                assertEquals(50, counts[0], "both always ready: the first clause tried rotates");
                assertEquals(50, counts[1]);
                return null;
            });
        }

        @Test
        void aSelectSendMeetsASelectReceiveOnARendezvousChannel() {
            run(loop -> {
                Channel<String> ch = new Channel<>(Channel.RENDEZVOUS);
                Channel<String> other = new Channel<>(Channel.RENDEZVOUS);
                Task<String> sender = loop.createTask(() -> Select.<String>select(s -> s
                        .onSend(ch, "hello", () -> "sent")
                        .onSend(other, "unused", () -> "sent to other")));
                yieldOnce();
                String got = Select.<String>select(s -> s
                        .onReceive(ch, v -> "got " + v)
                        .onTimeout(1.0, () -> "nothing"));
                assertEquals("got hello", got);
                assertEquals("sent", sender.await());
                assertInstanceOf(ChannelResult.Empty.class, other.tryReceive(), "the other send did not happen");
                return null;
            });
        }
    }

    @Nested
    class Timeouts {
        @Test
        void timesOutAtTheExactLoopTime() {
            run(loop -> {
                Channel<String> ch = new Channel<>(1);
                String got = Select.<String>select(s -> s.onReceive(ch, v -> v).onTimeout(2.5, () -> "timeout"));
                assertEquals("timeout", got);
                assertEquals(2.5, loop.time());
                ch.send("x");
                assertEquals("x", ch.receive(), "the timed-out receive took nothing");
                return null;
            });
        }

        @Test
        void aZeroTimeoutIsChosenOnlyWhenNothingElseIsReady() {
            run(loop -> {
                Channel<String> ch = new Channel<>(1);
                assertEquals("none", Select.<String>select(s -> s.onTimeout(0, () -> "none").onReceive(ch, v -> v)));
                ch.send("x");
                for (int i = 0; i < 3; i++) { // whatever the rotation
                    ch.trySend("x");
                    assertEquals("x", Select.<String>select(s -> s.onTimeout(0, () -> "none").onReceive(ch, v -> v)));
                }
                return null;
            });
        }
    }

    @Nested
    class Futures {
        @Test
        void aFutureClauseTakesTheFutureResult() {
            run(loop -> {
                Future<String> f = loop.createFuture();
                Channel<String> ch = new Channel<>(1);
                loop.callLater(1.0, () -> f.setResult("done"));
                assertEquals("future done", Select.<String>select(s -> s
                        .onReceive(ch, v -> "channel " + v)
                        .onFuture(f, v -> "future " + v)));
                assertEquals(1.0, loop.time());
                return null;
            });
        }

        @Test
        void aFailedFutureClauseThrowsItsException() {
            run(loop -> {
                Future<String> f = loop.createFuture();
                IllegalStateException boom = new IllegalStateException("boom");
                f.setException(boom);
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> Select.<String>select(s -> s.onFuture(f, v -> v)));
                assertEquals(boom, e);
                return null;
            });
        }
    }

    @Nested
    class Cancellation {
        @Test
        void aCancelledSelectTakesNoClause() {
            run(loop -> {
                List<String> dropped = new ArrayList<>();
                Channel<String> in = new Channel<>(Channel.RENDEZVOUS);
                Channel<String> out = new Channel<>(Channel.RENDEZVOUS, dropped::add);
                Task<String> t = loop.createTask(() -> Select.<String>select(s -> s
                        .onReceive(in, v -> v)
                        .onSend(out, "offered", () -> "sent")));
                yieldOnce();
                t.cancel();
                assertFalse(in.trySend("x"), "cancelled: the select no longer receives");
                assertInstanceOf(ChannelResult.Empty.class, out.tryReceive(), "nor sends");
                assertThrows(CancelledError.class, t::await);
                assertEquals(List.of(), dropped, "a select's offer that was not sent stays the caller's");
                return null;
            });
        }

        @Test
        void aSelectServedBeforeItsCancelKeepsTheClauseAndSeesTheCancelNext() {
            run(loop -> {
                Channel<String> in = new Channel<>(Channel.RENDEZVOUS);
                List<String> log = new ArrayList<>();
                Task<Void> t = loop.createTask(() -> {
                    log.add(Select.<String>select(s -> s.onReceive(in, v -> v).onTimeout(10, () -> "timeout")));
                    Aio.sleep(0);
                    log.add("not reached");
                    return null;
                });
                yieldOnce();
                assertTrue(in.trySend("x"));
                t.cancel();
                assertThrows(CancelledError.class, t::await);
                assertEquals(List.of("x"), log);
                return null;
            });
        }

        @Test
        void aTimeoutScopeAroundASelectServedInTheSameStepStillReturnsTheValue() {
            run(loop -> {
                Channel<String> in = new Channel<>(Channel.RENDEZVOUS);
                loop.callLater(1.0, () -> in.trySend("just in time"));
                // the scope expires in the same loop step that serves the select: the value wins
                String got = Aio.timeout(1.0, scope -> Select.<String>select(s -> s.onReceive(in, v -> v)));
                assertEquals("just in time", got);
                Aio.sleep(1);
                assertEquals(2.0, loop.time(), "no stray cancel was left behind");
                return null;
            });
        }
    }

    @Nested
    class Closed {
        @Test
        void onReceiveCatchingSeesTheEndAndOnReceiveThrows() {
            run(loop -> {
                Channel<String> ch = new Channel<>(1);
                ch.close();
                assertEquals("end", Select.<String>select(s -> s.onReceiveCatching(ch, r -> r.isClosed() ? "end" : "value")));
                assertThrows(ClosedReceiveChannelException.class, () -> Select.<String>select(s -> s.onReceive(ch, v -> v)));
                assertThrows(ClosedSendChannelException.class, () -> Select.<String>select(s -> s.onSend(ch, "x", () -> "sent")));
                return null;
            });
        }

        @Test
        void aWaitingOnSendFailsWhenTheChannelIsCancelledAndKeepsItsElement() {
            run(loop -> {
                List<String> dropped = new ArrayList<>();
                Channel<String> ch = new Channel<>(Channel.RENDEZVOUS, dropped::add);
                Task<String> t = loop.createTask(() -> Select.<String>select(s -> s.onSend(ch, "x", () -> "sent")));
                yieldOnce();
                ch.cancel();
                assertThrows(ClosedSendChannelException.class, t::await);
                assertEquals(List.of(), dropped, "an onSend that was not sent leaves the element with its caller");
                return null;
            });
        }
    }

    @Nested
    class Misuse {
        @Test
        void aSelectWithoutClausesIsRefused() {
            run(loop -> {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Select.select(s -> { }));
                assertTrue(e.getMessage().contains("onReceive"), e.getMessage());
                return null;
            });
        }
    }
}
