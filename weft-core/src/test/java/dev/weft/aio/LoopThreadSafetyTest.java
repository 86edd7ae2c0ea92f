package dev.weft.aio;

import static dev.weft.aio.AioTesting.loop;
import static dev.weft.aio.AioTesting.runVirtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class LoopThreadSafetyTest {

    /** A real-clock loop running forever on its own platform thread. */
    EventLoop loop;
    Thread loopThread;

    @BeforeEach
    void startLoop() throws InterruptedException {
        loop = EventLoop.create();
        CountDownLatch running = new CountDownLatch(1);
        loop.callSoon(running::countDown);
        loopThread = Thread.ofPlatform().name("test-loop").start(loop::runForever);
        running.await();
    }

    @AfterEach
    void stopLoop() throws InterruptedException {
        loop.stop();
        loopThread.join();
        loop.close();
    }

    @Nested
    class CallSoonThreadsafe {
        @Test
        void wakesAWaitingLoopAndRunsOnItsThread() throws Exception {
            CompletableFuture<Thread> ranOn = new CompletableFuture<>();
            loop.callSoonThreadsafe(() -> ranOn.complete(Thread.currentThread()));
            assertSame(loopThread, ranOn.get(5, TimeUnit.SECONDS));
        }

        @Test
        void callSoonFromAnotherThreadFailsAndNamesTheThreadsafeWay() {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> { }));
            String m = e.getMessage();
            assertTrue(m.contains("callSoon()") && m.contains("test-loop") && m.contains("callSoonThreadsafe"), m);
            assertThrows(IllegalStateException.class, () -> loop.createTask(() -> null));
            assertThrows(IllegalStateException.class, () -> loop.callLater(1, () -> { }));
        }
    }

    @Nested
    class RunCoroutineThreadsafe {
        @Test
        void runsTheBodyAsATaskOnTheLoopsThreadAndCompletesWithItsResult() throws Exception {
            Thread caller = Thread.currentThread();
            CompletableFuture<String> cf = loop.runCoroutineThreadsafe(() -> {
                Aio.sleep(0.01);
                // the body runs as a task of this loop, driven by the loop's thread: either on it
                // (strand tasks on continuations) or on the task's own thread while the loop
                // thread runs the step (loop-scheduled and hand-off tasks); never on the caller's
                Thread me = Thread.currentThread();
                Task<?> task = Task.current();
                assertSame(loop, EventLoop.current());
                assertSame(loopThread, loop.owner, "the loop thread is running the step");
                assertSame(task, loop.currentTask);
                assertTrue(me == loopThread || me == loop.stepThread, me + " is not the loop's step thread");
                assertNotSame(caller, me);
                return "done";
            });
            assertEquals("done", cf.get(5, TimeUnit.SECONDS));
        }

        @Test
        void completesWithTheTasksException() {
            IllegalStateException boom = new IllegalStateException("boom");
            CompletableFuture<String> cf = loop.runCoroutineThreadsafe(() -> {
                throw boom;
            });
            ExecutionException e = assertThrows(ExecutionException.class, () -> cf.get(5, TimeUnit.SECONDS));
            assertSame(boom, e.getCause());
        }

        @Test
        void cancellingTheCompletableFutureCancelsTheTask() throws Exception {
            CompletableFuture<Boolean> finallyRan = new CompletableFuture<>();
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<String> cf = loop.runCoroutineThreadsafe(() -> {
                try {
                    started.countDown();
                    Aio.sleep(3600);
                    return "slept";
                } catch (CancelledError e) {
                    finallyRan.complete(true);
                    throw e;
                }
            });
            started.await();
            cf.cancel(true);
            assertTrue(finallyRan.get(5, TimeUnit.SECONDS));
        }
    }

    @Nested
    class ToThread {
        @Test
        void runsOffTheLoopAndIsAwaitable() throws Exception {
            AtomicReference<Thread> worker = new AtomicReference<>();
            CompletableFuture<String> cf = loop.runCoroutineThreadsafe(() -> {
                String r = loop().toThread(() -> {
                    worker.set(Thread.currentThread());
                    return "computed";
                }).await();
                return r;
            });
            assertEquals("computed", cf.get(5, TimeUnit.SECONDS));
            assertNotSame(loopThread, worker.get());
            assertFalse(worker.get().isVirtual(), "a virtual thread started from a task could inherit the loop");
        }

        @Test
        void runInExecutorUsesTheGivenExecutor() throws Exception {
            ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "the-pool"));
            try {
                CompletableFuture<String> cf = loop.runCoroutineThreadsafe(
                        () -> loop().runInExecutor(pool, () -> Thread.currentThread().getName()).await());
                assertEquals("the-pool", cf.get(5, TimeUnit.SECONDS));
            } finally {
                pool.shutdown();
            }
        }

        @Test
        void exceptionsComeBackUnchanged() {
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            CompletableFuture<Object> cf = loop.runCoroutineThreadsafe(() -> loop().toThread(() -> {
                throw boom;
            }).await());
            ExecutionException e = assertThrows(ExecutionException.class, () -> cf.get(5, TimeUnit.SECONDS));
            assertSame(boom, e.getCause());
        }
    }

    @Nested
    class OnTheVirtualClock {
        @Test
        void toThreadResultsArriveOnTheLoop() {
            assertEquals("x", runVirtual(() -> loop().toThread(() -> "x").await()));
        }
    }
}
