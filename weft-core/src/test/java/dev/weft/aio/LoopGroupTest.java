package dev.weft.aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LoopGroup: placement, awaiting across loops, cancellation across loops, orderly shutdown. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoopGroupTest {

    /** Awaits a CompletableFuture that another loop completes, on the calling task's loop. */
    private static <T> T awaitCf(CompletableFuture<T> cf) {
        return Future.wrap(cf, EventLoop.current()).await();
    }

    @Nested
    class Placement {
        @Test
        void roundRobinVisitsEveryLoopInTurn() {
            List<Integer> where = LoopGroup.run(3, () -> {
                LoopGroup g = LoopGroup.current();
                List<Integer> got = new ArrayList<>();
                for (int i = 0; i < 7; i++) {
                    EventLoop ran = g.submit(EventLoop::current).await();
                    got.add(g.loops().indexOf(ran));
                }
                return got;
            });
            assertEquals(List.of(0, 1, 2, 0, 1, 2, 0), where);
        }

        @Test
        void theSameKeyAlwaysLandsOnTheSameLoopAndKeysSpread() {
            LoopGroup.run(4, () -> {
                LoopGroup g = LoopGroup.current();
                Set<EventLoop> used = new HashSet<>();
                for (int k = 0; k < 64; k++) {
                    String key = "user-" + k;
                    EventLoop first = g.submit(key, EventLoop::current).await();
                    EventLoop second = g.submit(key, EventLoop::current).await();
                    assertSame(first, second, key);
                    assertSame(first, g.loopFor(key), key);
                    used.add(first);
                }
                assertEquals(4, used.size(), "64 keys should reach all 4 loops");
                return null;
            });
        }

        @Test
        void leastLoadedAvoidsTheLoopWhoseWorkIsUnfinished() {
            try (LoopGroup g = LoopGroup.create(2, LoopGroup.Placement.LEAST_LOADED)) {
                CompletableFuture<Void> gate = new CompletableFuture<>();
                CompletableFuture<EventLoop> blocked = g.submitThreadsafe(() -> {
                    awaitCf(gate);
                    return EventLoop.current();
                });
                EventLoop busy = g.loops().get(0);
                assertEquals(1, g.load(busy));
                for (int i = 0; i < 5; i++) {
                    // round robin would alternate; least loaded keeps away from the busy loop
                    EventLoop ran = g.submitThreadsafe(EventLoop::current).join();
                    assertNotSame(busy, ran, "submission " + i);
                }
                gate.complete(null);
                assertSame(busy, blocked.join());
                assertEquals(0, g.load(busy));
            }
        }

        @Test
        void aLoopOfAnotherGroupIsRefusedWithTheFix() {
            try (LoopGroup a = LoopGroup.create(1); LoopGroup b = LoopGroup.create(1)) {
                EventLoop foreign = b.loops().get(0);
                IllegalArgumentException e = a.submitThreadsafe(() -> assertThrows(IllegalArgumentException.class,
                        () -> a.submitTo(foreign, () -> 1))).join();
                assertTrue(e.getMessage().contains("is not a loop of") && e.getMessage().contains("loops()"),
                        e.getMessage());
            }
        }
    }

    @Nested
    class CrossLoop {
        @Test
        void aValueComesBackToTheCallersLoopAndTheTaskRanOnTheTarget() {
            LoopGroup.run(2, () -> {
                LoopGroup g = LoopGroup.current();
                EventLoop here = EventLoop.current();
                EventLoop there = g.loops().get(1);
                Thread remoteThread = g.submitTo(there, Thread::currentThread).await();
                assertSame(here, EventLoop.current(), "the await resumes on the caller's loop");
                assertNotSame(Thread.currentThread(), remoteThread);
                assertTrue(remoteThread.getName().startsWith("weft-loop-") || remoteThread.isVirtual(),
                        remoteThread.toString());
                return null;
            });
        }

        @Test
        void anExceptionCrossesAsTheSameObject() {
            java.io.IOException boom = new java.io.IOException("boom");
            java.io.IOException got = LoopGroup.run(2, () -> {
                LoopGroup g = LoopGroup.current();
                Future<Void> f = g.submitTo(g.loops().get(1), () -> {
                    throw boom;
                });
                try {
                    f.await();
                    return null;
                } catch (Throwable t) {
                    return (java.io.IOException) t;
                }
            });
            assertSame(boom, got);
        }

        @Test
        void cancellingTheCallersFutureCancelsTheRemoteTask() {
            String seen = LoopGroup.run(2, () -> {
                LoopGroup g = LoopGroup.current();
                CompletableFuture<Void> started = new CompletableFuture<>();
                CompletableFuture<String> ended = new CompletableFuture<>();
                Future<Void> f = g.submitTo(g.loops().get(1), () -> {
                    started.complete(null);
                    try {
                        Aio.sleep(3600);
                    } catch (CancelledError e) {
                        ended.complete("cancelled on " + (LoopGroup.current().loops().indexOf(EventLoop.current())));
                        throw e;
                    }
                    ended.complete("slept");
                    return null;
                });
                awaitCf(started);
                assertTrue(f.cancel("caller gave up"));
                assertThrows(CancelledError.class, f::await);
                return awaitCf(ended);
            });
            assertEquals("cancelled on 1", seen);
        }

        @Test
        void cancellingTheAwaitingTaskCancelsTheRemoteTask() {
            String seen = LoopGroup.run(2, () -> {
                LoopGroup g = LoopGroup.current();
                CompletableFuture<Void> started = new CompletableFuture<>();
                CompletableFuture<String> ended = new CompletableFuture<>();
                Task<Object> waiter = EventLoop.current().createTask(() -> g.submitTo(g.loops().get(1), () -> {
                    started.complete(null);
                    try {
                        Aio.sleep(3600);
                    } finally {
                        ended.complete("remote finally ran");
                    }
                    return null;
                }).await());
                awaitCf(started);
                waiter.cancel();
                assertThrows(CancelledError.class, waiter::await);
                return awaitCf(ended);
            });
            assertEquals("remote finally ran", seen);
        }

        @Test
        void aRemoteCancellationSurfacesAsCancelledErrorWithItsMessage() {
            CancelledError e = LoopGroup.run(2, () -> {
                LoopGroup g = LoopGroup.current();
                Future<Void> f = g.submitTo(g.loops().get(1), () -> {
                    Task.current().cancel("remote says no");
                    Aio.sleep(1);
                    return null;
                });
                return assertThrows(CancelledError.class, f::await);
            });
            assertEquals("remote says no", e.getMessage());
        }

        @Test
        void submitToTheCallersOwnLoopIsAPlainTask() {
            LoopGroup.run(2, () -> {
                LoopGroup g = LoopGroup.current();
                Future<EventLoop> f = g.submitTo(EventLoop.current(), EventLoop::current);
                assertInstanceOf(Task.class, f);
                assertSame(EventLoop.current(), f.await());
                return null;
            });
        }

        @Test
        void mainsExceptionLeavesLoopGroupRunUnchanged() {
            IllegalStateException boom = new IllegalStateException("boom");
            assertSame(boom, assertThrows(IllegalStateException.class, () -> LoopGroup.run(2, () -> {
                throw boom;
            })));
        }
    }

    @Nested
    class Shutdown {
        @Test
        void closeCancelsWorkInFlightOnEveryLoopAndRunsItsFinallyBlocks() {
            ConcurrentLinkedQueue<String> cleaned = new ConcurrentLinkedQueue<>();
            LoopGroup g = LoopGroup.create(3);
            List<CompletableFuture<Void>> running = new ArrayList<>();
            List<CompletableFuture<Void>> started = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                CompletableFuture<Void> s = new CompletableFuture<>();
                started.add(s);
                running.add(g.submitThreadsafe(() -> {
                    s.complete(null);
                    try {
                        Aio.sleep(3600);
                    } finally {
                        cleaned.add("task " + n);
                    }
                    return null;
                }));
            }
            started.forEach(CompletableFuture::join);
            LoopGroup.Shutdown report = g.shutdown();
            assertTrue(report.clean(), report.toString());
            assertEquals(6, cleaned.size(), cleaned.toString());
            for (CompletableFuture<Void> cf : running) {
                assertTrue(cf.isCancelled(), cf.toString());
            }
            for (EventLoop l : g.loops()) {
                assertTrue(l.isClosed(), l.toString());
            }
            assertSame(report, g.shutdown(), "a second close returns the first report");
        }

        @Test
        void aTaskThatRefusesToEndIsReportedByName() {
            ConcurrentLinkedQueue<ExceptionContext> handled = new ConcurrentLinkedQueue<>();
            LoopGroup g = LoopGroup.create(2, LoopGroup.Placement.ROUND_ROBIN, Clock::real, 0.05);
            g.setExceptionHandler((l, c) -> handled.add(c));
            CompletableFuture<Void> started = new CompletableFuture<>();
            LoopGroup.Shutdown report;
            try {
                g.submitThreadsafe(() -> EventLoop.current().createTask(() -> {
                    started.complete(null);
                    while (true) {
                        try {
                            Aio.sleep(1);
                        } catch (CancelledError ignored) {
                            // refuses: waits again
                        }
                    }
                }, "stubborn"));
                started.join();
            } finally {
                report = g.shutdown();
            }
            assertEquals(1, report.refusedTasks().size(), report.toString());
            assertTrue(report.refusedTasks().get(0).contains("stubborn"), report.refusedTasks().get(0));
            assertTrue(report.stuckThreads().isEmpty(), report.toString());
            assertTrue(handled.stream().anyMatch(c -> c.message().startsWith(LoopGroup.REFUSED)), handled.toString());
        }

        @Test
        void aClosedGroupRefusesWorkAndSaysWhy() {
            LoopGroup g = LoopGroup.create(1);
            g.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.submitThreadsafe(() -> 1));
            assertTrue(e.getMessage().contains("is closed") && e.getMessage().contains("create a new group"),
                    e.getMessage());
            assertTrue(g.isClosed());
        }

        @Test
        void closingFromOneOfItsLoopsFailsInsteadOfWaitingForItself() {
            try (LoopGroup g = LoopGroup.create(1)) {
                IllegalStateException e = g.submitThreadsafe(() -> assertThrows(IllegalStateException.class,
                        g::close)).join();
                assertTrue(e.getMessage().contains("would wait for itself"), e.getMessage());
                assertFalse(g.isClosed());
            }
        }

        @Test
        void closeFirstResourcesCloseBeforeTheLoopsCancelTheirTasks() {
            List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
            LoopGroup g = LoopGroup.create(1);
            CompletableFuture<Void> started = new CompletableFuture<>();
            g.submitThreadsafe(() -> {
                started.complete(null);
                try {
                    Aio.sleep(3600);
                } finally {
                    order.add("task cancelled");
                }
                return null;
            });
            started.join();
            g.closeFirst(() -> order.add("resource closed"));
            g.close();
            assertEquals(List.of("resource closed", "task cancelled"), order);
        }

        @Test
        void currentOutsideAGroupNamesTheFix() {
            IllegalStateException e = EventLoop.run(() -> assertThrows(IllegalStateException.class,
                    LoopGroup::current));
            assertTrue(e.getMessage().contains("LoopGroup.run"), e.getMessage());
        }
    }
}
