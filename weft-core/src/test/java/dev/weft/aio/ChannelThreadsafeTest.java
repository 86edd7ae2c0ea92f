package dev.weft.aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code ...Threadsafe} methods: plain threads and tasks of other loops using a loop's channel. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelThreadsafeTest {

    /** Waits on the loop, without sleeping, until {@code ch} shows {@code what} in its state. */
    private static void awaitState(Channel<?> ch, String what) {
        while (!ch.toString().contains(what)) {
            Aio.sleep(0);
        }
    }

    private static void join(Thread t) {
        EventLoop.current().toThread(() -> {
            t.join();
            return null;
        }).await();
    }

    @Test
    void plainThreadsFanInAndEachKeepsItsOrder() {
        EventLoop.run(() -> {
            Channel<String> ch = new Channel<>(4);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                String name = "t" + t;
                threads.add(Thread.ofPlatform().name("chan-test-" + t).start(() -> {
                    for (int i = 0; i < 50; i++) {
                        try {
                            ch.sendThreadsafe(name + ":" + i);
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                    }
                }));
            }
            Map<String, Integer> nextOf = new java.util.HashMap<>();
            for (int n = 0; n < 150; n++) {
                String[] parts = ch.receive().split(":");
                int expected = nextOf.getOrDefault(parts[0], 0);
                assertEquals(expected, Integer.parseInt(parts[1]), "per-sender order");
                nextOf.put(parts[0], expected + 1);
            }
            for (Thread t : threads) {
                join(t);
            }
            assertEquals(Map.of("t0", 50, "t1", 50, "t2", 50), nextOf);
            return null;
        });
    }

    @Test
    void aTaskOfAnotherLoopSendsAndReceivesBySuspending() {
        EventLoop.run(() -> {
            Channel<String> ch = new Channel<>(Channel.RENDEZVOUS);
            AtomicReference<String> reply = new AtomicReference<>();
            Thread other = Thread.ofPlatform().name("chan-test-loop").start(() -> EventLoop.run(() -> {
                Task<String> answer = EventLoop.current().createTask(ch::receiveThreadsafe); // both wait at once
                ch.sendThreadsafe("ping");
                reply.set(answer.await());
                return null;
            }));
            assertEquals("ping", ch.receive());
            ch.send("pong");
            join(other);
            assertEquals("pong", reply.get());
            return null;
        });
    }

    @Test
    void anInterruptedBlockedSenderSentNothingAndTheHookHasItsElement() {
        List<String> dropped = Collections.synchronizedList(new ArrayList<>());
        EventLoop.run(() -> {
            Channel<String> ch = new Channel<>(Channel.RENDEZVOUS, dropped::add);
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread t = Thread.ofPlatform().name("chan-test-sender").start(() -> {
                try {
                    ch.sendThreadsafe("x");
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            awaitState(ch, "senders=1");
            t.interrupt();
            join(t);
            assertInstanceOf(InterruptedException.class, outcome.get());
            assertEquals(List.of("x"), dropped);
            assertFalse(ch.trySend("y"), "no receiver, and no sender left behind");
            return null;
        });
    }

    @Test
    void anInterruptAfterTheElementWasTakenReturnsNormallyWithTheFlagSet() {
        EventLoop.run(() -> {
            Channel<String> ch = new Channel<>(Channel.RENDEZVOUS);
            AtomicReference<String> outcome = new AtomicReference<>();
            Thread t = Thread.ofPlatform().name("chan-test-sender").start(() -> {
                try {
                    ch.sendThreadsafe("x");
                    outcome.set("returned, interrupted=" + Thread.currentThread().isInterrupted());
                } catch (InterruptedException e) {
                    outcome.set("threw");
                }
            });
            awaitState(ch, "senders=1");
            assertEquals("x", ch.tryReceive().getOrNull()); // taken in this step...
            t.interrupt();                                   // ...before the thread hears of it
            join(t);
            assertEquals("returned, interrupted=true", outcome.get());
            return null;
        });
    }

    @Test
    void tryOperationsAndCloseFromAnotherThread() {
        EventLoop.run(() -> {
            Channel<Integer> ch = new Channel<>(1);
            List<Object> seen = new ArrayList<>();
            join(Thread.ofPlatform().start(() -> {
                seen.add(ch.trySendThreadsafe(1));
                seen.add(ch.trySendThreadsafe(2));
                seen.add(ch.tryReceiveThreadsafe());
                seen.add(ch.closeThreadsafe());
                seen.add(ch.tryReceiveThreadsafe());
            }));
            assertEquals(List.of(true, false, new ChannelResult.Value<>(1), true, new ChannelResult.Closed<>(null)), seen);
            return null;
        });
    }

    @Test
    void aChannelWithoutALoopSaysHowToGiveItOne() throws Exception {
        Channel<String> ch = new Channel<>(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ch.trySendThreadsafe("x"));
        assertTrue(e.getMessage().contains("new Channel<>(loop, capacity"), e.getMessage());
    }

    @Test
    void theLoopThreadMethodsFromAnotherThreadNameTheThreadsafeOnes() {
        EventLoop.run(() -> {
            Channel<String> ch = new Channel<>(1);
            AtomicReference<Throwable> err = new AtomicReference<>();
            join(Thread.ofPlatform().start(() -> {
                try {
                    ch.trySend("x");
                } catch (Throwable e) {
                    err.set(e);
                }
            }));
            assertTrue(err.get().getMessage().contains("sendThreadsafe"), err.get().getMessage());
            return null;
        });
    }

    /**
     * Bounded: threads send while a seeded chooser interrupts some of them; every element a thread
     * was told is sent is received once, every one whose send threw is dropped once.
     */
    @Test
    @Tag("stress")
    void interruptedSendersAcrossThreadsLoseAndDuplicateNothing() {
        int rounds = 3 * Integer.getInteger("weft.stress", 1);
        for (int seed = 0; seed < rounds; seed++) {
            java.util.Random rnd = new java.util.Random(seed);
            Map<Integer, String> fate = new ConcurrentHashMap<>();
            Map<Integer, Integer> dropped = new ConcurrentHashMap<>();
            Map<Integer, Integer> received = new java.util.HashMap<>();
            int capacity = List.of(Channel.RENDEZVOUS, 2, Channel.UNLIMITED).get(seed % 3);
            EventLoop.run(() -> {
                Channel<Integer> ch = new Channel<>(capacity, e -> dropped.merge(e, 1, Integer::sum));
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    int base = t * 1000;
                    threads.add(Thread.ofPlatform().name("chan-stress-" + t).start(() -> {
                        for (int i = 0; i < 200; i++) {
                            int id = base + i;
                            try {
                                ch.sendThreadsafe(id);
                                fate.put(id, "sent");
                            } catch (InterruptedException e) {
                                fate.put(id, "threw");
                            }
                        }
                    }));
                }
                Task<Void> consumer = EventLoop.current().createTask(() -> {
                    for (int id : ch) {
                        received.merge(id, 1, Integer::sum);
                        if (rnd.nextInt(10) == 0) {
                            threads.get(rnd.nextInt(threads.size())).interrupt();
                        }
                        if (rnd.nextInt(3) == 0) {
                            Aio.sleep(0);
                        }
                    }
                    return null;
                });
                for (Thread t : threads) {
                    join(t);
                }
                ch.close();
                consumer.await();
                return null;
            });
            assertEquals(600, fate.size());
            for (Map.Entry<Integer, String> e : fate.entrySet()) {
                int got = received.getOrDefault(e.getKey(), 0);
                int drop = dropped.getOrDefault(e.getKey(), 0);
                String where = "seed " + seed + ", element " + e.getKey() + " " + e.getValue() + ": received " + got
                        + ", dropped " + drop;
                assertTrue(e.getValue().equals("sent") ? got == 1 && drop == 0 : got == 0 && drop == 1, where);
            }
        }
    }
}
