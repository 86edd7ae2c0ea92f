package dev.weft.aio;

import static dev.weft.aio.AioTesting.loop;
import static dev.weft.aio.AioTesting.runVirtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.Gc;
import dev.weft.testing.Steps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class EventLoopTest {

    @Nested
    class CallSoon {
        @Test
        void callbacksRunInOrderInTheNextIteration() {
            Steps steps = new Steps();
            try (EventLoop loop = EventLoop.createVirtual()) {
                loop.callSoon(() -> {
                    steps.expect(1);
                    loop.callSoon(() -> steps.expect(4)); // next iteration: after 2 and 3
                });
                loop.callSoon(() -> steps.expect(2));
                loop.callSoon(() -> {
                    steps.expect(3);
                    loop.callSoon(loop::stop);
                });
                loop.runForever();
            }
            steps.finish(5);
        }

        @Test
        void cancelledHandleDoesNotRun() {
            List<String> ran = new ArrayList<>();
            try (EventLoop loop = EventLoop.createVirtual()) {
                Handle h = loop.callSoon(() -> ran.add("cancelled"));
                loop.callSoon(() -> ran.add("kept"));
                h.cancel();
                assertTrue(h.cancelled());
                loop.callSoon(loop::stop);
                loop.runForever();
            }
            assertEquals(List.of("kept"), ran);
        }

        @Test
        void exceptionInACallbackGoesToTheHandlerAndTheLoopGoesOn() {
            RuntimeException boom = new RuntimeException("boom");
            List<String> ran = new ArrayList<>();
            try (EventLoop loop = EventLoop.createVirtual()) {
                AioTesting.Reports reports = new AioTesting.Reports(loop);
                loop.callSoon(() -> {
                    throw boom;
                });
                loop.callSoon(() -> ran.add("after"));
                loop.callSoon(loop::stop);
                loop.runForever();
                assertEquals(1, reports.all.size());
                assertSame(boom, reports.all.get(0).exception());
                assertTrue(reports.all.get(0).message().startsWith("Exception in callback"));
                assertTrue(reports.all.get(0).handle() != null);
            }
            assertEquals(List.of("after"), ran);
        }
    }

    @Nested
    class Timers {
        @Test
        void timersRunInTimeOrderThenSchedulingOrderAtExactTimes() {
            List<String> ran = new ArrayList<>();
            try (EventLoop loop = EventLoop.createVirtual()) {
                loop.callLater(2, () -> ran.add("b@" + loop.time()));
                loop.callLater(1, () -> ran.add("a@" + loop.time()));
                loop.callLater(2, () -> ran.add("c@" + loop.time()));
                loop.callAt(3, () -> ran.add("d@" + loop.time()));
                loop.callLater(Duration.ofMillis(3500), loop::stop);
                loop.runForever();
                assertEquals(3.5, loop.time());
            }
            assertEquals(List.of("a@1.0", "b@2.0", "c@2.0", "d@3.0"), ran);
        }

        @Test
        void cancelledTimerDoesNotRunAndDoesNotMoveTheClock() {
            List<String> ran = new ArrayList<>();
            try (EventLoop loop = EventLoop.createVirtual()) {
                TimerHandle h = loop.callLater(10, () -> ran.add("never"));
                assertEquals(10.0, h.when());
                loop.callLater(1, () -> {
                    h.cancel();
                    loop.callSoon(loop::stop);
                });
                loop.runForever();
                assertEquals(1.0, loop.time());
            }
            assertEquals(List.of(), ran);
        }

        @Test
        void manyCancelledTimersArePurged() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                List<TimerHandle> hs = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    hs.add(loop.callLater(100 + i, () -> {
                        throw new AssertionError("cancelled timer ran");
                    }));
                }
                hs.forEach(Handle::cancel);
                loop.callLater(5, loop::stop);
                loop.runForever();
                assertEquals(5.0, loop.time());
                assertTrue(loop.toString().contains("timers=0"), loop.toString());
            }
        }

        @Test
        void nanDelayIsRefused() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                assertThrows(IllegalArgumentException.class, () -> loop.callLater(Double.NaN, () -> { }));
            }
        }

        @Test
        void realClockFollowsNanoTimeInSeconds() {
            try (EventLoop loop = EventLoop.create()) {
                double a = loop.time();
                long n0 = System.nanoTime();
                double last = a;
                while (System.nanoTime() - n0 < 5_000_000L) { // 5 ms of real time, read back to back
                    double t = loop.time();
                    assertTrue(t >= last, "went back from " + last + " to " + t);
                    last = t;
                }
                double elapsed = loop.time() - a;
                assertTrue(elapsed >= 0.005 && elapsed < 5, "5 ms of nanoTime read as " + elapsed + " s");
            }
        }
    }

    @Nested
    class RunUntilComplete {
        @Test
        void returnsTheResult() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                assertEquals("r", loop.runUntilComplete(() -> {
                    Aio.sleep(1);
                    return "r";
                }));
                assertEquals(1.0, loop.time());
                assertFalse(loop.isRunning());
            }
        }

        @Test
        void insideARunningLoopIsRefused() {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> runVirtual(() -> loop().runUntilComplete(() -> "nested")));
            assertTrue(e.getMessage().startsWith("runUntilComplete() cannot be called from a running event loop"),
                    e.getMessage());
        }

        @Test
        void loopStoppedBeforeTheFutureCompletedFails() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                Future<String> f = loop.createFuture();
                loop.callSoon(loop::stop);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(f));
                assertTrue(e.getMessage().contains("stopped before Future completed"));
            }
        }

        @Test
        void aDeadlockOnTheVirtualClockIsReportedWithTheWaitingTasks() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                loop.setExceptionHandler((l, c) -> { });
                Future<String> never = loop.createFuture();
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> loop.runUntilComplete(never::await));
                assertTrue(e.getMessage().contains("nothing can ever progress"), e.getMessage());
                assertTrue(e.getMessage().contains("Task-1"), e.getMessage());
            }
        }
    }

    @Nested
    class Run {
        @Test
        void runCancelsLeftoverTasksRunsTheirFinallyAndClosesTheLoop() {
            Steps steps = new Steps();
            AtomicReference<EventLoop> seen = new AtomicReference<>();
            String r = EventLoop.run(() -> {
                seen.set(EventLoop.current());
                EventLoop.current().createTask(() -> {
                    try {
                        steps.expect(1);
                        Aio.sleep(3600);
                        steps.expectUnreached();
                    } finally {
                        steps.expect(3);
                    }
                    return null;
                });
                Aio.sleep(0);
                steps.expect(2);
                return "main";
            });
            steps.finish(4);
            assertEquals("main", r);
            assertTrue(seen.get().isClosed());
        }

        @Test
        void runInsideARunningLoopIsRefused() {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> runVirtual(() -> EventLoop.run(() -> "x")));
            assertTrue(e.getMessage().contains("cannot be called from a running event loop"), e.getMessage());
        }

        @Test
        void runRethrowsTheSameException() {
            RuntimeException boom = new RuntimeException("boom");
            assertSame(boom, assertThrows(RuntimeException.class, () -> EventLoop.run(() -> {
                throw boom;
            })));
        }
    }

    @Nested
    class RunForeverAndStop {
        @Test
        void stopLetsTheCurrentIterationFinish() {
            Steps steps = new Steps();
            try (EventLoop loop = EventLoop.createVirtual()) {
                loop.callSoon(() -> {
                    steps.expect(1);
                    loop.stop();
                });
                loop.callSoon(() -> steps.expect(2));
                loop.runForever();
                steps.expect(3);
                assertFalse(loop.isRunning());
                loop.callSoon(() -> steps.expect(4));
                loop.callSoon(loop::stop);
                loop.runForever(); // the loop can run again
            }
            steps.finish(5);
        }

        @Test
        void isRunningIsTrueInsideOnly() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                assertFalse(loop.isRunning());
                assertTrue(loop.runUntilComplete(() -> EventLoop.current().isRunning()));
            }
        }

        @Test
        void runningTwiceIsRefused() {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> runVirtual(() -> {
                        loop().runForever();
                        return null;
                    }));
            assertTrue(e.getMessage().contains("already running"), e.getMessage());
        }
    }

    @Nested
    class Close {
        @Test
        void closedLoopRefusesWork() {
            EventLoop loop = EventLoop.createVirtual();
            loop.close();
            assertTrue(loop.isClosed());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> { }));
            assertTrue(e.getMessage().startsWith("Event loop is closed"), e.getMessage());
            assertTrue(e.getMessage().contains("create a new loop"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> loop.callSoonThreadsafe(() -> { }));
            assertThrows(IllegalStateException.class, () -> loop.createTask(() -> null));
            assertThrows(IllegalStateException.class, loop::runForever);
            loop.close(); // a second close does nothing
        }

        @Test
        void closingARunningLoopIsRefused() {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> runVirtual(() -> {
                loop().close();
                return null;
            }));
            assertTrue(e.getMessage().contains("stop() it first"), e.getMessage());
        }

        @Test
        void closingWithPendingTasksReportsThem() {
            EventLoop loop = EventLoop.createVirtual();
            AioTesting.Reports reports = new AioTesting.Reports(loop);
            loop.runUntilComplete(() -> {
                EventLoop.current().createTask(() -> {
                    Aio.sleep(10);
                    return null;
                }, "sleeper");
                Aio.sleep(1);
                return null;
            });
            loop.close();
            assertEquals(1, reports.all.size(), reports.messages().toString());
            assertTrue(reports.all.get(0).message().startsWith("Task was destroyed but it is pending"));
            assertTrue(reports.all.get(0).message().contains("sleeper"));
        }

        @Test
        void closingEndsPendingTasksSoTheirFinallyRunsAndTheirThreadsEnd() throws Exception {
            EventLoop loop = EventLoop.createVirtual();
            AioTesting.Reports reports = new AioTesting.Reports(loop);
            List<String> trace = new ArrayList<>();
            List<Task<?>> ts = new ArrayList<>();
            loop.runUntilComplete(() -> {
                ts.add(loop.createTask(() -> {
                    try {
                        loop.createFuture().await();
                    } catch (CancelledError e) {
                        trace.add("waiter: " + e.getMessage());
                        Aio.sleep(1); // insisting: cancelled again at once
                    } finally {
                        trace.add("waiter finally");
                    }
                    return null;
                }, "waiter"));
                Aio.sleep(0);
                return null;
            });
            ts.add(loop.createTask(() -> trace.add("must not run"), "never started"));
            loop.close();
            assertEquals(List.of("waiter: the event loop closed while waiter was pending", "waiter finally"), trace);
            assertTrue(ts.get(0).cancelled(), ts.get(0).toString());
            assertTrue(ts.get(1).cancelled(), ts.get(1).toString());
            assertEquals(2, reports.all.size(), reports.messages().toString());
            if (ts.get(0).thread != null && ts.get(0).thread.isVirtual()) {
                ts.get(0).thread.join(5000); // its thread ends: nothing stays parked
                assertEquals(Thread.State.TERMINATED, ts.get(0).thread.getState());
            }
        }

        @Test
        void closingReportsExceptionsNeverRetrieved() {
            EventLoop loop = EventLoop.createVirtual();
            AioTesting.Reports reports = new AioTesting.Reports(loop);
            IllegalStateException boom = new IllegalStateException("lost");
            loop.runUntilComplete(() -> {
                EventLoop.current().createTask(() -> {
                    throw boom;
                });
                Aio.sleep(1);
                return null;
            });
            loop.close();
            assertEquals(1, reports.all.size(), reports.messages().toString());
            assertTrue(reports.all.get(0).message().startsWith("Task exception was never retrieved"));
            assertSame(boom, reports.all.get(0).exception());
        }

        @Test
        void closingReportsAFutureWhoseExceptionWasNeverRetrieved() {
            EventLoop loop = EventLoop.createVirtual();
            AioTesting.Reports reports = new AioTesting.Reports(loop);
            Future<String> f = loop.createFuture();
            f.setException(new IllegalStateException("nobody looked"));
            loop.close();
            assertEquals(1, reports.all.size(), reports.messages().toString());
            assertTrue(reports.all.get(0).message().startsWith("Future exception was never retrieved"));
        }

        @Test
        void retrievedExceptionsAreNotReported() {
            EventLoop loop = EventLoop.createVirtual();
            AioTesting.Reports reports = new AioTesting.Reports(loop);
            loop.runUntilComplete(() -> {
                Task<Object> t = EventLoop.current().createTask(() -> {
                    throw new IllegalStateException("seen");
                });
                Aio.sleep(1);
                return t.exception();
            });
            loop.close();
            assertEquals(List.of(), reports.messages());
        }
    }

    /** A failed future or task that becomes garbage while its loop stays open: the Cleaner path. */
    @Nested
    @Tag(Gc.TAG)
    class NeverRetrievedWhenCollected {
        @Test
        void aFailedTaskDroppedWhileTheLoopRunsIsReportedAfterGc() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                AioTesting.Reports reports = new AioTesting.Reports(loop);
                IllegalStateException boom = new IllegalStateException("lost task");
                loop.runUntilComplete(() -> {
                    Gc.Watch task = startFailingTask(loop, boom);
                    Aio.sleep(0); // the task runs and fails
                    collectThenAwaitReport(task, reports);
                    return null;
                });
                assertEquals(1, reports.all.size(), reports.messages().toString());
                String m = reports.messages().get(0);
                assertTrue(m.startsWith("Task exception was never retrieved"), m);
                assertTrue(m.contains("doomed"), m);
                assertTrue(m.contains("await it or call result()/exception()"), m);
                assertSame(boom, reports.all.get(0).exception());
            }
        }

        @Test
        void aFailedFutureDroppedWhileTheLoopRunsIsReportedAfterGc() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                AioTesting.Reports reports = new AioTesting.Reports(loop);
                IllegalStateException boom = new IllegalStateException("lost future");
                loop.runUntilComplete(() -> {
                    collectThenAwaitReport(failAndDropFuture(loop, boom), reports);
                    return null;
                });
                assertEquals(1, reports.all.size(), reports.messages().toString());
                assertTrue(reports.messages().get(0).startsWith("Future exception was never retrieved"),
                        reports.messages().get(0));
                assertSame(boom, reports.all.get(0).exception());
            }
        }

        /** Methods of their own, so that no frame of the main task keeps the task or future reachable. */
        private static Gc.Watch startFailingTask(EventLoop loop, RuntimeException boom) {
            return Gc.watch(loop.createTask(() -> {
                throw boom;
            }, "doomed"));
        }

        private static Gc.Watch failAndDropFuture(EventLoop loop, RuntimeException boom) {
            Future<String> f = loop.createFuture();
            f.setException(boom);
            return Gc.watch(f);
        }

        /**
         * Waits (on a reference queue, bounded) until the dropped object is collected, then lets
         * the loop run until the Cleaner's report, a thread-safe callback, has arrived. Time
         * passes on the virtual clock only; the real-time bound is for a report that never comes.
         */
        private static void collectThenAwaitReport(Gc.Watch dropped, AioTesting.Reports reports) {
            try {
                assertTrue(dropped.awaitCollected(), "nothing may keep a dropped failed future reachable");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            long deadline = System.nanoTime() + Gc.DEFAULT_WAIT.toNanos();
            while (reports.all.isEmpty() && System.nanoTime() < deadline) {
                Aio.sleep(0.01); // lets the loop run the Cleaner thread's callback
            }
        }
    }

    @Nested
    class CurrentLoop {
        @Test
        void currentOutsideALoopFailsClearly() {
            IllegalStateException e = assertThrows(IllegalStateException.class, EventLoop::current);
            assertTrue(e.getMessage().contains("no running event loop"), e.getMessage());
        }

        @Test
        void currentInsideATaskIsTheLoop() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                assertSame(loop, loop.runUntilComplete(EventLoop::current));
            }
        }

        @Test
        void getEventLoopIsPerThreadAndSettable() {
            EventLoop a = EventLoop.getEventLoop();
            try {
                assertSame(a, EventLoop.getEventLoop());
                EventLoop b = EventLoop.createVirtual();
                EventLoop.setEventLoop(b);
                assertSame(b, EventLoop.getEventLoop());
                b.close();
                assertTrue(EventLoop.getEventLoop() != b, "a closed default loop is replaced");
            } finally {
                EventLoop.getEventLoop().close();
                a.close();
                EventLoop.setEventLoop(null);
            }
        }

        @Test
        void getEventLoopInsideATaskIsTheRunningLoop() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                assertSame(loop, loop.runUntilComplete(EventLoop::getEventLoop));
            }
        }
    }

    @Nested
    class Debug {
        @Test
        void slowCallbacksAreLoggedInDebugMode() {
            List<String> logged = new ArrayList<>();
            try (EventLoop loop = EventLoop.createVirtual()) {
                loop.setDebug(true);
                loop.warningSink = logged::add;
                loop.setSlowCallbackDuration(0); // every callback counts as slow: no real sleep needed
                loop.callSoon(new Runnable() {
                    @Override
                    public void run() {
                    }

                    @Override
                    public String toString() {
                        return "the-slow-one";
                    }
                });
                loop.callSoon(loop::stop);
                loop.runForever();
            }
            assertTrue(logged.stream().anyMatch(m -> m.contains("the-slow-one") && m.contains("took")), logged.toString());
        }

        @Test
        void aSlowTaskStepIsReportedWithTheTask() {
            List<String> logged = new ArrayList<>();
            try (EventLoop loop = EventLoop.createVirtual()) {
                loop.setDebug(true);
                loop.warningSink = logged::add;
                loop.setSlowCallbackDuration(0);
                loop.runUntilComplete(() -> {
                    loop.createTask(() -> null, "busy-task").await();
                    return null;
                });
            }
            assertTrue(logged.stream().anyMatch(m -> m.contains("running a step of Task[busy-task")), logged.toString());
        }

        @Test
        void withoutDebugNothingIsTimed() {
            List<String> logged = new ArrayList<>();
            try (EventLoop loop = EventLoop.createVirtual()) {
                loop.warningSink = logged::add;
                loop.setSlowCallbackDuration(0);
                loop.callSoon(loop::stop);
                loop.runForever();
            }
            assertEquals(List.of(), logged);
        }

        @Test
        void debugModeRecordsWhereATaskWasCreated() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                loop.setDebug(true);
                AioTesting.Reports reports = new AioTesting.Reports(loop);
                loop.runUntilComplete(() -> {
                    loop.createTask(() -> {
                        Aio.sleep(5);
                        return null;
                    });
                    Aio.sleep(1);
                    String dump = loop.dumpTasks();
                    assertTrue(dump.contains("created at"), dump);
                    assertTrue(dump.contains("EventLoopTest"), dump);
                    return null;
                });
                loop.close();
                assertTrue(reports.messages().stream().anyMatch(m -> m.startsWith("Task was destroyed")
                        && m.contains("pending task(s)")), "dump printed at close in debug: " + reports.messages());
            }
        }

        @Test
        void stoppingWithPendingTasksPrintsATaskDumpInDebugMode() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                loop.setDebug(true);
                AioTesting.Reports reports = new AioTesting.Reports(loop);
                loop.createTask(() -> {
                    Aio.sleep(10);
                    return null;
                }, "left-behind");
                loop.callLater(1, loop::stop);
                loop.runForever();
                assertEquals(1, reports.all.size(), reports.messages().toString());
                String m = reports.messages().get(0);
                assertTrue(m.startsWith("Event loop stopped with 1 task(s) still pending"), m);
                assertTrue(m.contains("await or cancel them"), m);
                assertTrue(m.contains("Task[left-behind"), m);
                assertTrue(m.contains("created at"), m);
                assertTrue(m.contains("at dev.weft.aio.Aio.sleep"), m);
                reports.all.clear();
                loop.runUntilComplete(() -> null); // the leftover still sleeps: reported again
                assertEquals(1, reports.all.size(), reports.messages().toString());
                assertTrue(reports.messages().get(0).contains("Task[left-behind"), reports.messages().toString());
                reports.all.clear();
                loop.runUntilComplete(() -> {
                    Aio.sleep(20);
                    return null;
                });
                assertEquals(List.of(), reports.messages(), "nothing pending, nothing reported");
            }
        }

        @Test
        void stoppingWithPendingTasksPrintsNothingWithoutDebug() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                AioTesting.Reports reports = new AioTesting.Reports(loop);
                loop.createTask(() -> {
                    Aio.sleep(10);
                    return null;
                }, "left-behind");
                loop.callLater(1, loop::stop);
                loop.runForever();
                assertEquals(List.of(), reports.messages());
                loop.runUntilComplete(() -> {
                    Aio.sleep(20);
                    return null;
                });
            }
        }

        @Test
        void runCancellingLeftoversItselfPrintsNoStopDump() {
            List<ExceptionContext> reports = new ArrayList<>();
            EventLoop.run(() -> {
                EventLoop loop = EventLoop.current();
                loop.setSlowCallbackDuration(1e9); // debug turned on inside a step: do not time this step
                loop.setDebug(true);
                loop.setExceptionHandler((l, c) -> reports.add(c));
                loop.createTask(() -> {
                    Aio.sleep(10);
                    return null;
                }, "left-behind");
                Aio.sleep(0);
                return null;
            });
            assertEquals(List.of(), reports.stream().map(ExceptionContext::message).toList());
        }
    }
}
