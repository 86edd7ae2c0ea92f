package dev.weft.aio;

import static dev.weft.aio.AioTesting.loop;
import static dev.weft.aio.AioTesting.runVirtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.Steps;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TaskBackendTest {

    @Nested
    class Choice {
        @Test
        void theBackendFollowsTheJvmFlags() {
            boolean flags = "flags".equals(System.getProperty("weft.test.mode"));
            TaskBackend expected = flags ? TaskBackend.LOOP : TaskBackend.STRAND;
            if (System.getProperty("weft.test.mode") != null) {
                assertEquals(expected, Backends.tasks());
            }
            try (EventLoop loop = EventLoop.createVirtual()) {
                assertEquals(Backends.tasks(), loop.taskBackend());
                assertTrue(loop.toString().contains(Backends.tasks().name().toLowerCase()));
            }
        }

        @Test
        void describeNamesBothBackendsAndEachMissingFlagWithWhatItBuys() {
            String d = Backends.describe();
            assertTrue(d.contains("strands=" + Backends.strands()), d);
            assertTrue(d.contains("tasks=" + Backends.tasks().name().toLowerCase()), d);
            if ("flags".equals(System.getProperty("weft.test.mode"))) {
                assertEquals(List.of(), Backends.missingFlags());
                assertTrue(d.endsWith("no JVM flag missing"), d);
            } else if ("portable".equals(System.getProperty("weft.test.mode"))) {
                assertEquals(2, Backends.missingFlags().size(), d);
                assertTrue(d.contains("--add-exports java.base/jdk.internal.vm=ALL-UNNAMED (generators"), d);
                assertTrue(d.contains("--add-opens java.base/java.lang=ALL-UNNAMED (a blocking JDK call"), d);
            }
        }
    }

    /**
     * The strand backend explicitly, on either surefire execution (continuation with flags). What
     * every task runner must do alike (ordering, values, wake-ups, threads) is TaskRunnerContract's.
     */
    @Nested
    class OnStrands {
        @Test
        void aBlockingCallStallsTheLoopOnStrandsAsInAsyncio() {
            Steps steps = new Steps();
            runVirtual(TaskBackend.STRAND, () -> {
                Task<Void> a = loop().createTask(() -> {
                    steps.expect(1);
                    Thread.sleep(20); // nothing else runs meanwhile
                    steps.expect(2);
                    return null;
                });
                Task<Void> b = loop().createTask(() -> {
                    steps.expect(3);
                    return null;
                });
                a.await();
                b.await();
                return null;
            });
            steps.finish(4);
        }

        @Test
        void cancellationOnStrands() {
            List<String> trace = new java.util.ArrayList<>();
            runVirtual(TaskBackend.STRAND, () -> {
                Task<Void> t = loop().createTask(() -> {
                    try {
                        Aio.sleep(50);
                    } finally {
                        trace.add("finally@" + loop().time());
                    }
                    return null;
                });
                Aio.sleep(2);
                t.cancel("bye");
                try {
                    t.await();
                } catch (CancelledError e) {
                    trace.add("cancelled " + e.getMessage());
                }
                return null;
            });
            assertEquals(List.of("finally@2.0", "cancelled bye"), trace);
        }
    }
}
