package dev.weft.green;

import static dev.weft.green.Gevent.FOREVER;
import static dev.weft.green.Gevent.sleep;
import static dev.weft.green.Gevent.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.aio.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules of gevent's documented behaviour (and of its own test suite) that weft's green layer
 * follows exactly: each test names the rule a gevent user relies on.
 */
@org.junit.jupiter.api.Timeout(60)
class GeventRulesTest extends VirtualHub {

    /** A task body that catches every kill and sleeps again. */
    static void refuseToDie() {
        while (true) {
            try {
                sleep(100);
            } catch (dev.weft.aio.CancelledError refused) {
                // refuses to die
            }
        }
    }

    @Nested
    class KillBeforeStart {
        @Test
        void aTaskKilledBeforeItStartsNeverRunsAndIsDeadAtOnceWithAGreenletExit() {
            List<String> trace = new ArrayList<>();
            GreenTask<String> g = spawn(() -> {
                trace.add("ran");
                return "value";
            });
            List<GreenTask<String>> linked = new ArrayList<>();
            g.link(linked::add);
            g.kill(new GreenletExit(), false, FOREVER);
            assertTrue(g.dead(), g.toString());       // at once, without a trip round the hub
            assertTrue(g.ready());
            assertTrue(g.successful());
            assertFalse(g.started());
            assertNull(g.exception());
            assertInstanceOf(GreenletExit.class, g.greenletExit());
            assertTrue(g.join(0));
            sleep(0.5);
            assertEquals(List.of(), trace);
            assertEquals(List.of(g), linked);       // links still fire
            assertEquals("GreenTask[" + g.name() + ", dead: killed]", g.toString());
        }

        @Test
        void killAllOfUnstartedTasksLeavesThemDeadWithoutRunning() {
            List<String> trace = new ArrayList<>();
            GreenTask<Void> a = spawn(() -> { trace.add("a"); });
            GreenTask<Void> b = Gevent.spawnLater(1, () -> { trace.add("b"); });
            Gevent.killAll(List.of(a, b), new GreenletExit(), false, FOREVER);
            assertTrue(a.dead() && b.dead());
            sleep(2);
            assertEquals(List.of(), trace);
            assertEquals(0, hub.allTasks().size());
        }

        @Test
        void aTaskKilledBeforeItStartsWithAnotherExceptionFailsWithIt() {
            IllegalStateException boom = new IllegalStateException("stop");
            GreenTask<Integer> g = spawn(() -> 1);
            g.kill(boom, false, FOREVER);
            assertTrue(g.dead());
            assertFalse(g.successful());
            assertSame(boom, g.exception());
            assertSame(boom, assertThrows(IllegalStateException.class, g::get));
        }
    }

    @Nested
    class Links {
        @Test
        void aLinkRunsInAGreenTaskOfItsOwnSoItMayWait() {
            List<String> trace = new ArrayList<>();
            GreenTask<Integer> g = spawn(() -> 7);
            g.link(done -> {
                assertNotSame(done.task(), Task.current());
                sleep(1);                                // a wait: only a task may do this
                trace.add("link saw " + done.value() + " at " + now());
            });
            g.join();
            sleep(2);
            assertEquals(List.of("link saw 7 at 1.0"), trace);
        }

        @Test
        void linksRunInTheOrderTheyWereAdded() {
            List<String> trace = new ArrayList<>();
            GreenTask<Integer> g = spawn(() -> 7);
            g.link(done -> trace.add("first"));
            g.linkValue(done -> trace.add("second"));
            g.linkException(done -> trace.add("never"));
            g.rawLink(done -> trace.add("raw"));
            sleep(0.1);
            assertEquals(List.of("first", "second", "raw"), trace);
        }

        @Test
        void aLinkThatThrowsDoesNotStopTheOthersAndEachFailureIsReported() {
            GreenTask<Integer> g = spawn(() -> 5);
            List<Integer> results = new ArrayList<>();
            g.link(done -> {
                results.add(10);
                throw new IllegalStateException("listener1");
            });
            g.rawLink(done -> {
                results.add(20);
                throw new IllegalStateException("listener2");
            });
            g.link(done -> {
                results.add(30);
            });
            sleep(0.1);
            assertEquals(List.of(10, 20, 30), results);
            assertTrue(reportMessages().stream().anyMatch(m -> m.contains("listener1")), reportMessages().toString());
            assertTrue(reportMessages().stream().anyMatch(m -> m.contains("listener2")), reportMessages().toString());
        }

        @Test
        void aLinkUnlinkingALaterOneStopsItEvenOnceNotificationHasBegun() {
            for (boolean raw : new boolean[] {false, true}) {
                GreenTask<Integer> g = spawn(() -> 5);
                List<String> results = new ArrayList<>();
                java.util.function.Consumer<GreenTask<Integer>>[] second = new java.util.function.Consumer[1];
                java.util.function.Consumer<GreenTask<Integer>> first = done -> {
                    done.unlink(second[0]);
                    results.add("first");
                };
                second[0] = done -> results.add("second");
                if (raw) {
                    g.rawLink(first);
                    g.rawLink(second[0]);
                } else {
                    g.link(first);
                    g.link(second[0]);
                }
                sleep(0.1);
                assertEquals(List.of("first"), results, raw ? "raw links" : "links");
            }
        }

        @Test
        void aLinkAddedAfterDeathRunsToo() {
            GreenTask<Integer> g = spawn(() -> 100);
            g.join();
            sleep(0.1);
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                g.link(done -> got.add(done.value()));
                sleep(0);
                sleep(0);
            }
            assertEquals(List.of(100, 100, 100), got);
        }

        @Test
        void aFailingLinkIsReportedNotSwallowed() {
            GreenTask<Integer> g = spawn(() -> 7);
            g.link(done -> {
                throw new IllegalStateException("bad link");
            });
            sleep(0.1);
            assertTrue(reportMessages().stream().anyMatch(m -> m.contains("link") && m.contains("bad link")),
                    reportMessages().toString());
        }

        @Test
        void aRawLinkRunsInlineInTheHubAndCannotWait() {
            List<Object> seen = new ArrayList<>();
            GreenTask<Integer> g = spawn(() -> 7);
            g.rawLink(done -> {
                seen.add(done.value());
                try {
                    sleep(1);
                } catch (IllegalStateException e) {
                    seen.add("cannot wait");
                }
            });
            sleep(0.1);
            assertEquals(List.of(7, "cannot wait"), seen);
        }

        @Test
        void unlinkRemovesARawLinkToo() {
            List<String> trace = new ArrayList<>();
            GreenTask<Integer> g = spawn(() -> 7);
            java.util.function.Consumer<GreenTask<Integer>> raw = done -> trace.add("raw");
            g.rawLink(raw);
            g.unlink(raw);
            g.join();
            sleep(0.1);
            assertEquals(List.of(), trace);
        }
    }

    @Nested
    class Pools {
        @Test
        void aPoolOfZeroIsAllowedAndNeverHasAFreeSlot() {
            Pool p = new Pool(0);
            assertEquals(0, p.freeCount());
            assertTrue(p.full());
            assertEquals(0, p.waitAvailable(2));
            assertEquals(2.0, now());
        }

        @Test
        void aNegativeSizeIsRefusedWithGeventsWords() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Pool(-1));
            assertTrue(e.getMessage().contains("size must not be negative: -1"), e.getMessage());
        }

        @Test
        void anUnboundedPoolNeverWaits() {
            Pool p = new Pool();
            List<GreenTask<?>> gs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                gs.add(p.spawn(() -> sleep(1)));
            }
            assertFalse(p.full());
            assertEquals(0.0, now());
            p.join();
            assertEquals(1.0, now());
        }

        @Test
        void addToAFullPoolWithoutBlockingRaisesPoolFull() {
            Pool p = new Pool(1);
            p.spawn(() -> sleep(5));
            GreenTask<Void> extra = spawn(() -> sleep(1));
            PoolFull e = assertThrows(PoolFull.class, () -> p.add(extra, false, FOREVER));
            assertTrue(e.getMessage().contains("Pool[size=1"), e.getMessage());
            assertFalse(p.contains(extra));
            assertEquals(0.0, now());
        }

        @Test
        void addToAFullPoolWaitsForASlotOrRaisesPoolFullAtItsTimeout() {
            Pool p = new Pool(1);
            p.spawn(() -> sleep(5));
            GreenTask<Void> extra = spawn(() -> sleep(10));
            assertThrows(PoolFull.class, () -> p.add(extra, true, 2));
            assertEquals(2.0, now());
            p.add(extra, true, FOREVER);
            assertEquals(5.0, now());
            assertTrue(p.contains(extra));
        }

        @Test
        void mapIsEagerAFreedSlotTakesTheNextItemAtOnce() {
            Pool p = new Pool(2);
            List<Integer> out = p.map(seconds -> {
                sleep(seconds);
                return seconds;
            }, List.of(3, 1, 1, 1));
            assertEquals(List.of(3, 1, 1, 1), out);
            assertEquals(3.0, now());       // 3 and 1,1,1 side by side, not 3 then 1
        }

        @Test
        void imapIsLazyNothingStartsBeforeTheConsumerAsks() {
            Pool p = new Pool(2);
            List<Integer> started = new ArrayList<>();
            Iterable<Integer> it = p.imap(i -> {
                started.add(i);
                return i;
            }, List.of(1, 2, 3, 4, 5));
            sleep(1);
            assertEquals(List.of(), started);
            var iter = it.iterator();
            assertEquals(1, iter.next());
            assertTrue(started.size() <= 3, started.toString());   // bounded look-ahead
        }
    }

    @Nested
    class Groups {
        @Test
        void aDeadTaskAddedToAGroupIsDiscardedAtOnce() {
            GreenTask<Integer> g = spawn(() -> 1);
            g.join();
            Group group = new Group();
            group.add(g);
            assertFalse(group.contains(g));
            assertEquals(0, group.size());
            Pool p = new Pool(1);
            p.add(g);
            assertEquals(1, p.freeCount());
        }

        @Test
        void killWithATimeoutThatExpiresIsQuiet() {
            Group group = new Group();
            group.spawn(GeventRulesTest::refuseToDie);
            sleep(0);
            group.kill(new GreenletExit(), true, 3);       // gevent: Group.kill swallows its own Timeout
            assertEquals(3.0, now());
            assertEquals(1, group.size());
        }

        @Test
        void killAllWithATimeoutThatExpiresRaisesTimeoutAsGeventDocumentsIt() {
            GreenTask<Void> stubborn = spawn(GeventRulesTest::refuseToDie);
            sleep(0);
            Timeout t = assertThrows(Timeout.class, () -> Gevent.killAll(List.of(stubborn), new GreenletExit(), true, 3));
            assertEquals(3.0, t.seconds());
            assertEquals(3.0, now());
        }
    }

    @Nested
    class Counting {
        private List<GreenTask<Integer>> sleepers(int... seconds) {
            List<GreenTask<Integer>> gs = new ArrayList<>();
            for (int s : seconds) {
                gs.add(spawn(() -> {
                    sleep(s);
                    return s;
                }));
            }
            return gs;
        }

        @Test
        void joinAllWithACountReturnsAfterTheFirstCount() {
            List<GreenTask<Integer>> gs = sleepers(3, 1, 2);
            List<GreenTask<Integer>> dead = Gevent.joinAll(gs, FOREVER, false, 2);
            assertEquals(List.of(gs.get(1), gs.get(2)), dead);
            assertEquals(2.0, now());
        }

        @Test
        void joinAllWithACountAndRaiseErrorStillRaises() {
            GreenTask<Void> bad = spawn(() -> {
                sleep(1);
                throw new java.io.IOException("bad");
            });
            List<GreenTask<?>> gs = List.of(bad, spawn(() -> sleep(5)));
            assertThrows(java.io.IOException.class, () -> Gevent.joinAll(gs, FOREVER, true, 2));
            assertEquals(1.0, now());
        }

        @Test
        void iwaitWithACountStopsAfterThatMany() {
            List<GreenTask<Integer>> gs = sleepers(3, 1, 2);
            List<Integer> got = new ArrayList<>();
            for (GreenTask<Integer> g : Gevent.iwait(gs, FOREVER, 1)) {
                got.add(g.value());
            }
            assertEquals(List.of(1), got);
            assertEquals(1.0, now());
        }
    }

    @Nested
    class WaitingForTheHubToBeIdle {
        @Test
        void waitAllReturnsOnceEveryTaskAndEveryTaskTheySpawnedHasEnded() {
            List<String> trace = new ArrayList<>();
            spawn(() -> {
                sleep(1);
                spawn(() -> {
                    sleep(2);
                    trace.add("grandchild at " + now());
                });
            });
            GreenTask<Void> g = spawn(() -> sleep(2));
            g.link(done -> {
                sleep(5);
                trace.add("link at " + now());
            });
            Gevent.waitAll();
            assertEquals(List.of("grandchild at 3.0", "link at 7.0"), trace);
            assertEquals(7.0, now());
            assertTrue(hub.allTasks().isEmpty());
        }

        @Test
        void waitAllWithATimeoutSaysWhetherTheHubBecameIdle() {
            spawn(() -> sleep(10));
            assertFalse(Gevent.waitAll(3));
            assertEquals(3.0, now());
            assertTrue(Gevent.waitAll(FOREVER));
            assertEquals(10.0, now());
        }

        @Test
        void waitAllFromATaskIsRefusedWithTheAlternative() {
            GreenTask<String> g = spawn(() -> {
                try {
                    Gevent.waitAll();
                    return "returned";
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
            });
            String m = g.get();
            assertTrue(m.contains("would never return") && m.contains("joinAll"), m);
        }
    }

    @Nested
    class DestroyingTheHub {
        @Test
        void destroyWaitsForLinksStillToRun() {
            List<String> trace = new ArrayList<>();
            GreenTask<Void> g = spawn(() -> sleep(100));
            g.link(done -> {
                sleep(1);
                trace.add("link ran at " + now());
            });
            g.rawLink(done -> trace.add("raw link ran"));
            sleep(1);
            Gevent.destroyHub();
            assertEquals(List.of("raw link ran", "link ran at 2.0"), trace);
        }

        @Test
        void destroyLetsWorkSpawnedByALinkFinish() {
            List<String> trace = new ArrayList<>();
            GreenTask<Void> g = spawn(() -> sleep(100));
            g.link(done -> spawn(() -> {
                sleep(1);
                trace.add("cleanup at " + now());
            }));
            sleep(1);
            Gevent.destroyHub();                            // kills g; its link's cleanup still runs
            assertEquals(List.of("cleanup at 2.0"), trace);
        }

        @Test
        void destroyRunsTheLinksOfATaskThatDiedJustBefore() {
            List<String> trace = new ArrayList<>();
            GreenTask<Integer> g = spawn(() -> 1);
            g.link(done -> trace.add("link"));
            hub.runUntilComplete(g.task());   // g is dead, its links not run yet
            Gevent.destroyHub();
            assertEquals(List.of("link"), trace);
        }
    }

    @Nested
    class JoiningYourself {
        @Test
        void aTaskJoiningItselfIsRefusedInsteadOfHanging() {
            GreenTask<String> g = spawn(() -> {
                try {
                    GreenTask.current().join();
                    return "joined";
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
            });
            String m = g.get();
            assertTrue(m.contains("cannot wait for itself") && m.contains(g.name()), m);
        }

        @Test
        void aTaskGettingItsOwnValueIsRefusedToo() {
            GreenTask<Object> g = spawn(() -> GreenTask.current().get(5));
            IllegalStateException e = assertThrows(IllegalStateException.class, g::get);
            assertTrue(e.getMessage().contains("cannot wait for itself"), e.getMessage());
            assertEquals(0.0, now());
        }
    }

    @Nested
    class Unstarted {
        @Test
        void aCreatedTaskRunsOnlyOnceStarted() {
            List<String> trace = new ArrayList<>();
            GreenTask<Integer> g = GreenTask.create("later", () -> {
                trace.add("ran at " + now());
                return 5;
            });
            assertEquals("GreenTask[later, not started]", g.toString());
            sleep(2);
            assertEquals(List.of(), trace);
            assertFalse(g.started() || g.dead());
            g.start();
            g.start();                                      // a second start does nothing
            assertEquals(5, g.get());
            assertEquals(List.of("ran at 2.0"), trace);
        }

        @Test
        void startLaterWaitsItsDelayFromTheCall() {
            GreenTask<Double> g = GreenTask.create(() -> now());
            sleep(1);
            g.startLater(3);
            assertEquals(4.0, g.get());
        }

        @Test
        void aCreatedTaskKilledBeforeStartIsDeadAndAStartDoesNothing() {
            List<String> trace = new ArrayList<>();
            GreenTask<Void> g = GreenTask.create(() -> { trace.add("ran"); });
            g.kill(new GreenletExit(), false, FOREVER);
            assertTrue(g.dead() && g.successful());
            g.start();
            sleep(1);
            assertEquals(List.of(), trace);
        }

        @Test
        void aPoolStartsACreatedTaskOnlyWhenItHasASlot() {
            Pool p = new Pool(1);
            p.spawn(() -> sleep(2));
            GreenTask<Double> g = GreenTask.create(() -> now());
            assertThrows(PoolFull.class, () -> p.start(g, false, FOREVER));
            assertFalse(p.contains(g));
            p.start(g, true, FOREVER);
            assertEquals(2.0, g.get());
            Group group = new Group();
            GreenTask<Double> h = GreenTask.create(() -> now());
            group.start(h);
            group.join();
            assertEquals(2.0, h.value());
        }
    }

    @Nested
    class AsyncApplyAndMap {
        @Test
        void applyAsyncNeverWaitsEvenWhenThePoolIsFull() {
            Pool p = new Pool(1);
            p.spawn(() -> sleep(3));
            List<Object> got = new ArrayList<>();
            GreenTask<Double> g = p.applyAsync(() -> now(), got::add);
            assertEquals(0.0, now());                      // returned at once
            assertFalse(p.contains(g));                    // untracked while the pool was full
            assertEquals(3.0, g.get());
            sleep(0.1);
            assertEquals(List.of(3.0), got);
        }

        @Test
        void applyAsyncOnAPoolWithRoomSpawnsAMember() {
            Pool p = new Pool(2);
            GreenTask<Integer> g = p.applyAsync(() -> 4);
            assertTrue(p.contains(g));
            assertEquals(4, g.get());
        }

        @Test
        void mapAsyncReturnsATaskWhoseValueIsTheList() {
            Pool p = new Pool(2);
            List<List<Integer>> seen = new ArrayList<>();
            GreenTask<List<Integer>> g = p.mapAsync(i -> {
                sleep(i);
                return i * 10;
            }, List.of(2, 1, 1), seen::add);
            assertEquals(0.0, now());
            assertEquals(List.of(20, 10, 10), g.get());
            assertEquals(2.0, now());
            assertEquals(List.of(List.of(20, 10, 10)), seen);
        }
    }

    /** The behaviours gevent's own pool tests pin down, as a weft user meets them. */
    @Nested
    class AsGeventsPoolTestsHaveIt {
        @Test
        void applyAsyncTakesTheFreeSlotsThenQueuesWithoutWaiting() {
            Pool p = new Pool(2);
            List<Integer> r = new ArrayList<>();
            GreenTask<Void> first = p.spawn(() -> { r.add(1); });
            assertEquals(1, p.freeCount());
            first.get();
            sleep(0);
            assertEquals(2, p.freeCount());
            p.applyAsync(() -> r.add(2));
            assertEquals(1, p.freeCount());
            p.applyAsync(() -> r.add(3));
            assertEquals(0, p.freeCount());
            p.applyAsync(() -> r.add(4));                  // full: returns at once all the same
            assertEquals(List.of(1), r);
            sleep(0.01);
            assertEquals(List.of(1, 2, 3, 4), r.stream().sorted().toList());
        }

        @Test
        void aConsumerAndAProducerShareAPool() {
            Pool p = new Pool(2);
            dev.weft.aio.Event evt = new dev.weft.aio.Event();
            List<String> results = new ArrayList<>();
            GreenTask<Void> done = p.spawn(() -> {
                results.add("cons1");
                evt.waitSet();
                results.add("cons2");
            });
            p.applyAsync(() -> {
                sleep(0.001);
                results.add("prod");
                evt.set();
                return null;
            });
            done.get();
            assertEquals(List.of("cons1", "prod", "cons2"), results);
        }

        @Test
        void applyIsReentrantFromAMemberOfAFullPool() {
            Pool p = new Pool(1);
            assertEquals(6, p.apply(() -> p.apply(() -> 5 + 1)));
        }

        @Test
        void aDiscardedMemberGivesItsSlotBackOnce() {
            Pool p = new Pool(1);
            GreenTask<Void> first = p.spawn(() -> sleep(1000));
            p.discard(first);
            first.kill();
            assertEquals(0, p.size());
            assertEquals(1, p.freeCount());
        }

        @Test
        void aBlockingAddCutShortByAnOuterTimeoutTakesNoSlot() {
            Pool p = new Pool(1);
            GreenTask<Void> first = spawn(() -> sleep(1000));
            GreenTask<Void> second = spawn(() -> sleep(1000));
            p.add(first);
            assertEquals(0, p.freeCount());
            assertThrows(Timeout.class, () -> Timeout.run(0.1, () -> {
                p.add(second);
                return null;
            }));
            assertEquals(0, p.freeCount());
            assertEquals(1, p.size());
        }

        @Test
        void killingAPoolWhileMapAsyncFeedsItEndsPromptly() {
            Pool p = new Pool(2);
            GreenTask<List<Void>> result = p.mapAsync(x -> {
                sleep(x);
                return null;
            }, java.util.Collections.nCopies(4, 0.1));
            sleep(0.1);
            double before = now();
            p.kill();
            assertEquals(before, now());                   // the kill itself does not wait for sleeps
            result.join();                                 // the feeder may still place one more item
            assertTrue(now() <= before + 0.1 + 1e-9, "map ended at " + now());
            assertEquals(0, p.size());
        }

        @Test
        void imapUnorderedGivesCompletionOrderOrInputOrderForAPoolOfOne() {
            Group.Fn<Integer, String> nap = x -> {
                sleep(x / 10.0);
                return String.valueOf(x);
            };
            List<String> one = new ArrayList<>();
            new Pool(1).imapUnordered(nap, List.of(10, 1, 2)).forEach(one::add);
            List<String> two = new ArrayList<>();
            new Pool(2).imapUnordered(nap, List.of(10, 1, 2)).forEach(two::add);
            List<String> unlimited = new ArrayList<>();
            new Pool().imapUnordered(nap, List.of(10, 1, 2)).forEach(unlimited::add);
            assertEquals(List.of("10", "1", "2"), one);
            assertEquals(List.of("1", "2", "10"), two);
            assertEquals(List.of("1", "2", "10"), unlimited);
        }

        @Test
        void mapAndImapTakeTwoIterablesInStepEndingWithTheShorter() {
            Pool p = new Pool(2);
            List<String> letters = List.of("a", "b", "c", "d");
            List<Integer> counts = List.of(1, 2, 3);
            assertEquals(List.of("a", "bb", "ccc"), p.map((s, n) -> s.repeat(n), letters, counts));
            List<String> ordered = new ArrayList<>();
            p.imap((s, n) -> {
                sleep(3 - n);
                return s + n;
            }, letters, counts).forEach(ordered::add);
            assertEquals(List.of("a1", "b2", "c3"), ordered);
            List<String> unordered = new ArrayList<>();
            new Group().imapUnordered((s, n) -> {
                sleep(3 - n);
                return s + n;
            }, letters, counts).forEach(unordered::add);
            assertEquals(List.of("c3", "b2", "a1"), unordered);
        }

        @Test
        void emptyInputsGiveEmptyResults() {
            Pool p = new Pool(3);
            assertEquals(List.of(), p.map(x -> x, List.<Integer>of()));
            assertFalse(p.imap(x -> x, List.<Integer>of()).iterator().hasNext());
            assertFalse(p.imapUnordered(x -> x, List.<Integer>of()).iterator().hasNext());
            assertTrue(p.join(0, false));
        }
    }

    /** How far a task got before the kill, as gevent's kill tests vary it. */
    enum Stage { CREATED, STARTED, STARTED_LATER, RUNNING }

    /**
     * gevent's kill matrix: whatever stage the task is at, killed by {@code kill} or
     * {@code killAll}, blocking or not, with a {@code GreenletExit} or another exception, its
     * function never gets past the kill, it is dead, its links run once, and a second kill changes
     * nothing.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}, killAll={1}, block={2}, greenletExit={3}")
    @org.junit.jupiter.params.provider.MethodSource("killCases")
    void aKillAtAnyStageLeavesTheTaskDeadWithItsLinksRunOnce(Stage stage, boolean killAll, boolean block,
            boolean greenletExit) {
        List<Integer> result = new ArrayList<>();
        List<GreenTask<Void>> linkTest = new ArrayList<>();
        GreenTask<Void> g = GreenTask.create(() -> {
            if (stage == Stage.RUNNING) {
                sleep(10);
            }
            result.add(1);
        });
        g.link(linkTest::add);
        switch (stage) {
            case CREATED -> { }
            case STARTED -> g.start();
            case STARTED_LATER -> g.startLater(1);
            case RUNNING -> {
                g.start();
                sleep(0.5);
                assertTrue(g.started());
            }
        }
        Throwable exc = greenletExit ? new GreenletExit() : new IllegalStateException("killed");
        Runnable killer = killAll
                ? () -> Gevent.killAll(List.of(g), exc, block, FOREVER)
                : () -> g.kill(exc, block, FOREVER);
        killer.run();
        if (!block) {
            sleep(0.01);
        }
        assertKilled(g, greenletExit);
        sleep(0.01);
        assertKilled(g, greenletExit);
        killer.run();                                        // a second kill must not hurt
        assertKilled(g, greenletExit);
        sleep(20);
        assertEquals(List.of(), result);
        assertEquals(List.of(g), linkTest);
    }

    private static void assertKilled(GreenTask<?> g, boolean successful) {
        assertTrue(g.dead() && g.ready(), g.toString());
        assertEquals(successful, g.successful(), g.toString());
        if (successful) {
            assertInstanceOf(GreenletExit.class, g.greenletExit());
            assertNull(g.exception());
        } else {
            assertNull(g.greenletExit());
            assertInstanceOf(IllegalStateException.class, g.exception());
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> killCases() {
        java.util.stream.Stream.Builder<org.junit.jupiter.params.provider.Arguments> b = java.util.stream.Stream.builder();
        for (Stage stage : Stage.values()) {
            for (boolean killAll : new boolean[] {false, true}) {
                for (boolean block : new boolean[] {false, true}) {
                    for (boolean exit : new boolean[] {true, false}) {
                        b.add(org.junit.jupiter.params.provider.Arguments.of(stage, killAll, block, exit));
                    }
                }
            }
        }
        return b.build();
    }
}
