package dev.weft.aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Values moved between the loops of a group along seeded random routes, some hops cancelled on
 * the way: every value arrives exactly once, or is accounted for as cancelled, never both, never
 * twice. Keyed state (a counter per key, no lock) stays exact. Seeded, so a failure names the seed;
 * {@code -Dweft.stress=N} runs N times more seeds.
 */
@Tag("stress")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoopGroupStressTest {
    private static final int SEEDS = 4 * Integer.getInteger("weft.stress", 1);
    private static final int VALUES = 200;
    private static final int HOPS = 6;

    /** Carries {@code value} through {@code route} (loop indexes), one submitTo per hop. */
    private static int carry(LoopGroup g, int value, int[] route, int at) {
        if (at == route.length) {
            return value;
        }
        return g.submitTo(g.loops().get(route[at]), () -> carry(g, value, route, at + 1)).await();
    }

    @Test
    void noValueIsLostOrDuplicatedBetweenLoops() {
        for (int seed = 0; seed < SEEDS; seed++) {
            int s = seed;
            int loops = 2 + seed % 3;
            String outcome = LoopGroup.run(loops, () -> {
                LoopGroup g = LoopGroup.current();
                Random rnd = new Random(s);
                List<Future<Integer>> moves = new ArrayList<>();
                List<Integer> cancelledOnPurpose = new ArrayList<>();
                for (int v = 0; v < VALUES; v++) {
                    int[] route = new int[1 + rnd.nextInt(HOPS)];
                    for (int i = 0; i < route.length; i++) {
                        route[i] = rnd.nextInt(loops);
                    }
                    int value = v;
                    moves.add(g.submit(value, () -> carry(g, value, route, 0)));
                    if (rnd.nextInt(10) == 0) {
                        cancelledOnPurpose.add(v);
                    }
                }
                for (int v : cancelledOnPurpose) {
                    moves.get(v).cancel("seed " + s + " cancels value " + v);
                }
                int[] arrived = new int[VALUES];
                int cancelled = 0;
                for (int v = 0; v < VALUES; v++) {
                    try {
                        arrived[moves.get(v).await()]++;
                    } catch (CancelledError e) {
                        cancelled++;
                        assertTrue(cancelledOnPurpose.contains(v), "seed " + s + ": value " + v
                                + " was cancelled without being asked to: " + e);
                    }
                }
                int delivered = 0;
                for (int v = 0; v < VALUES; v++) {
                    assertTrue(arrived[v] <= 1, "seed " + s + ": value " + v + " arrived " + arrived[v] + " times");
                    delivered += arrived[v];
                }
                assertEquals(VALUES, delivered + cancelled, "seed " + s + ": values lost");
                return delivered + " delivered, " + cancelled + " cancelled";
            });
            assertTrue(outcome.endsWith("cancelled"), outcome);
        }
    }

    @Test
    void perKeyStateNeedsNoLockWhenWorkIsPlacedByKey() {
        for (int seed = 0; seed < SEEDS; seed++) {
            int s = seed;
            TreeMap<Integer, Integer> counts = LoopGroup.run(3, () -> {
                LoopGroup g = LoopGroup.current();
                Random rnd = new Random(s);
                // one plain HashMap per loop: each is touched only by its loop's thread
                java.util.Map<EventLoop, java.util.Map<Integer, Integer>> perLoop = new java.util.HashMap<>();
                for (EventLoop l : g.loops()) {
                    perLoop.put(l, new java.util.HashMap<>());
                }
                List<Future<Void>> work = new ArrayList<>();
                TreeMap<Integer, Integer> expected = new TreeMap<>();
                for (int i = 0; i < 2000; i++) {
                    int key = rnd.nextInt(16);
                    expected.merge(key, 1, Integer::sum);
                    work.add(g.submit(key, () -> {
                        perLoop.get(EventLoop.current()).merge(key, 1, Integer::sum);
                        return null;
                    }));
                }
                for (Future<Void> f : work) {
                    f.await();
                }
                TreeMap<Integer, Integer> got = new TreeMap<>();
                for (EventLoop l : g.loops()) {
                    got.putAll(g.submitTo(l, () -> new java.util.HashMap<>(perLoop.get(l))).await());
                }
                assertEquals(expected, got, "seed " + s);
                return got;
            });
            assertEquals(16, counts.size());
        }
    }
}
