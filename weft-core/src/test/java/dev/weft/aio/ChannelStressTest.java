package dev.weft.aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * No element is lost or delivered twice however senders and receivers are cancelled: seeded random
 * schedules on the virtual clock run producers (plain sends under a timeout scope, and selects
 * offering to two channels with a timeout clause) and consumers (receive and receiveCatching under
 * a timeout scope, tryReceive, selects over both channels with a timeout clause) while a chaos task cancels random tasks at random moments, also in the
 * very step that served them. At the end every element's fate is checked against what its sender
 * was told: sent means received or dropped through the hook exactly once; a plain send that threw
 * means dropped once and never received; a select that did not send it means neither. A failure
 * names the seed and capacity that replay it; {@code -Dweft.stress=N} runs N times more seeds.
 */
@Tag("stress")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChannelStressTest {
    private static final int SEEDS = 12 * Integer.getInteger("weft.stress", 1);

    private enum Fate { SENT, NOT_SENT, SEND_THREW }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {Channel.RENDEZVOUS, 1, 3, Channel.CONFLATED, Channel.UNLIMITED})
    void noElementIsLostOrDeliveredTwice(int capacity) {
        for (int seed = 0; seed < SEEDS; seed++) {
            new Run(capacity, seed).check();
        }
    }

    private static final class Run {
        final int capacity;
        final int seed;
        final Random rnd;
        final Map<Integer, Fate> fates = new HashMap<>();
        final Map<Integer, Integer> received = new HashMap<>();
        final Map<Integer, Integer> dropped = new HashMap<>();
        final List<Task<Void>> live = new ArrayList<>();
        final List<Task<Void>> all = new ArrayList<>();
        final List<Task<Void>> producers = new ArrayList<>();

        Channel<Integer> a;
        Channel<Integer> b;
        int nextId;
        int cancels;

        Run(int capacity, int seed) {
            this.capacity = capacity;
            this.seed = seed;
            this.rnd = new Random(seed * 31L + capacity);
        }

        void check() {
            boolean cancelAtEnd = rnd.nextInt(3) == 0;
            EventLoop.runVirtual(() -> {
                EventLoop loop = EventLoop.current();
                a = new Channel<>(capacity, e -> dropped.merge(e, 1, Integer::sum));
                b = new Channel<>(capacity, e -> dropped.merge(e, 1, Integer::sum));
                for (int p = 0; p < 4; p++) {
                    start(loop, true);
                }
                for (int c = 0; c < 3; c++) {
                    start(loop, false);
                }
                Task<Void> chaos = loop.createTask(this::chaos);
                for (int i = 0; i < producers.size(); i++) { // replacements are appended
                    Aio.wait(List.of(producers.get(i))); // cancelled or done; never rethrows
                }
                chaos.cancel();
                Aio.wait(List.of(chaos));
                if (cancelAtEnd) {
                    a.cancel();
                    b.cancel();
                } else {
                    a.close();
                    b.close();
                }
                // consumers cancelled by the chaos are gone: drain with fresh ones, uncancelled
                List<Task<Void>> drainers = List.of(loop.createTask(this::consumer), loop.createTask(this::consumer));
                Aio.gather(drainers).await();
                for (Task<Void> t : List.copyOf(live)) {
                    Aio.wait(List.of(t));
                }
                for (Task<Void> t : all) {
                    assertTrue(t.cancelled() || t.exception() == null, () -> "seed " + seed + ": " + t + " failed: " + t.exception());
                }
                return null;
            });
            for (Map.Entry<Integer, Fate> e : fates.entrySet()) {
                int id = e.getKey();
                int got = received.getOrDefault(id, 0);
                int drop = dropped.getOrDefault(id, 0);
                String where = "seed " + seed + ", capacity " + capacity + ", element " + id + " (" + e.getValue()
                        + "): received " + got + ", dropped " + drop;
                switch (e.getValue()) {
                    case SENT -> assertEquals(1, got + drop, where);
                    case SEND_THREW -> assertTrue(got == 0 && drop == 1, where);
                    case NOT_SENT -> assertTrue(got == 0 && drop == 0, where);
                }
            }
            for (int id : received.keySet()) {
                assertTrue(fates.get(id) == Fate.SENT, "seed " + seed + ": received " + id + " that was never sent");
            }
            assertTrue(fates.size() > 50, "the run did work: " + fates.size());
        }

        Task<Void> start(EventLoop loop, boolean producer) {
            Task<Void> t = loop.createTask(producer ? this::producer : this::consumer);
            live.add(t);
            all.add(t);
            if (producer) {
                producers.add(t);
            }
            t.addDoneCallback(f -> live.remove(t));
            return t;
        }

        Void producer() {
            for (int i = 0; i < 25; i++) {
                int id = nextId++;
                Channel<Integer> ch = rnd.nextBoolean() ? a : b;
                if (rnd.nextBoolean()) {
                    fates.put(id, Fate.SEND_THREW); // until send returns
                    try {
                        Aio.timeout(1.0, scope -> { // a send to the other channel's receivers would wait forever
                            ch.send(id);
                            fates.put(id, Fate.SENT);
                            return null;
                        });
                    } catch (TimeoutError e) {
                        // the send threw: the hook has the element
                    }
                } else {
                    fates.put(id, Fate.NOT_SENT);
                    boolean sent = Select.<Boolean>select(s -> s
                            .onSend(a, id, () -> true)
                            .onSend(b, id, () -> true)
                            .onTimeout(rnd.nextInt(3) * 0.5, () -> false));
                    if (sent) {
                        fates.put(id, Fate.SENT);
                    }
                }
                maybeCancelSomeone();
                pause();
            }
            return null;
        }

        Void consumer() {
            while (!(a.isClosedForReceive() && b.isClosedForReceive())) {
                switch (rnd.nextInt(4)) {
                    case 0 -> {
                        Channel<Integer> ch = rnd.nextBoolean() ? a : b;
                        try {
                            took(Aio.timeoutOrNull(1.0, scope -> ch.receive()));
                        } catch (ClosedReceiveChannelException end) {
                            // closed while it waited: the loop condition sees it
                        }
                    }
                    case 1 -> {
                        Channel<Integer> ch = rnd.nextBoolean() ? a : b;
                        ChannelResult<Integer> r = Aio.timeoutOrNull(1.0, scope -> ch.receiveCatching());
                        took(r == null ? null : r.getOrNull());
                    }
                    case 2 -> took((rnd.nextBoolean() ? a : b).tryReceive().getOrNull());
                    default -> took(Select.<Integer>select(s -> s
                            .onReceiveCatching(a, ChannelResult::getOrNull)
                            .onReceiveCatching(b, ChannelResult::getOrNull)
                            .onTimeout(rnd.nextInt(3) * 0.5, () -> null)));
                }
                maybeCancelSomeone();
                pause();
            }
            return null;
        }

        void took(Integer id) {
            if (id != null) {
                received.merge(id, 1, Integer::sum);
            }
        }

        /** Random moments, and some sends of its own followed by a cancel in the same step. */
        Void chaos() {
            while (true) {
                pause();
                if (rnd.nextInt(3) == 0 && !a.isClosedForSend()) {
                    int id = nextId++;
                    fates.put(id, Fate.NOT_SENT);
                    if (a.trySend(id)) {
                        fates.put(id, Fate.SENT);
                    }
                }
                cancelOne();
            }
        }

        void maybeCancelSomeone() {
            if (rnd.nextInt(5) == 0) {
                cancelOne();
            }
        }

        /** Cancels a random live task and starts one of its kind, so elements keep flowing. */
        void cancelOne() {
            if (live.isEmpty() || cancels >= 60) {
                return;
            }
            cancels++;
            Task<Void> victim = live.get(rnd.nextInt(live.size()));
            if (victim.cancel() && !a.isClosedForSend()) {
                start(victim.loop(), producers.contains(victim)); // keep the population: a replacement of its kind
            }
        }

        void pause() {
            if (a.loop.time() > 10_000) {
                throw new AssertionError("seed " + seed + ", capacity " + capacity + ": no end after 10000 s of loop time: "
                        + a + ", " + b + ", live " + live + ", " + producers.size() + " producers");
            }
            switch (rnd.nextInt(4)) {
                case 0 -> { }
                case 1 -> Aio.sleep(0);
                default -> Aio.sleep(rnd.nextInt(4) * 0.25);
            }
        }
    }
}
