package dev.weft.aio;

import static dev.weft.aio.AioTesting.loop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.internal.strand.Strand;
import dev.weft.testing.Steps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every task runner (TaskRunner.LoopThread, TaskRunner.OnStrand) keeps, run against
 * the runner production tasks use: a test class per runner implements {@link #backend()}. What
 * StrandContract is for strands, this is for tasks: strict turns with the loop, asyncio's ordering,
 * values and exceptions crossing as the same object, a cancel meeting a completion delivered once,
 * deep stacks, monitors across a suspension, introspection, and no thread left behind.
 */
@Timeout(30)
interface TaskRunnerContract {

    /** The task backend whose runner is under test. */
    TaskBackend backend();

    @BeforeEach
    default void needsTheBackend() {
        assumeTrue(backend().isAvailable(), backend() + " is not available on this JVM (needs weft's flags)");
    }

    private <T> T run(Callable<T> main) {
        return AioTesting.runVirtual(backend(), main);
    }

    @Test
    default void tasksOfOneLoopTakeStrictTurnsSoASharedCounterLosesNoUpdate() {
        int[] counter = {0};
        int tasks = 20;
        int rounds = 50;
        run(() -> {
            List<Task<Void>> all = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                all.add(loop().createTask(() -> {
                    for (int r = 0; r < rounds; r++) {
                        int seen = counter[0]; // a read-modify-write split by nothing but our turn
                        counter[0] = seen + 1;
                        Aio.sleep(0);
                    }
                    return null;
                }));
            }
            for (Task<Void> t : all) {
                t.await();
            }
            return null;
        });
        assertEquals(tasks * rounds, counter[0]);
    }

    @Test
    default void stepsInterleaveInAsyncioOrder() {
        Steps steps = new Steps();
        run(() -> {
            Future<String> f = loop().createFuture();
            Task<String> t = loop().createTask(() -> {
                steps.expect(2);
                String r = f.await();
                steps.expect(5);
                return r;
            });
            loop().callSoon(() -> steps.expect(3));
            steps.expect(1);
            Aio.sleep(0);
            steps.expect(4);
            f.setResult("v");
            assertEquals("v", t.await());
            steps.expect(6);
            return null;
        });
        steps.finish(7);
    }

    @Test
    default void aResultAndACheckedExceptionCrossAsTheSameObject() {
        Object value = new Object();
        IOException boom = new IOException("boom");
        run(() -> {
            Task<Object> ok = loop().createTask(() -> {
                Aio.sleep(0);
                return value;
            });
            Task<Object> bad = loop().createTask(() -> {
                Aio.sleep(0);
                throw boom;
            });
            assertSame(value, ok.await());
            assertSame(boom, assertThrows(IOException.class, bad::await));
            return null;
        });
    }

    @Test
    default void aTaskCancelledAsItsFutureCompletesIsCancelledOnceAndItsNextAwaitWaitsForItsOwnFuture() {
        List<String> trace = new ArrayList<>();
        run(() -> {
            Future<String> first = loop().createFuture();
            Future<String> second = loop().createFuture();
            Task<String> t = loop().createTask(() -> {
                try {
                    first.await();
                } catch (CancelledError e) {
                    trace.add("cancelled at first");
                }
                String r = second.await(); // a stray wake-up would end this park too early
                trace.add("second=" + r);
                return r;
            });
            Aio.sleep(0);
            first.setResult("v"); // wakes the task...
            t.cancel();           // ...which, cancelled in the same step, sees CancelledError (asyncio)
            for (int i = 0; i < 3; i++) {
                Aio.sleep(0);
            }
            assertEquals(List.of("cancelled at first"), trace);
            assertTrue(!t.done(), "the task left its second park before its future was done");
            second.setResult("w");
            assertEquals("w", t.await());
            return null;
        });
        assertEquals(List.of("cancelled at first", "second=w"), trace);
    }

    @Test
    default void aTaskSuspendsFromDeepInItsCallStack() {
        int depth = 200;
        int r = run(() -> loop().createTask(() -> descend(depth)).await());
        assertEquals(depth, r);
    }

    private static int descend(int n) throws Exception {
        if (n == 0) {
            Aio.sleep(0);
            return 0;
        }
        return 1 + descend(n - 1);
    }

    @Test
    default void aMonitorHeldAcrossAnAwaitStaysHeldByItsTask() {
        Object lock = new Object();
        boolean[] heldAfter = {false};
        run(() -> {
            Task<Void> t = loop().createTask(() -> {
                synchronized (lock) {
                    Aio.sleep(0);
                    heldAfter[0] = Thread.holdsLock(lock);
                }
                return null;
            });
            t.await();
            return null;
        });
        assertTrue(heldAfter[0]);
    }

    @Test
    default void aWaitingTaskShowsItsBodyInItsStackTraceAndTaskCurrentIsItself() {
        run(() -> {
            Future<Void> never = loop().createFuture();
            Task<?>[] self = {null};
            Task<Void> t = loop().createTask(() -> {
                self[0] = Task.current();
                parkInNamedMethod(never);
                return null;
            });
            Aio.sleep(0);
            assertSame(t, self[0]);
            assertTrue(Arrays.stream(t.stackTrace()).anyMatch(e -> e.getMethodName().equals("parkInNamedMethod")),
                    () -> Arrays.toString(t.stackTrace()));
            never.setResult(null);
            t.await();
            return null;
        });
    }

    private static void parkInNamedMethod(Future<Void> f) {
        f.await();
    }

    @Test
    default void noThreadOutlivesTheLoopEvenForTasksLeftPendingAtClose() {
        int before = Strand.liveThreads();
        List<String> trace = new ArrayList<>();
        run(() -> {
            for (int i = 0; i < 5; i++) {
                int n = i;
                loop().createTask(() -> {
                    try {
                        Aio.sleep(3600);
                    } finally {
                        trace.add("finally " + n);
                    }
                    return null;
                });
            }
            Aio.sleep(0);
            return null;
        });
        assertEquals(5, trace.size(), trace::toString);
        assertEquals(before, Strand.liveThreads(), "task threads still alive after the loop closed");
    }
}
