package dev.weft.aio;

import static dev.weft.aio.AioTesting.loop;
import static dev.weft.aio.AioTesting.runVirtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.testing.Steps;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Blocking JDK calls inside tasks, with tasks on loop-scheduled virtual threads (needs the flag). */
@Timeout(20)
class LoopScheduledBackendTest {

    @BeforeEach
    void needsTheFlag() {
        assumeTrue(Backends.tasks() == TaskBackend.LOOP,
                "needs --add-opens java.base/java.lang=ALL-UNNAMED");
    }

    @Nested
    class BlockingCallsSwitchTasks {
        @Test
        void threadSleepInOneTaskLetsAnotherRun() {
            Steps steps = new Steps();
            runVirtual(() -> {
                Task<Void> a = loop().createTask(() -> {
                    steps.expect(1);
                    Thread.sleep(50); // parks only this task
                    steps.expect(3);
                    return null;
                });
                Task<Void> b = loop().createTask(() -> {
                    steps.expect(2);
                    return null;
                });
                a.await();
                b.await();
                return null;
            });
            steps.finish(4);
        }

        @Test
        void blockingQueueHandsValuesBetweenTasksOfOneLoop() {
            List<String> got = new ArrayList<>();
            runVirtual(() -> {
                BlockingQueue<String> q = new ArrayBlockingQueue<>(1);
                Task<Void> consumer = loop().createTask(() -> {
                    for (int i = 0; i < 3; i++) {
                        got.add(q.take());
                    }
                    return null;
                });
                Task<Void> producer = loop().createTask(() -> {
                    for (String s : List.of("a", "b", "c")) {
                        q.put(s); // blocks while the queue is full: the consumer runs
                    }
                    return null;
                });
                consumer.await();
                producer.await();
                return null;
            });
            assertEquals(List.of("a", "b", "c"), got);
        }

        @Test
        void objectWaitAndNotifyWorkBetweenTasks() {
            Object lock = new Object();
            boolean[] ready = {false};
            String r = runVirtual(() -> {
                Task<String> waiter = loop().createTask(() -> {
                    synchronized (lock) {
                        while (!ready[0]) {
                            lock.wait();
                        }
                    }
                    return "notified";
                });
                Aio.sleep(0);
                // The waiter must be parked inside Object.wait now, having released the monitor
                // (else the synchronized block below could not be entered on this loop's thread).
                assertTrue(waitingInObjectWait(waiter), () -> "the waiter is not in Object.wait: "
                        + java.util.Arrays.toString(waiter.stackTrace()));
                synchronized (lock) {
                    ready[0] = true;
                    lock.notifyAll();
                }
                return waiter.await();
            });
            assertEquals("notified", r);
        }

        private static boolean waitingInObjectWait(Task<?> task) {
            for (StackTraceElement e : task.stackTrace()) {
                if (e.getClassName().equals("java.lang.Object") && e.getMethodName().startsWith("wait")) {
                    return true;
                }
            }
            return false;
        }

        @Test
        void aPlainSocketReadParksOnlyItsTask() throws Exception {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                String line = runVirtual(() -> {
                    Task<String> reader = loop().createTask(() -> {
                        try (Socket s = server.accept()) {
                            return new BufferedReader(new InputStreamReader(s.getInputStream(),
                                    StandardCharsets.UTF_8)).readLine();
                        }
                    });
                    Task<Void> writer = loop().createTask(() -> {
                        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                            OutputStream out = s.getOutputStream();
                            out.write("hello from a task\n".getBytes(StandardCharsets.UTF_8));
                            out.flush();
                        }
                        return null;
                    });
                    writer.await();
                    return reader.await();
                });
                assertEquals("hello from a task", line);
            }
        }

        @Test
        void tasksAreVirtualThreadsRunOneAtATime() {
            int[] inside = {0};
            int[] maxInside = {0};
            runVirtual(() -> {
                List<Task<Void>> ts = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    ts.add(loop().createTask(() -> {
                        assertTrue(Thread.currentThread().isVirtual());
                        assertTrue(Thread.currentThread().getName().startsWith("weft-task"));
                        for (int k = 0; k < 20; k++) {
                            inside[0]++;
                            maxInside[0] = Math.max(maxInside[0], inside[0]);
                            Thread.sleep(1);
                            inside[0]--;
                            Aio.sleep(0);
                        }
                        return null;
                    }));
                }
                for (Task<Void> t : ts) {
                    t.await();
                }
                return null;
            });
            assertTrue(maxInside[0] >= 2, "a blocked task lets others in: " + maxInside[0]);
        }

        @Test
        void theVirtualClockDoesNotJumpWhileATaskIsBlockedInAJdkCall() {
            List<String> trace = new ArrayList<>();
            runVirtual(() -> {
                Task<Void> sleeper = loop().createTask(() -> {
                    Thread.sleep(30);
                    trace.add("blocking call done@" + loop().time());
                    return null;
                });
                Task<Void> timer = loop().createTask(() -> {
                    Aio.sleep(100);
                    trace.add("timer@" + loop().time());
                    return null;
                });
                sleeper.await();
                timer.await();
                return null;
            });
            assertEquals(List.of("blocking call done@0.0", "timer@100.0"), trace);
        }
    }

    @Nested
    class ThreadsStartedByTasks {
        @Test
        void aVirtualThreadStartedByATaskRunsOnTheLoopAsAPlainThreadNotAsTheTask() {
            List<String> trace = new ArrayList<>();
            runVirtual(() -> {
                Thread child = Thread.ofVirtual().start(() -> {
                    try {
                        Task.current();
                        trace.add("child is a task?!");
                    } catch (IllegalStateException e) {
                        trace.add("child is no task");
                    }
                    try {
                        Thread.sleep(5); // blocking in the child parks only the child
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    trace.add("child done");
                });
                trace.add("parent goes on");
                child.join(); // parks the task until the child ends
                trace.add("parent joined");
                return null;
            });
            assertEquals(List.of("parent goes on", "child is no task", "child done", "parent joined"), trace);
        }

        @Test
        @Timeout(60)
        void theJdksIoPollersDoNotInheritTheLoopEvenIfATaskDoesTheFirstSocketCall() throws Exception {
            String javaBin = System.getProperty("java.home") + java.io.File.separator + "bin" + java.io.File.separator
                    + "java";
            Process p = new ProcessBuilder(javaBin, "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), PollerMain.class.getName()).redirectErrorStream(true).start();
            boolean ended = p.waitFor(30, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(ended, "socket I/O outside the loop hung after the loop closed: " + out);
            assertTrue(out.contains("outside OK"), out);
        }
    }

    /** Child JVM: the first socket call of the JVM happens in a task; I/O must still work after the loop closes. */
    public static final class PollerMain {
        public static void main(String[] args) throws Exception {
            try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
                EventLoop.run(() -> {
                    Task<Void> a = EventLoop.current().createTask(() -> {
                        server.accept().close();
                        return null;
                    });
                    new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()).close();
                    a.await();
                    return null;
                });
                Thread vt = Thread.ofVirtual().start(() -> {
                    try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                            Socket s = server.accept()) {
                        c.getOutputStream().write(7);
                        if (s.getInputStream().read() == 7) {
                            System.out.println("outside OK");
                        }
                    } catch (Exception e) {
                        e.printStackTrace();
                    }
                });
                vt.join();
            }
        }
    }

    @Nested
    class OnTheVirtualClock {
        @Test
        @Tag("realtime")
        void aTaskBlockedUntilAnotherTasksTimerDoesNotDeadlockTheClock() {
            List<String> warnings = new ArrayList<>();
            try (EventLoop loop = EventLoop.createVirtual()) {
                loop.warningSink = warnings::add;
                String got = loop.runUntilComplete(() -> {
                    BlockingQueue<String> q = new LinkedBlockingQueue<>();
                    Task<String> consumer = loop.createTask(q::take);
                    loop.createTask(() -> {
                        Aio.sleep(5);
                        q.put("late");
                        return null;
                    });
                    String v = consumer.await();
                    assertEquals(5.0, loop.time());
                    return v;
                });
                assertEquals("late", got);
            }
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("Aio.sleep"), warnings.get(0));
        }
    }

    @Nested
    class CancellingBlockedTasks {
        @Test
        void aBlockingQueueTakeIsCancellable() {
            Steps steps = new Steps();
            runVirtual(() -> {
                BlockingQueue<String> q = new LinkedBlockingQueue<>();
                Task<String> t = loop().createTask(() -> {
                    try {
                        steps.expect(1);
                        return q.take(); // nobody ever puts
                    } finally {
                        steps.expect(3);
                    }
                });
                Aio.sleep(0);
                steps.expect(2);
                assertTrue(t.cancel("no more waiting"));
                CancelledError e = assertThrows(CancelledError.class, t::await);
                assertEquals("no more waiting", e.getMessage());
                assertTrue(t.cancelled());
                assertInstanceOf(InterruptedException.class, e.getCause(), "the JDK's interrupt is the cause");
                return null;
            });
            steps.finish(4);
        }

        @Test
        void threadSleepIsCancellableAndTheInterruptDoesNotLeak() {
            runVirtual(() -> {
                CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
                Task<String> t = loop().createTask(() -> {
                    try {
                        Thread.sleep(60_000);
                        return "slept";
                    } catch (InterruptedException e) {
                        // swallowed: weft delivers CancelledError at the next suspension point instead
                    }
                    interruptedAfter.complete(Thread.currentThread().isInterrupted());
                    Aio.sleep(1);
                    return "not cancelled";
                });
                Aio.sleep(0);
                t.cancel();
                assertThrows(CancelledError.class, t::await);
                assertFalse(interruptedAfter.get(), "the JDK cleared the interrupt when it threw");
                return null;
            });
        }

        @Test
        void anInterruptWrappedInAnotherExceptionStillEndsTheTaskCancelled() {
            runVirtual(() -> {
                Task<String> t = loop().createTask(() -> {
                    try {
                        return new LinkedBlockingQueue<String>().take();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException("wrapped", e);
                    }
                });
                Aio.sleep(0);
                t.cancel();
                assertThrows(CancelledError.class, t::await);
                assertTrue(t.cancelled());
                return null;
            });
        }

        @Test
        void aRestoredInterruptFlagIsClearedWhenCancellationIsDelivered() {
            runVirtual(() -> {
                CompletableFuture<Boolean> flagAfterCancel = new CompletableFuture<>();
                Task<String> t = loop().createTask(() -> {
                    try {
                        new LinkedBlockingQueue<String>().poll(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // the well-behaved idiom
                    }
                    try {
                        Aio.sleep(1);
                    } catch (CancelledError e) {
                        flagAfterCancel.complete(Thread.currentThread().isInterrupted());
                        throw e;
                    }
                    return "not cancelled";
                });
                Aio.sleep(0);
                t.cancel();
                assertThrows(CancelledError.class, t::await);
                assertFalse(flagAfterCancel.get());
                return null;
            });
        }

        @Test
        void aBlockedSocketReadIsCancellable() throws Exception {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                runVirtual(() -> {
                    Task<Integer> reader = loop().createTask(() -> {
                        try (Socket s = server.accept()) {
                            return s.getInputStream().read(); // the client never writes
                        }
                    });
                    Aio.sleep(0);
                    Aio.sleep(0);
                    reader.cancel();
                    assertThrows(CancelledError.class, reader::await);
                    return null;
                });
            }
        }
    }

    @Nested
    class LoopOnAVirtualThread {
        @Test
        void eventLoopRunOnAVirtualThreadRunsItsTasksOnStrands() throws Exception {
            CompletableFuture<String> got = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    got.complete(EventLoop.run(() -> {
                        EventLoop loop = EventLoop.current();
                        Task<String> child = loop.createTask(() -> {
                            Aio.sleep(0.01);
                            return "child";
                        });
                        return loop.taskBackend() + " " + child.await();
                    }));
                } catch (Throwable e) {
                    got.completeExceptionally(e);
                }
            }).join();
            assertEquals("STRAND child", got.get());
        }

        @Test
        void aLoopCreatedOnAPlatformThreadRefusesToRunOnAVirtualThreadNamingTheFix() throws Exception {
            CompletableFuture<Throwable> got = new CompletableFuture<>();
            try (EventLoop loop = EventLoop.createVirtual()) {
                assertEquals(TaskBackend.LOOP, loop.taskBackend());
                Thread.ofVirtual().start(() -> {
                    try {
                        loop.runUntilComplete(() -> "x");
                        got.complete(null);
                    } catch (Throwable e) {
                        got.complete(e);
                    }
                }).join();
            }
            Throwable e = got.get();
            assertInstanceOf(IllegalStateException.class, e);
            assertTrue(e.getMessage().contains("platform thread")
                    && e.getMessage().contains("create the loop on this virtual thread"), e.getMessage());
        }
    }
}
