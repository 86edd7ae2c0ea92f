package dev.weft.aio;

import static dev.weft.aio.VirtualLoops.run;
import static dev.weft.aio.VirtualLoops.yieldOnce;
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

class ChannelTest {

    @Nested
    class Capacities {
        @Test
        void rendezvousSendWaitsUntilAReceiverTakesTheElement() {
            run(loop -> {
                Channel<String> ch = new Channel<>(Channel.RENDEZVOUS);
                List<String> log = new ArrayList<>();
                Task<Void> sender = loop.createTask(() -> {
                    log.add("send a");
                    ch.send("a");
                    log.add("sent a");
                    return null;
                });
                Aio.sleep(5);
                assertEquals(List.of("send a"), log, "nobody received yet: the sender still waits");
                assertFalse(sender.done());
                assertEquals("a", ch.receive());
                sender.await();
                assertEquals(List.of("send a", "sent a"), log);
                assertEquals(5.0, loop.time());
                return null;
            });
        }

        @Test
        void bufferedSendWaitsOnlyWhenFull() {
            run(loop -> {
                Channel<Integer> ch = new Channel<>(2);
                ch.send(1);
                ch.send(2);
                assertEquals(2, ch.size());
                Task<Void> third = loop.createTask(() -> {
                    ch.send(3);
                    return null;
                });
                yieldOnce();
                assertFalse(third.done(), "the buffer is full");
                assertEquals(1, ch.receive());
                assertEquals(2, ch.size(), "the freed slot was refilled from the waiting sender at once");
                third.await();
                assertEquals(List.of(2, 3), List.of(ch.receive(), ch.receive()));
                return null;
            });
        }

        @Test
        void conflatedKeepsTheLatestAndDropsTheReplacedThroughTheHook() {
            run(loop -> {
                List<String> dropped = new ArrayList<>();
                Channel<String> ch = new Channel<>(Channel.CONFLATED, dropped::add);
                ch.send("a");
                ch.send("b");
                assertTrue(ch.trySend("c"));
                assertEquals("c", ch.receive());
                assertEquals(List.of("a", "b"), dropped);
                assertInstanceOf(ChannelResult.Empty.class, ch.tryReceive());
                return null;
            });
        }

        @Test
        void unlimitedNeverWaits() {
            run(loop -> {
                Channel<Integer> ch = new Channel<>(Channel.UNLIMITED);
                for (int i = 0; i < 1000; i++) {
                    ch.send(i);
                }
                assertEquals(1000, ch.size());
                assertEquals(0.0, loop.time());
                return null;
            });
        }

        @Test
        void aNegativeCapacityNamesTheValidOnes() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Channel<>(-5));
            assertTrue(e.getMessage().contains("RENDEZVOUS") && e.getMessage().contains("CONFLATED"), e.getMessage());
        }
    }

    @Nested
    class Nowait {
        @Test
        void trySendAndTryReceiveNeverWait() {
            run(loop -> {
                Channel<String> rendezvous = new Channel<>(Channel.RENDEZVOUS);
                assertFalse(rendezvous.trySend("x"), "no receiver waits");
                assertInstanceOf(ChannelResult.Empty.class, rendezvous.tryReceive());
                Task<String> receiver = loop.createTask(rendezvous::receive);
                yieldOnce();
                assertTrue(rendezvous.trySend("x"), "a receiver waits: handed over");
                assertEquals("x", receiver.await());
                Channel<String> one = new Channel<>(1);
                assertTrue(one.trySend("a"));
                assertFalse(one.trySend("b"));
                assertEquals(new ChannelResult.Value<>("a"), one.tryReceive());
                return null;
            });
        }

        @Test
        void trySendOnAClosedChannelThrowsAndLeavesTheElementWithTheCaller() {
            run(loop -> {
                List<String> dropped = new ArrayList<>();
                Channel<String> ch = new Channel<>(1, dropped::add);
                ch.close();
                assertThrows(ClosedSendChannelException.class, () -> ch.trySend("x"));
                assertEquals(List.of(), dropped);
                assertInstanceOf(ChannelResult.Closed.class, ch.tryReceive());
                return null;
            });
        }

        @Test
        void nullElementsAreRefusedWithTheAlternative() {
            run(loop -> {
                Channel<String> ch = new Channel<>(1);
                NullPointerException e = assertThrows(NullPointerException.class, () -> ch.send(null));
                assertTrue(e.getMessage().contains("close()"), e.getMessage());
                assertThrows(NullPointerException.class, () -> ch.trySend(null));
                return null;
            });
        }
    }

    @Nested
    class Closing {
        @Test
        void closeLetsReceiversDrainThenEnds() {
            run(loop -> {
                Channel<Integer> ch = new Channel<>(3);
                ch.send(1);
                ch.send(2);
                assertTrue(ch.close());
                assertFalse(ch.close(), "second close is a no-op");
                assertTrue(ch.isClosedForSend());
                assertFalse(ch.isClosedForReceive());
                assertEquals(1, ch.receive());
                assertEquals(new ChannelResult.Value<>(2), ch.receiveCatching());
                assertTrue(ch.isClosedForReceive());
                assertEquals(new ChannelResult.Closed<>(null), ch.receiveCatching());
                ClosedReceiveChannelException end = assertThrows(ClosedReceiveChannelException.class, ch::receive);
                assertTrue(end.getMessage().contains("receiveCatching"), end.getMessage());
                return null;
            });
        }

        @Test
        void sendersWaitingAtCloseStillDeliver() {
            run(loop -> {
                Channel<String> ch = new Channel<>(Channel.RENDEZVOUS);
                Task<Void> s = loop.createTask(() -> {
                    ch.send("late");
                    return null;
                });
                yieldOnce();
                ch.close();
                assertEquals("late", ch.receive());
                s.await();
                assertInstanceOf(ChannelResult.Closed.class, ch.receiveCatching());
                return null;
            });
        }

        @Test
        void waitingReceiversSeeTheEndWithTheCause() {
            run(loop -> {
                Channel<String> ch = new Channel<>(1);
                Task<ChannelResult<String>> r = loop.createTask(ch::receiveCatching);
                yieldOnce();
                IllegalStateException why = new IllegalStateException("producer failed");
                ch.close(why);
                assertEquals(new ChannelResult.Closed<>(why), r.await());
                ClosedSendChannelException e = assertThrows(ClosedSendChannelException.class, () -> ch.send("x"));
                assertSame(why, e.getCause());
                return null;
            });
        }

        @Test
        void sendToAClosedChannelPassesTheElementToTheHook() {
            run(loop -> {
                List<String> dropped = new ArrayList<>();
                Channel<String> ch = new Channel<>(1, dropped::add);
                ch.close();
                ClosedSendChannelException e = assertThrows(ClosedSendChannelException.class, () -> ch.send("x"));
                assertTrue(e.getMessage().contains("closed channel"), e.getMessage());
                assertEquals(List.of("x"), dropped);
                return null;
            });
        }

        @Test
        void cancelDropsBufferedAndWaitingElementsThroughTheHookOnce() {
            run(loop -> {
                List<String> dropped = new ArrayList<>();
                Channel<String> ch = new Channel<>(1, dropped::add);
                ch.send("buffered");
                Task<Void> waiting = loop.createTask(() -> {
                    ch.send("waiting");
                    return null;
                });
                yieldOnce();
                assertTrue(ch.cancel());
                assertFalse(ch.cancel());
                assertEquals(List.of("buffered"), dropped);
                ClosedSendChannelException e = assertThrows(ClosedSendChannelException.class, waiting::await);
                assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
                assertEquals(List.of("buffered", "waiting"), dropped, "the failed send dropped its own element");
                assertTrue(ch.isClosedForReceive());
                assertThrows(ClosedReceiveChannelException.class, ch::receive);
                return null;
            });
        }

        @Test
        void aFailingHookStillDropsEveryElement() {
            run(loop -> {
                List<Integer> dropped = new ArrayList<>();
                Channel<Integer> ch = new Channel<>(3, i -> {
                    dropped.add(i);
                    throw new IllegalStateException("hook " + i);
                });
                ch.send(1);
                ch.send(2);
                IllegalStateException e = assertThrows(IllegalStateException.class, ch::cancel);
                assertEquals("hook 1", e.getMessage());
                assertEquals("hook 2", e.getSuppressed()[0].getMessage());
                assertEquals(List.of(1, 2), dropped);
                return null;
            });
        }
    }

    @Nested
    class Iteration {
        @Test
        void forEachReceivesUntilClosedAndDrained() {
            run(loop -> {
                Channel<Integer> ch = new Channel<>(Channel.RENDEZVOUS);
                loop.createTask(() -> {
                    for (int i = 0; i < 4; i++) {
                        ch.send(i);
                        Aio.sleep(1);
                    }
                    ch.close();
                    return null;
                });
                List<Integer> got = new ArrayList<>();
                for (int i : ch) {
                    got.add(i);
                }
                assertEquals(List.of(0, 1, 2, 3), got);
                assertEquals(4.0, loop.time());
                return null;
            });
        }
    }

    @Nested
    class FanOutFanIn {
        @Test
        void severalReceiversShareTheElementsEachReceivedOnce() {
            run(loop -> {
                Channel<Integer> ch = new Channel<>(Channel.RENDEZVOUS);
                List<List<Integer>> got = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                List<Task<Void>> workers = new ArrayList<>();
                for (List<Integer> mine : got) {
                    workers.add(loop.createTask(() -> {
                        for (int job : ch) {
                            mine.add(job);
                        }
                        return null;
                    }));
                }
                yieldOnce();
                for (int i = 0; i < 6; i++) {
                    ch.send(i);
                }
                ch.close();
                Aio.gather(workers).await();
                // the three waiting workers are served in the order they arrived, then whoever waits again
                assertEquals(List.of(List.of(0, 3, 4), List.of(1, 5), List.of(2)), got);
                return null;
            });
        }

        @Test
        void severalSendersAreServedInArrivalOrder() {
            run(loop -> {
                Channel<String> ch = new Channel<>(1);
                ch.send("first");
                for (String s : List.of("a", "b", "c")) {
                    loop.createTask(() -> {
                        ch.send(s);
                        return null;
                    });
                }
                yieldOnce();
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    got.add(ch.receive());
                }
                assertEquals(List.of("first", "a", "b", "c"), got);
                return null;
            });
        }
    }

    @Nested
    class Cancellation {
        @Test
        void aSenderCancelledWhileWaitingSentNothingAndTheHookHasTheElement() {
            run(loop -> {
                List<String> dropped = new ArrayList<>();
                Channel<String> ch = new Channel<>(Channel.RENDEZVOUS, dropped::add);
                Task<Void> s = loop.createTask(() -> {
                    ch.send("x");
                    return null;
                });
                yieldOnce();
                s.cancel();
                assertThrows(CancelledError.class, s::await);
                assertEquals(List.of("x"), dropped);
                assertFalse(ch.trySend("y"), "no receiver; the cancelled sender's element is gone from the channel");
                assertEquals("Channel[capacity=RENDEZVOUS, size=0]", ch.toString());
                return null;
            });
        }

        @Test
        void aReceiverCancelledAfterBeingServedKeepsTheElementAndSeesTheCancelNext() {
            run(loop -> {
                Channel<String> ch = new Channel<>(Channel.RENDEZVOUS);
                List<String> log = new ArrayList<>();
                Task<Void> r = loop.createTask(() -> {
                    String got = ch.receive();
                    log.add("received " + got);
                    Aio.sleep(1); // the cancel is delivered here
                    log.add("not reached");
                    return null;
                });
                yieldOnce();
                assertTrue(ch.trySend("x"));  // r is served in this step...
                r.cancel();                    // ...and cancelled before it runs
                assertThrows(CancelledError.class, r::await);
                assertEquals(List.of("received x"), log);
                return null;
            });
        }

        @Test
        void aSenderCancelledAfterItsElementWasTakenReturnsNormally() {
            run(loop -> {
                List<String> dropped = new ArrayList<>();
                Channel<String> ch = new Channel<>(Channel.RENDEZVOUS, dropped::add);
                List<String> log = new ArrayList<>();
                Task<Void> s = loop.createTask(() -> {
                    ch.send("x");
                    log.add("sent");
                    return null;
                });
                yieldOnce();
                assertEquals(new ChannelResult.Value<>("x"), ch.tryReceive());
                s.cancel();
                assertThrows(CancelledError.class, s::await); // returned from send, cancelled on the way out
                assertEquals(List.of("sent"), log);
                assertEquals(List.of(), dropped, "delivered, so not dropped");
                return null;
            });
        }

        @Test
        void aReceiverCancelledWhileWaitingTakesNothing() {
            run(loop -> {
                Channel<String> ch = new Channel<>(Channel.RENDEZVOUS);
                Task<String> first = loop.createTask(ch::receive);
                Task<String> second = loop.createTask(ch::receive);
                yieldOnce();
                first.cancel();
                yieldOnce();
                ch.send("x");
                assertEquals("x", second.await());
                assertTrue(first.cancelled());
                return null;
            });
        }

        @Test
        void aTimeoutAroundReceiveLeavesTheChannelUntouched() {
            run(loop -> {
                Channel<String> ch = new Channel<>(1);
                assertThrows(TimeoutError.class, () -> Aio.waitFor(loop.createTask(ch::receive), 2.0));
                assertEquals(2.0, loop.time());
                ch.send("kept");
                assertEquals("kept", ch.receive());
                return null;
            });
        }
    }

    @Nested
    class Misuse {
        @Test
        void aChannelOfOneLoopRefusesATaskOfAnother() {
            Channel<String> ch = EventLoop.runVirtual(() -> {
                Channel<String> c = new Channel<>(1);
                c.send("x");
                return c;
            });
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EventLoop.runVirtual(ch::receive));
            assertTrue(e.getMessage().contains("different event loop"), e.getMessage());
        }

        @Test
        void receiveOutsideATaskSaysWhereToCallIt() {
            Channel<String> ch = new Channel<>(1);
            IllegalStateException e = assertThrows(IllegalStateException.class, ch::receive);
            assertTrue(e.getMessage().contains("inside a task"), e.getMessage());
        }

        @Test
        void toStringShowsTheState() {
            run(loop -> {
                Channel<Integer> ch = new Channel<>(1);
                ch.send(1);
                loop.createTask(() -> {
                    ch.send(2);
                    return null;
                });
                yieldOnce();
                assertEquals("Channel[capacity=1, size=1, senders=1]", ch.toString());
                ch.close();
                assertEquals("Channel[capacity=1, size=1, senders=1, closed]", ch.toString());
                ch.receive();
                ch.receive();
                assertEquals("Channel[capacity=1, size=0, drained]", ch.toString());
                assertNull(ch.tryReceive().getOrNull());
                return null;
            });
        }
    }
}
