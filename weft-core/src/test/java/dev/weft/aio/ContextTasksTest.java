package dev.weft.aio;

import static dev.weft.aio.AioTesting.loop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.gen.Generator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Context that follows tasks: each task runs in a copy of its creator's context, callbacks in the
 * context current when scheduled, toThread and runCoroutineThreadsafe carry it, and generators a
 * task drives see it. Every test runs on each task backend this JVM has.
 */
@Timeout(30)
class ContextTasksTest {
    static final ContextVar<String> ID = new ContextVar<>("id", "none");

    private static <T> T run(TaskBackend backend, Callable<T> main) {
        assumeTrue(backend.isAvailable(), backend + " needs weft's JVM flags");
        return new Context().run(() -> AioTesting.runVirtual(backend, main));
    }

    @ParameterizedTest
    @EnumSource(TaskBackend.class)
    void theMainTaskSeesTheCallersValuesAndItsSetsStayInside(TaskBackend backend) {
        new Context().run(() -> {
            ID.set("caller");
            String seen = AioTesting.runVirtual(backend.isAvailable() ? backend : TaskBackend.STRAND, () -> {
                String s = ID.get();
                ID.set("main");
                return s;
            });
            assertEquals("caller", seen);
            assertEquals("caller", ID.get());
        });
    }

    @ParameterizedTest
    @EnumSource(TaskBackend.class)
    void aChildSeesItsParentsValueAtCreationButNotItsLaterChanges(TaskBackend backend) {
        List<String> seen = run(backend, () -> {
            ID.set("parent");
            List<String> s = new ArrayList<>();
            Task<Void> child = loop().createTask(() -> {
                s.add("child starts with " + ID.get());
                Aio.sleep(1);
                s.add("child after parent changed: " + ID.get());
                ID.set("child");
                return null;
            });
            Aio.sleep(0.5);
            ID.set("parent later");
            child.await();
            s.add("parent after child set: " + ID.get());
            assertEquals("child", child.getContext().get(ID));
            return s;
        });
        assertEquals(List.of("child starts with parent", "child after parent changed: parent",
                "parent after child set: parent later"), seen);
    }

    @ParameterizedTest
    @EnumSource(TaskBackend.class)
    void aTaskThatOnlyReadsOrIgnoresVariablesNeverAllocatesAContext(TaskBackend backend) {
        run(backend, () -> {
            ID.set("creator");
            Task<String> reads = loop().createTask(() -> ID.get());
            Task<Integer> ignores = loop().createTask(() -> 1);
            Task<String> sets = loop().createTask(() -> {
                ID.set("its own");
                return ID.get();
            });
            assertEquals("creator", reads.await());
            assertEquals(1, ignores.await());
            assertEquals("its own", sets.await());
            assertNull(reads.contextIfMade(), "the copy at creation is the creator's variable array, shared");
            assertNull(ignores.contextIfMade());
            assertNotNull(sets.contextIfMade());
            assertEquals("creator", reads.getContext().get(ID)); // made on demand, with the same variables
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(TaskBackend.class)
    void interleavedTasksEachKeepTheirOwnValueAcrossEverySuspension(TaskBackend backend) {
        int tasks = 20;
        int rounds = 10;
        List<String> wrong = run(backend, () -> {
            List<String> w = new ArrayList<>();
            List<Task<Void>> all = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                String mine = "task " + i;
                all.add(loop().createTask(() -> {
                    for (int r = 0; r < rounds; r++) {
                        ID.set(mine + " round " + r);
                        Aio.sleep(r % 2 == 0 ? 0 : 0.001 * (tasks - r));
                        if (!ID.get().equals(mine + " round " + r)) {
                            w.add(mine + " saw " + ID.get());
                        }
                    }
                    return null;
                }));
            }
            for (Task<Void> t : all) {
                t.await();
            }
            w.add("main: " + ID.get());
            return w;
        });
        assertEquals(List.of("main: none"), wrong);
    }

    @ParameterizedTest
    @EnumSource(TaskBackend.class)
    void callbacksRunInTheContextCurrentWhenScheduledAndTheirSetsStayTheirOwn(TaskBackend backend) {
        List<String> seen = run(backend, () -> {
            List<String> s = new ArrayList<>();
            Future<Void> done = loop().createFuture();
            ID.set("at callSoon");
            loop().callSoon(() -> {
                s.add("soon: " + ID.get());
                ID.set("changed by soon");
            });
            ID.set("at callLater");
            loop().callLater(2, () -> {
                s.add("later: " + ID.get() + " at " + loop().time());
                done.setResult(null);
            });
            ID.set("after scheduling");
            done.await();
            s.add("task: " + ID.get());
            return s;
        });
        assertEquals(List.of("soon: at callSoon", "later: at callLater at 2.0", "task: after scheduling"), seen);
    }

    @ParameterizedTest
    @EnumSource(TaskBackend.class)
    void doneCallbacksRunInTheContextCurrentWhenAddedOrTheOneGiven(TaskBackend backend) {
        Context given = new Context();
        List<String> seen = run(backend, () -> {
            List<String> s = new ArrayList<>();
            Future<String> f = loop().createFuture();
            ID.set("at add");
            f.addDoneCallback(x -> s.add("pending, added: " + ID.get()));
            java.util.function.Consumer<Future<String>> removed = x -> s.add("removed one ran");
            f.addDoneCallback(removed);
            assertEquals(1, f.removeDoneCallback(removed));
            f.addDoneCallback(x -> s.add("given: " + ID.get()), given);
            ID.set("at completion");
            f.setResult("r");
            f.addDoneCallback(x -> {
                s.add("done, added: " + ID.get());
                ID.set("changed by a callback");
            });
            Future<Void> last = loop().createFuture();
            loop().callSoon(() -> last.setResult(null));
            last.await();
            s.add("task: " + ID.get());
            return s;
        });
        assertEquals(List.of("pending, added: at add", "given: none", "done, added: at completion",
                "task: at completion"), seen);
    }

    @ParameterizedTest
    @EnumSource(TaskBackend.class)
    void aCallbackGivenAContextRunsInItAndChangesIt(TaskBackend backend) {
        Context given = new Context();
        String seen = run(backend, () -> {
            given.run(() -> ID.set("given"));
            Future<String> f = loop().createFuture();
            loop().callSoon(() -> {
                f.setResult(ID.get());
                ID.set("set by the callback");
            }, given);
            return f.await();
        });
        assertEquals("given", seen);
        assertEquals("set by the callback", given.get(ID));
    }

    @ParameterizedTest
    @EnumSource(TaskBackend.class)
    void theRunningTasksContextCannotBeEnteredAgainButItsCallbacksRunInItWhileItWaits(TaskBackend backend) {
        run(backend, () -> {
            Context mine = Task.current().getContext();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> mine.run(() -> { }));
            assertTrue(e.getMessage().startsWith("cannot enter context: "), e.getMessage());
            Future<Void> f = loop().createFuture();
            loop().callSoon(() -> {
                ID.set("set by a callback in the task's context");
                f.setResult(null);
            }, mine);
            f.await();
            assertEquals("set by a callback in the task's context", ID.get());
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(TaskBackend.class)
    void aTaskCanBeGivenItsContext(TaskBackend backend) {
        Context given = new Context();
        run(backend, () -> {
            given.run(() -> ID.set("given"));
            ID.set("creator");
            Task<String> t = loop().createTask(() -> {
                ID.set("task: " + ID.get());
                return ID.get();
            }, "with context", given);
            assertSame(given, t.getContext());
            assertEquals("task: given", t.await());
            return null;
        });
        assertEquals("task: given", given.get(ID));
    }

    @ParameterizedTest
    @EnumSource(TaskBackend.class)
    void aTaskThatSuspendsInsideContextRunIsStillInItWhenResumed(TaskBackend backend) {
        List<String> seen = run(backend, () -> {
            ID.set("task");
            Context other = new Context();
            List<String> s = new ArrayList<>();
            Task<Void> neighbour = loop().createTask(() -> {
                ID.set("neighbour");
                Aio.sleep(1);
                return null;
            });
            other.run(() -> {
                ID.set("other");
                Aio.sleep(2); // the neighbour runs meanwhile, in its own context
                s.add("inside run after the wait: " + ID.get());
            });
            neighbour.await();
            s.add("after run: " + ID.get());
            return s;
        });
        assertEquals(List.of("inside run after the wait: other", "after run: task"), seen);
    }

    @ParameterizedTest
    @EnumSource(TaskBackend.class)
    void toThreadRunsInACopyOfTheCallersContext(TaskBackend backend) {
        run(backend, () -> {
            ID.set("caller");
            String onWorker = loop().toThread(() -> {
                String s = ID.get() + " on " + (Thread.currentThread().getName().startsWith("weft-to-thread") ? "worker" : "?");
                ID.set("worker");
                return s;
            }).await();
            assertEquals("caller on worker", onWorker);
            assertEquals("caller", ID.get());
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(TaskBackend.class)
    void runCoroutineThreadsafeGivesTheTaskACopyOfTheSubmittersContext(TaskBackend backend) throws Exception {
        assumeTrue(backend.isAvailable(), backend + " needs weft's JVM flags");
        EventLoop loop = EventLoop.create(Clock.real(), backend);
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread loopThread = Thread.ofPlatform().name("ctx-loop").start(() -> {
            loop.callSoon(() -> started.complete(null));
            loop.runForever();
        });
        try {
            started.get(10, TimeUnit.SECONDS);
            String seen = new Context().run(() -> {
                ID.set("submitter");
                CompletableFuture<String> cf = loop.runCoroutineThreadsafe(() -> {
                    String s = ID.get();
                    ID.set("task");
                    return s;
                });
                String r = cf.get(10, TimeUnit.SECONDS);
                assertEquals("submitter", ID.get());
                return r;
            });
            assertEquals("submitter", seen);
        } finally {
            loop.callSoonThreadsafe(loop::stop);
            loopThread.join(10_000);
            loop.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TaskBackend.class)
    void aGeneratorATaskDrivesSeesTheTasksValuesAndSetsThem(TaskBackend backend) {
        run(backend, () -> {
            ID.set("task");
            Generator<String, Object, Void> g = Generator.of(ctx -> {
                ctx.yield(ID.get());
                ID.set("set in generator");
                ctx.yield(ID.get());
                return null;
            });
            assertEquals("task", g.next());
            assertEquals("set in generator", g.next());
            assertEquals("set in generator", ID.get()); // as in Python: a generator has no context of its own
            Task<String> other = loop().createTask(() -> {
                ID.set("other task");
                return ID.get();
            });
            other.await();
            assertEquals("set in generator", ID.get());
            g.close();
            return null;
        });
    }
}
