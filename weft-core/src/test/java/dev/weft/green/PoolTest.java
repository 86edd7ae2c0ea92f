package dev.weft.green;

import static dev.weft.green.Gevent.sleep;
import static dev.weft.green.Gevent.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** gevent's Pool and Group: membership, join, kill, spawn waiting while full, map and friends. */
class PoolTest extends VirtualHub {

    /** Counts how many tasks run the measured section at once. */
    static final class Concurrency {
        int now;
        int max;

        <T> T during(double seconds, T value) {
            now++;
            max = Math.max(max, now);
            try {
                sleep(seconds);
                return value;
            } finally {
                now--;
            }
        }
    }

    @Nested
    class Pools {
        @Test
        void spawnWaitsWhileThePoolIsFull() {
            Pool pool = new Pool(2);
            List<Double> starts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                pool.spawn(() -> {
                    starts.add(now());
                    sleep(1);
                });
            }
            assertEquals(2.0, now());            // the fifth spawn waited for the third and fourth
            assertEquals(1, pool.freeCount());   // only the fifth is a member now
            assertFalse(pool.full());
            pool.join();
            assertEquals(List.of(0.0, 0.0, 1.0, 1.0, 2.0), starts);
            assertEquals(3.0, now());
            assertEquals(2, pool.freeCount());
            assertEquals(0, pool.size());
        }

        @Test
        void mapKeepsInputOrderAndRunsAtMostSizeAtOnce() {
            Pool pool = new Pool(3);
            Concurrency c = new Concurrency();
            List<Integer> items = IntStream.range(0, 10).boxed().toList();
            List<Integer> out = pool.map(i -> c.during(10 - i, i * i), items);
            assertEquals(items.stream().map(i -> i * i).toList(), out);
            assertEquals(3, c.max);
        }

        @Test
        void imapUnorderedGivesResultsAsTheyAreReady() {
            Pool pool = new Pool(3);
            List<String> seen = new ArrayList<>();
            for (int r : pool.imapUnordered(s -> {
                sleep(s);
                return s;
            }, List.of(3, 1, 2))) {
                seen.add(r + "@" + now());
            }
            assertEquals(List.of("1@1.0", "2@2.0", "3@3.0"), seen);
        }

        @Test
        void imapThrowsAFailedItemsExceptionWhenItsTurnComes() {
            Pool pool = new Pool(2);
            IOException bad = new IOException("item 1");
            Iterator<Integer> it = pool.<Integer, Integer>imap(i -> {
                if (i == 1) {
                    throw bad;
                }
                return i;
            }, List.of(0, 1, 2)).iterator();
            assertEquals(0, it.next());
            assertSame(bad, assertThrows(IOException.class, it::next));
            assertEquals(2, it.next());
            assertFalse(it.hasNext());
        }

        @Test
        void imapRunsNoMoreThanMaxsizeAheadOfItsConsumer() {
            Pool pool = new Pool(10);
            List<Integer> started = new ArrayList<>();
            Iterator<Integer> it = pool.<Integer, Integer>imap(i -> {
                started.add(i);
                return i;
            }, IntStream.range(0, 100).boxed().toList(), 4).iterator();
            assertEquals(0, it.next());
            assertEquals(List.of(0, 1, 2, 3), started);
        }

        @Test
        void applyFromInsideAMemberRunsDirectlyInsteadOfDeadlocking() {
            Pool pool = new Pool(1);
            GreenTask<Integer> outer = pool.spawn(() -> pool.apply(() -> 41) + 1);
            assertEquals(42, outer.get());
            assertEquals(5, pool.apply(() -> 5));
        }

        @Test
        void waitAvailableWaitsForASlotOrItsTimeout() {
            Pool pool = new Pool(1);
            pool.spawn(() -> {
                sleep(3);
            });
            assertEquals(0, pool.waitAvailable(1));
            assertEquals(1.0, now());
            assertEquals(1, pool.waitAvailable(Gevent.FOREVER));
            assertEquals(3.0, now());
        }

        @Test
        void killEmptiesThePoolAndFreesEverySlot() {
            Pool pool = new Pool(2);
            List<String> trace = new ArrayList<>();
            for (String n : List.of("a", "b")) {
                pool.spawn(() -> {
                    try {
                        sleep(100);
                    } finally {
                        trace.add(n);
                    }
                });
            }
            sleep(1);
            pool.kill();
            assertEquals(List.of("a", "b"), trace);
            assertEquals(0, pool.size());
            assertEquals(2, pool.freeCount());
        }

        @Test
        void addingAnOutsideTaskTakesASlotAndDiscardGivesItBack() {
            Pool pool = new Pool(2);
            GreenTask<Void> g = spawn(() -> {
                sleep(10);
            });
            pool.add(g);
            assertEquals(1, pool.freeCount());
            assertTrue(pool.contains(g));
            pool.discard(g);
            assertEquals(2, pool.freeCount());
            assertFalse(g.dead());
        }

        @Test
        void toStringShowsSizeFreeSlotsAndMembers() {
            Pool pool = new Pool(3);
            pool.spawn(() -> {
                sleep(1);
            });
            assertEquals("Pool[size=3, free=2, 1 tasks]", pool.toString());
        }
    }

    @Nested
    class Groups {
        @Test
        void joinWaitsForTasksAddedMeanwhileButNotForDiscardedOnes() {
            Group group = new Group();
            GreenTask<Void> discarded = spawn(() -> {
                sleep(100);
            });
            group.add(discarded);
            group.spawn(() -> {
                sleep(1);
                group.spawn(() -> {
                    sleep(2);
                });
            });
            group.discard(discarded);
            assertTrue(group.join());
            assertEquals(3.0, now());
            assertFalse(discarded.dead());
        }

        @Test
        void joinWithATimeoutSaysWhetherTheGroupIsEmpty() {
            Group group = new Group();
            group.spawn(() -> {
                sleep(5);
            });
            assertFalse(group.join(1, false));
            assertEquals(1, group.size());
        }

        @Test
        void joinWithRaiseErrorThrowsAMembersException() {
            Group group = new Group();
            IOException bad = new IOException("bad");
            group.spawn(() -> {
                throw bad;
            });
            group.spawn(() -> {
                sleep(1);
            });
            assertSame(bad, assertThrows(IOException.class, () -> group.join(Gevent.FOREVER, true)));
        }

        @Test
        void mapWithoutALimitStartsEveryItemAtOnce() {
            Group group = new Group();
            Concurrency c = new Concurrency();
            assertEquals(List.of(1, 2, 3, 4), group.map(i -> c.during(1, i), List.of(1, 2, 3, 4)));
            assertEquals(4, c.max);
            assertEquals(1.0, now());
        }

        @Test
        void aTaskOfAnotherHubIsRefused() {
            GreenTask<Integer> foreign;
            var other = dev.weft.aio.EventLoop.createVirtual();
            try {
                foreign = other.runUntilComplete(() -> Gevent.spawn(() -> 1));
                other.runUntilComplete(() -> foreign.get());
            } finally {
                other.close();
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Group().add(foreign));
            assertTrue(e.getMessage().contains("a group holds tasks of one hub"), e.getMessage());
        }
    }
}
