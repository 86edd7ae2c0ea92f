package dev.weft.green;

import static dev.weft.green.Gevent.FOREVER;
import static dev.weft.green.Gevent.joinAll;
import static dev.weft.green.Gevent.sleep;
import static dev.weft.green.Gevent.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Task;
import dev.weft.testing.Steps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** gevent's module-level API: the hub, spawn, sleep, joinAll, wait, iwait, killAll, destroyHub. */
@org.junit.jupiter.api.Timeout(60)
class GeventTest extends VirtualHub {

    @Nested
    class TheHub {
        @Test
        void isTheThreadsEventLoopCreatedOnFirstUse() {
            assertSame(hub, Gevent.getHub());
            assertSame(Gevent.getHub(), Gevent.getHub());
        }

        @Test
        void insideATaskIsTheLoopRunningIt() {
            EventLoop other = EventLoop.createVirtual();
            try {
                EventLoop seen = other.runUntilComplete(Gevent::getHub);
                assertSame(other, seen);
            } finally {
                other.close();
            }
        }

        @Test
        void destroyKillsWhatIsLeftRunsTheirFinallyAndANewHubFollows() {
            List<String> trace = new ArrayList<>();
            spawn(() -> {
                try {
                    sleep(100);
                } finally {
                    trace.add("finally at " + now());
                }
            });
            sleep(1);
            Gevent.destroyHub();
            assertEquals(List.of("finally at 1.0"), trace);
            assertTrue(hub.isClosed());
            EventLoop next = Gevent.getHub();
            assertNotSame(hub, next);
            next.close();
        }

        @Test
        void destroyWaitsForAStubbornTaskOnlyUpToTheShutdownTimeout() {
            spawn("stubborn", () -> {
                while (true) {
                    try {
                        Aio.sleep(1000);
                    } catch (dev.weft.aio.CancelledError e) {
                        // refuses to die
                    }
                }
            });
            sleep(1);
            Gevent.destroyHub();
            assertTrue(hub.isClosed());
            assertEquals(1.0 + hub.getShutdownTimeout(), now());
            assertTrue(reportMessages().stream().anyMatch(m -> m.contains("stubborn")), reportMessages().toString());
        }

        @Test
        void aCallbackOfTheRunningHubCannotWaitAndIsToldWhatToDoInstead() {
            List<Throwable> seen = new ArrayList<>();
            hub.callSoon(() -> {
                try {
                    sleep(1);
                } catch (IllegalStateException e) {
                    seen.add(e);
                }
            });
            sleep(0.5);
            assertEquals(1, seen.size());
            String m = seen.getFirst().getMessage();
            assertTrue(m.contains("callback") && m.contains("BlockingSwitchOutError") && m.contains("spawn a green task"), m);
        }
    }

    @Nested
    class Blocking {
        @Test
        void mainWaitsOnTheLoopsOwnPrimitivesThroughBlock() {
            dev.weft.aio.Queue<String> q = new dev.weft.aio.Queue<>();
            spawn(() -> {
                sleep(1);
                q.put("hello");
            });
            assertEquals("hello", Gevent.block(q::get));
            assertEquals(1.0, now());
        }

        @Test
        void insideATaskBlockJustRunsTheWait() {
            dev.weft.aio.Event ready = new dev.weft.aio.Event();
            GreenTask<Double> waiter = spawn(() -> Gevent.block(() -> {
                ready.waitSet();
                return now();
            }));
            spawn(() -> {
                sleep(2);
                ready.set();
            });
            assertEquals(2.0, waiter.get());
        }
    }

    @Nested
    class Stuck {
        @Test
        void aWaitFromMainThatCanNeverEndFailsAndNamesTheWaitingTasks() {
            dev.weft.aio.Event never = new dev.weft.aio.Event();
            GreenTask<Void> g = spawn("waiter", () -> {
                never.waitSet();
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, g::get);
            assertTrue(e.getMessage().contains("waiter"), e.getMessage());
            assertFalse(g.dead());
        }

        @Test
        void anotherThreadCannotWaitOnTheRunningHubAndIsToldTheThreadsafeWay() {
            GreenTask<Integer> slow = spawn(() -> {
                sleep(1);
                return 1;
            });
            GreenTask<String> asker = spawn(() -> hub.toThread(() -> {
                try {
                    slow.join();
                    return "joined";
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
            }).await());
            String m = asker.get();
            assertTrue(m.contains("runCoroutineThreadsafe"), m);
            assertEquals(1, slow.get());
        }
    }

    @Nested
    class Spawning {
        @Test
        void spawnedTasksStartOnlyWhenMainWaits() {
            List<String> trace = new ArrayList<>();
            GreenTask<Void> g = spawn(() -> { trace.add("ran"); });
            assertEquals(List.of(), trace);
            assertFalse(g.started());
            joinAll(g);
            assertEquals(List.of("ran"), trace);
            assertEquals(0.0, now());
        }

        @Test
        void fooAndBarFinishAtFiveSecondsNotSeven() {
            List<String> trace = new ArrayList<>();
            joinAll(spawn(() -> {
                trace.add("foo " + now());
                sleep(2);
                trace.add("foo again " + now());
            }), spawn(() -> {
                trace.add("bar " + now());
                sleep(5);
                trace.add("bar again " + now());
            }));
            assertEquals(List.of("foo 0.0", "bar 0.0", "foo again 2.0", "bar again 5.0"), trace);
            assertEquals(5.0, now());
        }

        @Test
        void spawnLaterStartsAfterItsDelay() {
            GreenTask<Double> g = Gevent.spawnLater(3, () -> now());
            sleep(2.5);
            assertFalse(g.started());
            assertEquals(3.0, g.get());
            assertTrue(g.started());
        }

        @Test
        void spawnLaterKilledBeforeItsDelayNeverRuns() {
            List<String> trace = new ArrayList<>();
            GreenTask<Void> g = Gevent.spawnLater(3, () -> { trace.add("ran"); return null; });
            sleep(1);
            g.kill();
            sleep(5);
            assertEquals(List.of(), trace);
            assertTrue(g.dead() && g.successful() && !g.started());
        }

        @Test
        void aNamedTaskShowsItsName() {
            GreenTask<Integer> g = spawn("fetcher", () -> 1);
            assertEquals("fetcher", g.name());
            assertEquals("fetcher", g.task().name());
            assertEquals("GreenTask[fetcher, pending]", g.toString());
        }
    }

    @Nested
    class Sleeping {
        @Test
        void sleepFromMainRunsTheHubForThatLong() {
            List<Double> trace = new ArrayList<>();
            spawn(() -> {
                sleep(1);
                trace.add(now());
            });
            sleep(2);
            assertEquals(List.of(1.0), trace);
            assertEquals(2.0, now());
        }

        @Test
        void sleepZeroIsAPlainYieldBetweenTasks() {
            List<String> trace = new ArrayList<>();
            joinAll(spawn(() -> {
                trace.add("a1");
                sleep(0);
                trace.add("a2");
            }), spawn(() -> {
                trace.add("b1");
                sleep(0);
                trace.add("b2");
            }));
            assertEquals(List.of("a1", "b1", "a2", "b2"), trace);
            assertEquals(0.0, now());
        }

        @Test
        void insideATaskWaitsSuspendOnlyThatTask() {
            Steps steps = new Steps();
            GreenTask<Integer> slow = spawn(() -> {
                steps.expect(2);
                sleep(2);
                steps.expect(5);
                return 7;
            });
            GreenTask<Integer> waiter = spawn(() -> {
                steps.expect(3);
                int v = slow.get();              // suspends this task only
                steps.expect(6);
                return v * 6;
            });
            GreenTask<Void> ticker = spawn(() -> {
                steps.expect(4);
                sleep(1);                        // runs while the waiter waits
                assertEquals(1.0, now());
            });
            steps.expect(1);
            assertEquals(42, waiter.get());
            steps.finish(7);
            assertTrue(ticker.successful());
        }

        @Test
        void nanIsRefusedWithTheFix() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sleep(Double.NaN));
            assertTrue(e.getMessage().contains("number of seconds"), e.getMessage());
        }
    }

    @Nested
    class JoiningAll {
        @Test
        void aTimeoutReturnsOnlyTheDeadInTheOrderTheyDied() {
            GreenTask<Integer> three = spawn(() -> sleepThen(3, 3));
            GreenTask<Integer> one = spawn(() -> sleepThen(1, 1));
            GreenTask<Integer> two = spawn(() -> sleepThen(2, 2));
            List<GreenTask<Integer>> dead = joinAll(List.of(three, one, two), 2.5, false);
            assertEquals(List.of(one, two), dead);
            assertEquals(2.5, now());
            assertFalse(three.dead());
        }

        @Test
        void raiseErrorThrowsTheFirstFailureAtOnceAsTheSameObject() {
            IOException boom = new IOException("boom");
            GreenTask<Integer> slow = spawn(() -> sleepThen(10, 1));
            GreenTask<Integer> bad = spawn(() -> {
                sleep(1);
                throw boom;
            });
            IOException thrown = assertThrows(IOException.class, () -> joinAll(List.of(slow, bad), FOREVER, true));
            assertSame(boom, thrown);
            assertEquals(1.0, now());
            assertFalse(slow.dead());
        }

        @Test
        void withoutRaiseErrorAFailureIsReportedByTheHubAndEveryTaskIsWaitedFor() {
            GreenTask<Integer> bad = spawn("bad", () -> {
                throw new IllegalStateException("nope");
            });
            GreenTask<Integer> good = spawn(() -> sleepThen(1, 1));
            List<GreenTask<Integer>> dead = joinAll(List.of(bad, good), FOREVER, false);
            assertEquals(List.of(bad, good), dead);
            assertEquals(1, reports.size(), reportMessages().toString());
            assertTrue(reportMessages().getFirst().startsWith("GreenTask[bad, dead: failed java.lang.IllegalStateException: nope] failed with"),
                    reportMessages().toString());
        }

        @Test
        void waitWithACountReturnsAsSoonAsThatManyAreDead() {
            GreenTask<Integer> a = spawn(() -> sleepThen(2, 2));
            GreenTask<Integer> b = spawn(() -> sleepThen(1, 1));
            assertEquals(List.of(b), Gevent.wait(List.of(a, b), FOREVER, 1));
            assertEquals(1.0, now());
        }

        @Test
        void iwaitGivesTasksInCompletionOrderAndStopsAtItsTimeout() {
            List<GreenTask<Integer>> tasks = List.of(spawn(() -> sleepThen(3, 3)), spawn(() -> sleepThen(1, 1)),
                    spawn(() -> sleepThen(2, 2)));
            List<String> seen = new ArrayList<>();
            for (GreenTask<Integer> g : Gevent.iwait(tasks, 2.5)) {
                seen.add(g.value() + "@" + now());
            }
            assertEquals(List.of("1@1.0", "2@2.0"), seen);
            assertEquals(2.5, now());
        }

        @Test
        void iwaitInsideATaskSuspendsOnlyIt() {
            GreenTask<List<Integer>> collector = spawn(() -> {
                List<GreenTask<Integer>> tasks = List.of(spawn(() -> sleepThen(2, 2)), spawn(() -> sleepThen(1, 1)));
                List<Integer> got = new ArrayList<>();
                for (GreenTask<Integer> g : Gevent.iwait(tasks)) {
                    got.add(g.value());
                }
                return got;
            });
            assertEquals(List.of(1, 2), collector.get());
        }
    }

    @Nested
    class KillingAll {
        @Test
        void killAllKillsEveryTaskAndWaitsForTheirFinally() {
            List<String> trace = new ArrayList<>();
            List<GreenTask<Void>> tasks = new ArrayList<>();
            for (String n : List.of("a", "b")) {
                tasks.add(spawn(() -> {
                    try {
                        sleep(100);
                    } finally {
                        trace.add(n + "@" + now());
                    }
                }));
            }
            sleep(1);
            Gevent.killAll(tasks);
            assertEquals(List.of("a@1.0", "b@1.0"), trace);
            assertTrue(tasks.stream().allMatch(g -> g.dead() && g.successful() && g.greenletExit() != null));
        }

        @Test
        void killAllWithATimeoutRaisesTimeoutWhenATaskWillNotDie() {
            GreenTask<Void> stubborn = spawn(() -> {
                try {
                    sleep(100);
                } catch (dev.weft.aio.CancelledError e) {
                    Task.current().uncancel();
                    Aio.sleep(10);               // cleans up for a long time
                }
            });
            sleep(1);
            Timeout t = assertThrows(Timeout.class, () -> Gevent.killAll(List.of(stubborn), new GreenletExit(), true, 2));
            assertTrue(t.getMessage().contains("1 of 1 killed tasks still alive"), t.getMessage());
            assertEquals(3.0, now());
            assertTrue(stubborn.join());
            assertEquals(11.0, now());
        }
    }

    static int sleepThen(double seconds, int value) {
        sleep(seconds);
        return value;
    }
}
