package dev.weft.green;

import static dev.weft.green.Gevent.FOREVER;
import static dev.weft.green.Gevent.joinAll;
import static dev.weft.green.Gevent.sleep;
import static dev.weft.green.Gevent.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.aio.Event;
import dev.weft.aio.Future;
import dev.weft.aio.Queue;
import dev.weft.aio.Semaphore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Small programs written the way a gevent user writes them (the shapes of gevent's own tutorial:
 * spawn and join, greenlet state, timeouts, pools and groups, queues, events, links as
 * supervision), each checked against what the same program prints and how long it takes under
 * gevent. Each runs from the test's plain code, as a gevent script runs from its main greenlet,
 * on a virtual-clock hub.
 */
@org.junit.jupiter.api.Timeout(60)
class GeventUserProgramsTest extends VirtualHub {
    private final List<String> out = new ArrayList<>();

    private void print(String line) {
        out.add(line);
    }

    @Test
    void synchronousThenAsynchronousTasks() {
        Random random = new Random(42);
        double[] delays = new double[10];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = random.nextInt(3) * 0.001;
        }
        // def task(pid): gevent.sleep(random.randint(0,2)*0.001); print('Task %s done' % pid)
        Group.Fn<Integer, Void> task = pid -> {
            sleep(delays[pid]);
            print("Task " + pid + " done");
            return null;
        };
        double sum = 0;
        double max = 0;
        for (int i = 0; i < 10; i++) {                           // synchronous(): one after the other
            sleep(delays[i]);
            sum += delays[i];
            max = Math.max(max, delays[i]);
        }
        assertEquals(sum, now(), 1e-9);
        double start = now();
        List<GreenTask<Void>> threads = new ArrayList<>();
        for (int i = 0; i < 10; i++) {                           // asynchronous(): all at once
            int pid = i;
            threads.add(spawn(() -> task.apply(pid)));
        }
        joinAll(threads, FOREVER, false);
        assertEquals(max, now() - start, 1e-9);
        assertEquals(10, out.size());
        assertTrue(out.getFirst().startsWith("Task "), out.toString());
    }

    @Test
    void greenletState() {
        GreenTask<String> winner = spawn(() -> "You win!");
        GreenTask<String> loser = spawn(() -> {
            throw new Exception("You fail at failing.");
        });
        try {
            joinAll(List.of(winner, loser), FOREVER, false);     // raise_error=False: never throws
        } catch (RuntimeException e) {
            print("This will never be reached");
        }
        assertEquals("You win!", winner.value());
        assertNull(loser.value());
        assertTrue(winner.ready() && winner.successful());
        assertTrue(loser.ready() && !loser.successful());
        assertEquals("You fail at failing.", loser.exception().getMessage());
        assertEquals(List.of(), out);
        assertEquals(1, reports.size());                          // the hub printed the failure once
    }

    @Test
    void aTimeoutAroundAJoinLeavesTheTaskRunning() {
        GreenTask<Void> g = spawn(() -> sleep(10));
        try {
            Timeout.run(2, () -> g.join());
        } catch (Timeout t) {
            print("Could not complete after " + t.getMessage());
        }
        assertEquals(List.of("Could not complete after 2 seconds"), out);
        assertEquals(2.0, now());
        assertFalse(g.dead());
        // with Timeout(1, False): gevent.sleep(5)  -> carries on after one second
        Timeout.runOr(1, null, () -> {
            sleep(5);
            return null;
        });
        assertEquals(3.0, now());
        assertEquals("late", Gevent.withTimeout(1, () -> {
            sleep(5);
            return "on time";
        }, "late"));
    }

    @Test
    void poolMapPrintsThePoolsSize() {
        Pool pool = new Pool(2);
        pool.map(n -> {
            print("Size of pool " + pool.size());
            return null;
        }, List.of(0, 1, 2));
        assertEquals(List.of("Size of pool 2", "Size of pool 2", "Size of pool 1"), out);
    }

    @Test
    void groupMapImapAndImapUnordered() {
        Group group = new Group();
        group.map(n -> {
            print("Size of group " + group.size());
            return null;
        }, List.of(0, 1, 2));
        assertEquals(List.of("Size of group 3", "Size of group 3", "Size of group 3"), out);
        out.clear();
        Group.Fn<Integer, String> intensive = n -> {
            sleep(3 - n);
            return "task " + n;
        };
        for (String s : new Group().imap(intensive, List.of(0, 1, 2))) {
            print(s + " at " + now());
        }
        for (String s : new Group().imapUnordered(intensive, List.of(0, 1, 2))) {
            print(s + " at " + now());
        }
        assertEquals(List.of("task 0 at 3.0", "task 1 at 3.0", "task 2 at 3.0",
                "task 2 at 4.0", "task 1 at 5.0", "task 0 at 6.0"), out);
    }

    @Test
    void aBoundedCrawlerNeverRunsMoreThanThePoolAtOnce() {
        Pool pool = new Pool(3);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        for (int i = 0; i < 12; i++) {
            int page = i;
            pool.spawn(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                sleep(1 + page % 2);
                running.decrementAndGet();
            });
        }
        pool.join();
        assertEquals(3, most.get());
        assertEquals(0, pool.size());
        assertEquals(3, pool.freeCount());
        assertEquals(7.0, now());     // 1,2,1,2,... seconds, a freed slot taking the next page at once
    }

    @Test
    void bossAndWorkersShareAQueue() {
        Queue<Integer> tasks = new Queue<>();
        spawn(() -> {                                             // boss
            for (int i = 1; i <= 6; i++) {
                tasks.putNowait(i);
            }
        }).join();
        List<GreenTask<Void>> workers = new ArrayList<>();
        for (String n : List.of("steve", "john", "nancy")) {
            workers.add(spawn(() -> {
                while (!tasks.empty()) {
                    int task = tasks.get();
                    print("Worker " + n + " got task " + task);
                    sleep(0);
                }
                print("Quitting time! " + n);
            }));
        }
        joinAll(workers, FOREVER, false);
        assertEquals(List.of("Worker steve got task 1", "Worker john got task 2", "Worker nancy got task 3",
                "Worker steve got task 4", "Worker john got task 5", "Worker nancy got task 6",
                "Quitting time! steve", "Quitting time! john", "Quitting time! nancy"), out);
    }

    @Test
    void eventsAndAsyncResultsAreTheLoopsOwn() {
        Event evt = new Event();
        Future<String> a = hub.createFuture();
        joinAll(spawn(() -> {
            print("A: Hey wait for me, I have to do something");
            sleep(3);
            print("Ok, I'm done");
            evt.set();
            a.setResult("Hello!");
        }), spawn(() -> {
            evt.waitSet();
            print("I'm done too at " + now());
        }), spawn(() -> {
            print("got " + a.await() + " at " + now());
        }));
        assertEquals(List.of("A: Hey wait for me, I have to do something", "Ok, I'm done",
                "I'm done too at 3.0", "got Hello! at 3.0"), out);
        assertEquals("Hello!", Gevent.block(a::await));          // main waits on it directly too
    }

    @Test
    void aSemaphoreLetsTwoWorkersInAtATime() {
        Semaphore sem = new Semaphore(2);
        List<GreenTask<Void>> gs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            gs.add(spawn(() -> {
                try (var held = sem.hold()) {
                    print("Worker " + n + " acquired semaphore at " + now());
                    sleep(1);
                }
            }));
        }
        joinAll(gs, FOREVER, false);
        assertEquals(List.of("Worker 0 acquired semaphore at 0.0", "Worker 1 acquired semaphore at 0.0",
                "Worker 2 acquired semaphore at 1.0", "Worker 3 acquired semaphore at 1.0"), out);
    }

    @Test
    void aSupervisorRestartsAFailingWorkerFromItsLink() {
        AtomicInteger attempts = new AtomicInteger();
        List<GreenTask<String>> done = new ArrayList<>();
        class Supervisor {
            void start() {
                GreenTask<String> g = spawn(() -> {
                    sleep(1);
                    if (attempts.incrementAndGet() < 3) {
                        throw new IllegalStateException("flaky " + attempts.get());
                    }
                    return "ok after " + attempts.get();
                });
                g.linkException(dead -> {
                    print("restarting after " + dead.exception().getMessage() + " at " + now());
                    start();
                });
                g.linkValue(done::add);
            }
        }
        new Supervisor().start();
        sleep(10);
        assertEquals(List.of("restarting after flaky 1 at 1.0", "restarting after flaky 2 at 2.0"), out);
        assertEquals(1, done.size());
        assertEquals("ok after 3", done.getFirst().value());
        assertEquals(2, reports.size());                          // each failure printed by the hub
    }

    @Test
    void killingAWorkerThatCleansUp() {
        GreenTask<Void> g = spawn(() -> {
            try {
                while (true) {
                    sleep(1);
                    print("tick " + now());
                }
            } finally {
                print("cleaned up at " + now());
            }
        });
        sleep(2.5);
        g.kill();                                                // raises GreenletExit in it, waits
        assertTrue(g.dead() && g.successful());
        assertInstanceOf(GreenletExit.class, g.greenletExit());
        assertEquals(List.of("tick 1.0", "tick 2.0", "cleaned up at 2.5"), out);
        Gevent.killAll(List.of(g));                              // killing the dead is a no-op
        assertEquals(2.5, now());
    }
}
