package dev.weft.aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.gen.GeneratorState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded schedules of many consumers, each iterating its own async generator whose body awaits
 * random sleeps (in its loop and in its finally); consumers break, throw, or are cancelled at
 * random moments (while the body awaits, or while the generator is paused at a yield). Whatever
 * the moment, each generator's finally runs exactly once, in its consumer's task, before the
 * consumer goes on, and every generator ends closed. The same seed gives the same transcript.
 */
@Tag("stress")
@Timeout(120)
class AsyncGeneratorStressTest {
    private static final int SCALE = Integer.getInteger("weft.stress", 1);

    @Test
    void everyFinallyRunsOnceInItsConsumerBeforeTheConsumerGoesOnWhateverStopsIt() {
        int cancelled = 0;
        int closedByBreakOrThrow = 0;
        for (long seed = 1; seed <= 5L * SCALE; seed++) {
            List<String> first = schedule(seed);
            assertEquals(first, schedule(seed), "seed " + seed + " must replay exactly");
            cancelled += (int) first.stream().filter(l -> l.endsWith(" cancelled")).count();
            closedByBreakOrThrow += (int) first.stream().filter(l -> l.endsWith("finally ran: true")).count();
        }
        assertTrue(cancelled > 0 && closedByBreakOrThrow > 0, "the schedules must cover both kinds of stop: "
                + cancelled + " cancelled, " + closedByBreakOrThrow + " went on");
    }

    /** One seeded schedule; returns its transcript. */
    private static List<String> schedule(long seed) {
        Random rnd = new Random(seed);
        int consumers = 12;
        List<String> log = new ArrayList<>();
        int[] finallies = new int[consumers];
        AioTesting.runVirtual(() -> {
            EventLoop loop = EventLoop.current();
            List<Task<Void>> tasks = new ArrayList<>();
            List<AsyncGenerator<Integer, Void>> gens = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                int id = c;
                int stopAt = rnd.nextInt(8);
                boolean throwing = rnd.nextInt(4) == 0;
                long[] sleeps = rnd.longs(10, 1, 5).toArray();
                AsyncGenerator<Integer, Void> g = AsyncGenerator.of("g" + id, ctx -> {
                    try {
                        for (int i = 0; i < sleeps.length; i++) {
                            Aio.sleep(sleeps[i] / 4.0);
                            ctx.yield(i);
                        }
                    } finally {
                        finallies[id]++;
                        log.add(loop.time() + " g" + id + " finally in " + Task.current().name());
                        Aio.sleep(0.25); // a second cancel may interrupt this await: that is allowed
                    }
                });
                gens.add(g);
                tasks.add(loop.createTask(() -> {
                    boolean[] closed = {false};
                    try {
                        try (var it = g.iterate()) {
                            for (int v : it) {
                                Aio.sleep(rnd.nextInt(3) / 4.0); // paused at the yield meanwhile
                                if (v == stopAt) {
                                    if (throwing) {
                                        throw new IllegalStateException("c" + id + " gives up");
                                    }
                                    break;
                                }
                            }
                        }
                    } catch (IllegalStateException expected) {
                        // the generator was closed before we got here: checked below
                    } finally {
                        closed[0] = finallies[id] == 1;
                        log.add(loop.time() + " c" + id + " goes on, finally ran: " + closed[0]);
                    }
                    assertTrue(closed[0]);
                    return null;
                }, "c" + id));
            }
            // a canceller cancels a few consumers at random times
            for (int k = 0; k < 4; k++) {
                Task<Void> victim = tasks.get(rnd.nextInt(consumers));
                double at = rnd.nextInt(20) / 4.0;
                loop.callLater(at, () -> victim.cancel("seeded cancel"));
            }
            for (Task<Void> t : tasks) {
                try {
                    t.await();
                } catch (CancelledError e) {
                    log.add(loop.time() + " " + t.name() + " cancelled");
                }
            }
            for (AsyncGenerator<Integer, Void> g : gens) {
                assertTrue(g.state() == GeneratorState.CLOSED || g.state() == GeneratorState.CREATED, g.toString());
            }
            return null;
        });
        for (int c = 0; c < consumers; c++) {
            assertTrue(finallies[c] <= 1, "g" + c + "'s finally ran " + finallies[c] + " times");
        }
        for (String line : log) {
            if (line.contains(" finally in ")) {
                String g = line.split(" ")[1];
                assertTrue(line.endsWith("in c" + g.substring(1)), "a finally ran outside its consumer: " + line);
            }
            if (line.contains(" goes on, finally ran: ")) {
                assertTrue(line.endsWith("true") || line.contains("cancelled"), line);
            }
        }
        return log;
    }
}
