package dev.weft.aio;

import static dev.weft.aio.VirtualLoops.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random cancellations against queues and semaphores on the virtual clock: no item is lost or
 * duplicated, no permit is lost or created, whatever moment a waiter is cancelled at. Seeded, so a
 * failure names the seed that reproduces it; {@code -Dweft.stress=N} runs N times more seeds.
 */
@Tag("stress")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CancellationStressTest {
    private static final int SEEDS = 20 * Integer.getInteger("weft.stress", 1);

    @Test
    void queueNeverLosesOrDuplicatesAnItemUnderRandomCancellation() {
        for (int seed = 0; seed < SEEDS; seed++) {
            int s = seed;
            run(loop -> {
                Random rnd = new Random(s);
                Queue<Integer> q = new Queue<>(rnd.nextInt(4)); // 0: unbounded
                List<Integer> put = new ArrayList<>();
                List<Integer> got = new ArrayList<>();
                List<Task<Void>> consumers = new ArrayList<>();
                List<Task<Void>> producers = new ArrayList<>();
                for (int p = 0; p < 3; p++) {
                    int base = p * 1000;
                    producers.add(loop.createTask(() -> {
                        for (int i = 0; i < 60; i++) {
                            Aio.sleep(rnd.nextInt(3) * 0.25);
                            q.put(base + i);
                            put.add(base + i);
                        }
                        return null;
                    }));
                }
                Starter consumer = () -> loop.createTask(() -> {
                    try {
                        while (true) {
                            got.add(q.get());
                            Aio.sleep(rnd.nextInt(3) * 0.25);
                        }
                    } catch (QueueShutDown end) {
                        return null;
                    }
                });
                for (int c = 0; c < 4; c++) {
                    consumers.add(consumer.start());
                }
                List<Task<Void>> all = new ArrayList<>(producers);
                for (int round = 0; round < 40; round++) {
                    Aio.sleep(rnd.nextInt(4) * 0.25);
                    List<Task<Void>> pool = rnd.nextBoolean() ? consumers : producers;
                    Task<Void> victim = pool.get(rnd.nextInt(pool.size()));
                    victim.cancel();
                    if (pool == consumers) {
                        consumers.remove(victim);
                        consumers.add(consumer.start());
                    }
                    all.add(victim);
                }
                Aio.wait(producers);
                Aio.sleep(10); // live consumers drain everything: no item may be stranded
                assertTrue(q.empty(), "seed " + s + ": items stranded while consumers wait: " + q);
                q.shutdown();
                all.addAll(consumers);
                Aio.wait(all);
                assertTrue(q.empty(), "seed " + s + ": " + q);
                got.sort(null);
                put.sort(null);
                assertEquals(put, got, "seed " + s + ": items lost or duplicated");
                return null;
            });
        }
    }

    @Test
    void semaphoreNeverLosesOrCreatesAPermitUnderRandomCancellation() {
        for (int seed = 0; seed < SEEDS; seed++) {
            int s = seed;
            run(loop -> {
                Random rnd = new Random(s);
                int permits = 1 + rnd.nextInt(3);
                Semaphore sem = new Semaphore(permits);
                int[] inside = {0};
                int[] maxInside = {0};
                List<Task<Void>> tasks = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    tasks.add(loop.createTask(() -> {
                        for (int i = 0; i < 20; i++) {
                            try (var held = sem.hold()) {
                                inside[0]++;
                                maxInside[0] = Math.max(maxInside[0], inside[0]);
                                try {
                                    Aio.sleep(rnd.nextInt(3) * 0.25);
                                } finally {
                                    inside[0]--;
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (int round = 0; round < 30; round++) {
                    Aio.sleep(rnd.nextInt(3) * 0.25);
                    Task<Void> victim = tasks.get(rnd.nextInt(tasks.size()));
                    victim.cancel();
                }
                Aio.wait(tasks);
                assertEquals(permits, sem.value(), "seed " + s + ": " + sem);
                assertTrue(maxInside[0] <= permits, "seed " + s + ": " + maxInside[0] + " tasks inside");
                assertEquals("Semaphore[value=" + permits + "]", sem.toString());
                return null;
            });
        }
    }

    /** Starts one consumer task. */
    @FunctionalInterface
    private interface Starter {
        Task<Void> start();
    }
}
