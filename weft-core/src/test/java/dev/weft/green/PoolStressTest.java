package dev.weft.green;

import static dev.weft.green.Gevent.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many green tasks through a pool on a virtual-clock hub, with a seeded schedule of sleeps,
 * failures and kills: every task ends exactly once in the state its fate says, the pool never
 * holds more than its size, and afterwards every slot is free and nothing is left running.
 */
@Tag("stress")
@Timeout(120)
class PoolStressTest extends VirtualHub {

    @Test
    void seededSleepsFailuresAndKillsLeaveEveryTaskAccountedForAndThePoolEmpty() {
        int n = 5_000 * Integer.getInteger("weft.stress", 1);
        Random rnd = new Random(42);
        Pool pool = new Pool(50);
        int[] running = new int[1];
        int[] maxRunning = new int[1];
        int[] finallies = new int[1];
        List<GreenTask<Integer>> tasks = new ArrayList<>();
        List<Integer> fates = new ArrayList<>();                 // 0 returns, 1 fails, 2 is killed
        for (int i = 0; i < n; i++) {
            int fate = rnd.nextInt(10) < 7 ? 0 : rnd.nextBoolean() ? 1 : 2;
            double nap = rnd.nextInt(20) / 10.0;
            int value = i;
            fates.add(fate);
            tasks.add(pool.spawn(() -> {
                running[0]++;
                maxRunning[0] = Math.max(maxRunning[0], running[0]);
                try {
                    sleep(fate == 2 ? 1_000_000 : nap);
                    if (fate == 1) {
                        throw new IllegalStateException("fate " + value);
                    }
                    return value;
                } finally {
                    running[0]--;
                    finallies[0]++;
                }
            }));
            if (i % 100 == 99) {                                  // now and then, kill the doomed ones
                killDoomed(tasks, fates);
            }
        }
        killDoomed(tasks, fates);
        pool.join();

        assertTrue(maxRunning[0] <= 50, "max running " + maxRunning[0]);
        // a task killed before it started never runs its function; every other one ran its finally
        assertEquals(tasks.stream().filter(GreenTask::started).count(), finallies[0]);
        for (int i = 0; i < n; i++) {
            assertTrue(tasks.get(i).started() || fates.get(i) == 2, tasks.get(i).toString());
        }
        assertEquals(50, pool.freeCount());
        assertEquals(0, pool.size());
        long failures = 0;
        for (int i = 0; i < n; i++) {
            GreenTask<Integer> g = tasks.get(i);
            assertTrue(g.dead(), g.toString());
            switch (fates.get(i)) {
                case 0 -> assertEquals(i, g.value(), g.toString());
                case 1 -> {
                    assertEquals("fate " + i, g.exception().getMessage());
                    failures++;
                }
                default -> assertTrue(g.successful() && g.greenletExit() != null, g.toString());
            }
        }
        assertEquals(failures, reports.size());                   // each failure reported once, nothing else
        assertEquals(0, hub.allTasks().size());
    }

    private static void killDoomed(List<GreenTask<Integer>> tasks, List<Integer> fates) {
        List<GreenTask<Integer>> doomed = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            if (fates.get(i) == 2 && !tasks.get(i).dead()) {
                doomed.add(tasks.get(i));
            }
        }
        Gevent.killAll(doomed);
    }
}
