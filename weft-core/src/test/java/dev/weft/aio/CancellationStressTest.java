package dev.weft.aio;

import static dev.weft.aio.VirtualLoops.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cancellation rules of the {@link ParkingLot}, proven once for every primitive built on it:
 * seeded random schedules cancel waiting tasks at every point (while parked, after being woken and
 * before running, in the same step as the release that woke them, while re-acquiring a lock) and
 * check the invariants: a lock has at most one holder, semaphore permits are conserved, no queue
 * item is lost or duplicated, no notification of a condition is lost, a barrier's count returns
 * to zero. Everything runs on the virtual clock, so a failure names the seed that replays it;
 * {@code -Dweft.stress=N} runs N times more seeds.
 */
@Tag("stress")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CancellationStressTest {
    private static final int SEEDS = 20 * Integer.getInteger("weft.stress", 1);

    /**
     * A population of worker tasks and a chaos that cancels them: a chaos task cancels a random
     * live worker at random moments (sometimes after sleep(0), so between a wake-up and the woken
     * task's step), and workers call {@link #maybeCancelAnother()} right after a release, so that
     * a cancel and the release that woke its victim happen in one loop step. Every cancelled
     * worker is replaced, so the primitive always has waiters. Cancels are budgeted (each one
     * starts a replacement, whose own in-step cancels would otherwise grow without end).
     */
    private static final class Chaos {
        final Random rnd;
        final EventLoop loop;
        final List<Task<Void>> live = new ArrayList<>();
        final List<Task<Void>> all = new ArrayList<>();
        private final IntFunction<Callable<Void>> worker;
        private int next;
        private int cancels = 120;

        Chaos(EventLoop loop, Random rnd, int workers, IntFunction<Callable<Void>> worker) {
            this.loop = loop;
            this.rnd = rnd;
            this.worker = worker;
            for (int i = 0; i < workers; i++) {
                start();
            }
        }

        private void start() {
            Task<Void> t = loop.createTask(worker.apply(next++));
            live.add(t);
            all.add(t);
            t.addDoneCallback(f -> live.remove(t));
        }

        /** Cancels a random live worker and starts a replacement. */
        void cancelOne() {
            if (live.isEmpty() || cancels == 0) {
                return;
            }
            cancels--;
            Task<Void> victim = live.get(rnd.nextInt(live.size()));
            if (victim.cancel()) {
                start();
            }
        }

        /** Called by workers right after a release: one time in four, cancels another worker in the same step. */
        void maybeCancelAnother() {
            if (rnd.nextInt(4) == 0) {
                cancelOne();
            }
        }

        /** Some sleep, often zero (one loop iteration), so cancels land between wake-ups and steps. */
        void pause() {
            int k = rnd.nextInt(4);
            Aio.sleep(k == 0 ? 0 : (k - 1) * 0.25);
        }

        /** Cancels every worker (no replacements) and waits until all have ended. */
        void stop() {
            cancels = 0;
            new ArrayList<>(live).forEach(Task::cancel);
            settle();
        }

        /** Waits until every worker, replacements included, has ended; rethrows a worker's failure. */
        void settle() {
            while (!live.isEmpty()) {
                Aio.wait(new ArrayList<>(live));
            }
            for (Task<Void> t : all) {
                if (!t.cancelled() && t.exception() != null) {
                    throw new AssertionError(t + " failed", t.exception());
                }
            }
        }

        /** Runs `rounds` random cancellations. */
        void rage(int rounds) {
            for (int r = 0; r < rounds; r++) {
                pause();
                cancelOne();
            }
        }
    }

    @Test
    void aLockNeverHasTwoHolders() {
        for (int seed = 0; seed < SEEDS; seed++) {
            int s = seed;
            run(loop -> {
                Random rnd = new Random(s);
                Lock lock = new Lock();
                int[] holders = {0};
                Chaos[] chaos = new Chaos[1];
                chaos[0] = new Chaos(loop, rnd, 6, i -> () -> {
                    for (int n = 0; n < 10; n++) {
                        lock.acquire();
                        holders[0]++;
                        assertEquals(1, holders[0], "seed " + s + ": two holders of " + lock);
                        try {
                            chaos[0].pause();
                        } finally {
                            holders[0]--;
                            lock.release();
                            chaos[0].maybeCancelAnother();
                        }
                    }
                    return null;
                });
                chaos[0].rage(60);
                chaos[0].settle();
                assertEquals("Lock[unlocked]", lock.toString(), "seed " + s);
                return null;
            });
        }
    }

    @Test
    void semaphorePermitsAreNeverLostOrCreated() {
        for (int seed = 0; seed < SEEDS; seed++) {
            int s = seed;
            run(loop -> {
                Random rnd = new Random(s);
                int permits = 1 + rnd.nextInt(3);
                Semaphore sem = new Semaphore(permits);
                int[] inside = {0};
                Chaos[] chaos = new Chaos[1];
                chaos[0] = new Chaos(loop, rnd, 8, i -> () -> {
                    for (int n = 0; n < 10; n++) {
                        sem.acquire();
                        inside[0]++;
                        assertTrue(inside[0] <= permits, "seed " + s + ": " + inside[0] + " tasks inside " + sem);
                        try {
                            chaos[0].pause();
                        } finally {
                            inside[0]--;
                            sem.release();
                            chaos[0].maybeCancelAnother();
                        }
                    }
                    return null;
                });
                chaos[0].rage(60);
                chaos[0].settle();
                assertEquals("Semaphore[value=" + permits + "]", sem.toString(), "seed " + s);
                return null;
            });
        }
    }

    @Test
    void aQueueNeverLosesOrDuplicatesAnItem() {
        for (int seed = 0; seed < SEEDS; seed++) {
            int s = seed;
            run(loop -> {
                Random rnd = new Random(s);
                Queue<Integer> q = new Queue<>(rnd.nextInt(4)); // 0: unbounded
                List<Integer> put = new ArrayList<>();
                List<Integer> got = new ArrayList<>();
                Chaos[] chaos = new Chaos[1];
                chaos[0] = new Chaos(loop, rnd, 8, i -> i % 2 == 0
                        ? () -> {
                            for (int n = 0; n < 15; n++) {
                                int item = i * 1000 + n;
                                q.put(item);       // a cancelled put adds nothing
                                put.add(item);
                                chaos[0].maybeCancelAnother();
                                chaos[0].pause();
                            }
                            return null;
                        }
                        : () -> {
                            while (true) {
                                got.add(q.get());
                                chaos[0].maybeCancelAnother();
                                chaos[0].pause();
                            }
                        });
                chaos[0].rage(60);
                Task<Void> drain = loop.createTask(() -> {
                    while (true) {
                        got.add(q.get());
                    }
                });
                Aio.sleep(1000);               // everyone left ends or waits; the drain takes what is left
                assertTrue(q.empty(), "seed " + s + ": items stranded while a getter waits: " + q);
                chaos[0].stop();
                drain.cancel();
                chaos[0].settle();
                got.sort(null);
                put.sort(null);
                assertEquals(put, got, "seed " + s + ": items lost or duplicated");
                return null;
            });
        }
    }

    @Test
    void aConditionNeverLosesANotification() {
        for (int seed = 0; seed < SEEDS; seed++) {
            int s = seed;
            run(loop -> {
                Random rnd = new Random(s);
                Condition cond = new Condition();
                int[] available = {0};
                int[] holders = {0};
                Chaos[] chaos = new Chaos[1];
                chaos[0] = new Chaos(loop, rnd, 8, i -> i % 3 == 0
                        ? () -> {
                            for (int n = 0; n < 10; n++) {
                                try (var held = cond.hold()) {
                                    available[0]++;
                                    cond.notifyOne();
                                }
                                chaos[0].maybeCancelAnother();
                                chaos[0].pause();
                            }
                            return null;
                        }
                        : () -> {
                            while (true) {
                                try (var held = cond.hold()) {
                                    cond.waitFor(() -> available[0] > 0);
                                    holders[0]++;
                                    assertEquals(1, holders[0], "seed " + s + ": two holders of " + cond);
                                    available[0]--;
                                    holders[0]--;
                                }
                                chaos[0].pause();
                            }
                        });
                chaos[0].rage(60);
                Task<Void> drain = loop.createTask(() -> {
                    while (true) {
                        try (var held = cond.hold()) {
                            cond.waitFor(() -> available[0] > 0);
                            available[0]--;
                        }
                    }
                });
                Aio.sleep(1000);
                assertEquals(0, available[0], "seed " + s + ": a notification was lost: " + cond);
                chaos[0].stop();
                drain.cancel();
                chaos[0].settle();
                assertEquals("Condition[unlocked]", cond.toString(), "seed " + s);
                return null;
            });
        }
    }

    @Test
    void aBarriersCountReturnsToZero() {
        for (int seed = 0; seed < SEEDS; seed++) {
            int s = seed;
            run(loop -> {
                Random rnd = new Random(s);
                int parties = 2 + rnd.nextInt(3);
                Barrier barrier = new Barrier(parties);
                Chaos[] chaos = new Chaos[1];
                chaos[0] = new Chaos(loop, rnd, parties + 2, i -> () -> {
                    for (int n = 0; n < 10; n++) {
                        int index = barrier.waitParties();
                        assertTrue(index >= 0 && index < parties, "seed " + s + ": index " + index);
                        chaos[0].maybeCancelAnother();
                        chaos[0].pause();
                    }
                    return null;
                });
                chaos[0].rage(40);
                chaos[0].stop();
                assertEquals("Barrier[FILLING, waiting=0/" + parties + "]", barrier.toString(), "seed " + s);
                return null;
            });
        }
    }
}
