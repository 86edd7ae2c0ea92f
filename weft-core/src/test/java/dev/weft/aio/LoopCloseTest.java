package dev.weft.aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Closing a loop always finishes, keeps the entry queue's promise, and names what it abandons. */
@Timeout(30)
class LoopCloseTest {

    /** A body that catches every cancellation and waits again (issue 11 §2). */
    static Void swallowCancellationForEver() {
        while (true) {
            try {
                Aio.sleep(1);
            } catch (CancelledError e) {
                // swallowed on purpose
            }
        }
    }

    /** A virtual-clock loop on {@code backend} (skipped where unavailable) whose reports go to {@code messages}. */
    static EventLoop virtualLoop(TaskBackend backend, List<String> messages) {
        assumeTrue(backend.isAvailable(), backend + " needs the JVM flags");
        EventLoop loop = EventLoop.create(Clock.virtual(), backend);
        loop.setExceptionHandler((l, c) -> messages.add(c.message()));
        return loop;
    }

    @Nested
    class ThreadsafeCallsRacingClose {
        /**
         * A producer calls callSoonThreadsafe as fast as it can while the test thread closes the
         * loop: every call that returned without an error must have run when close() returns.
         */
        @Test
        void everyAcceptedCallRunsBeforeCloseReturns() throws Exception {
            for (int round = 0; round < 50; round++) {
                EventLoop loop = EventLoop.createVirtual();
                AtomicInteger ran = new AtomicInteger();
                AtomicInteger accepted = new AtomicInteger();
                CountDownLatch someAccepted = new CountDownLatch(1);
                AtomicBoolean refused = new AtomicBoolean();
                Thread producer = Thread.ofPlatform().name("producer").start(() -> {
                    while (true) {
                        try {
                            loop.callSoonThreadsafe(ran::incrementAndGet);
                        } catch (IllegalStateException closed) {
                            refused.set(closed.getMessage().contains("closed"));
                            return;
                        }
                        accepted.incrementAndGet();
                        someAccepted.countDown();
                    }
                });
                someAccepted.await();
                loop.close();
                int ranWhenCloseReturned = ran.get();
                producer.join();
                assertTrue(refused.get(), "calls after close() are refused with a 'closed' message");
                assertEquals(accepted.get(), ranWhenCloseReturned, "round " + round + ": an accepted call was dropped");
            }
        }

        @Test
        void aCallAcceptedByARunningLoopThatIsStoppedAndClosedRuns() throws Exception {
            EventLoop loop = EventLoop.create();
            CountDownLatch running = new CountDownLatch(1);
            loop.callSoon(running::countDown);
            Thread loopThread = Thread.ofPlatform().name("test-loop").start(loop::runForever);
            running.await();
            loop.stop();
            loopThread.join();
            AtomicInteger ran = new AtomicInteger();
            loop.callSoonThreadsafe(ran::incrementAndGet); // accepted while stopped: the loop never runs again
            loop.close();
            assertEquals(1, ran.get());
        }

        @Test
        void runCoroutineThreadsafeCompletesWhenTheLoopClosesBeforeTheTaskStarts() throws Exception {
            EventLoop loop = EventLoop.createVirtual();
            AtomicBoolean bodyRan = new AtomicBoolean();
            CompletableFuture<CompletableFuture<String>> submitted = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> submitted.complete(loop.runCoroutineThreadsafe(() -> {
                bodyRan.set(true);
                return "ran";
            }))).join();
            CompletableFuture<String> cf = submitted.get();
            loop.close();
            assertTrue(cf.isDone(), "the CompletableFuture of an accepted call must complete: " + cf);
            assertThrows(CancellationException.class, () -> cf.get(0, TimeUnit.SECONDS));
            assertFalse(bodyRan.get(), "a task created while the loop closes never starts");
            assertThrows(IllegalStateException.class, () -> loop.runCoroutineThreadsafe(() -> "late"));
        }
    }

    @Nested
    class TasksThatRefuseToEnd {
        @ParameterizedTest
        @EnumSource(TaskBackend.class)
        void closeFinishesAndNamesATaskThatSwallowsCancellationInALoop(TaskBackend backend) {
            List<String> messages = new CopyOnWriteArrayList<>();
            EventLoop loop = virtualLoop(backend, messages);
            loop.runUntilComplete(() -> {
                EventLoop.current().createTask(LoopCloseTest::swallowCancellationForEver, "stubborn");
                Aio.sleep(2.5);
                return null;
            });
            loop.close();
            assertTrue(loop.isClosed());
            assertTrue(loop.allTasks().isEmpty(), "the closed loop forgets the task it abandoned");
            assertEquals(2, messages.size(), messages.toString());
            assertTrue(messages.get(0).startsWith("Task was destroyed but it is pending: Task[stubborn"), messages.get(0));
            String refused = messages.get(1);
            assertTrue(refused.startsWith("Task refused to end: Task[stubborn"), refused);
            assertTrue(refused.contains("ended by force"), refused);
            assertTrue(refused.contains("re-throw CancelledError"), "the report names the fix: " + refused);
        }

        @ParameterizedTest
        @EnumSource(TaskBackend.class)
        void aTaskEndedByForceRunsItsFinallyBlocksAndEndsCancelled(TaskBackend backend) {
            List<String> finallyRan = new CopyOnWriteArrayList<>();
            EventLoop loop = virtualLoop(backend, new CopyOnWriteArrayList<>());
            Task<?> t = loop.runUntilComplete(() -> {
                Task<Void> stubborn = EventLoop.current().createTask(() -> {
                    try {
                        return swallowCancellationForEver();
                    } finally {
                        finallyRan.add("yes");
                    }
                });
                Aio.sleep(1);
                return stubborn;
            });
            loop.close();
            assertTrue(t.cancelled(), t.toString());
            assertEquals(List.of("yes"), finallyRan);
        }

        @Test
        void runWaitsForTheLeftoversWithinItsShutdownTimeoutThenCloses() {
            List<String> messages = new CopyOnWriteArrayList<>();
            EventLoop[] loop = new EventLoop[1];
            String r = EventLoop.runVirtual(() -> {
                loop[0] = EventLoop.current();
                loop[0].setExceptionHandler((l, c) -> messages.add(c.message()));
                loop[0].createTask(LoopCloseTest::swallowCancellationForEver, "stubborn");
                Aio.sleep(0.5);
                return "main's result";
            });
            assertEquals("main's result", r, "run returns main's result although a leftover never ends");
            assertEquals(0.5 + LoopRunner.SHUTDOWN_TIMEOUT, loop[0].time(), "run waited exactly its shutdown timeout");
            assertEquals(2, messages.size(), messages.toString());
            assertTrue(messages.get(0).startsWith("Task did not end within 5.0 s after EventLoop.run() cancelled it: "
                    + "Task[stubborn"), messages.get(0));
            assertTrue(messages.get(0).contains("setShutdownTimeout"), messages.get(0));
            assertTrue(messages.get(1).startsWith("Task refused to end: Task[stubborn"), messages.get(1));
        }

        @Test
        void theShutdownTimeoutIsTheLoops() {
            EventLoop[] loop = new EventLoop[1];
            EventLoop.runVirtual(() -> {
                loop[0] = EventLoop.current();
                loop[0].setExceptionHandler((l, c) -> { });
                loop[0].setShutdownTimeout(60);
                loop[0].createTask(LoopCloseTest::swallowCancellationForEver);
                return null;
            });
            assertEquals(60.0, loop[0].time());
            assertThrows(IllegalArgumentException.class, () -> loop[0].setShutdownTimeout(-1));
        }

        @Test
        void aTaskWhoseCleanupAwaitsStillFinishesItsCleanup() {
            List<String> steps = new CopyOnWriteArrayList<>();
            EventLoop.runVirtual(() -> {
                EventLoop.current().createTask(() -> {
                    try {
                        Aio.sleep(100);
                    } finally {
                        steps.add("cleanup started");
                        Aio.sleep(1); // cleanup that waits: run() gives it its time
                        steps.add("cleanup done");
                    }
                    return null;
                });
                Aio.sleep(0);
                return null;
            });
            assertEquals(List.of("cleanup started", "cleanup done"), steps);
        }
    }
}
