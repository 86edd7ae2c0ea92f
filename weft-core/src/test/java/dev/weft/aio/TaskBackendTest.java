package dev.weft.aio;

import static dev.weft.aio.AioTesting.loop;
import static dev.weft.aio.AioTesting.runVirtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.Steps;
import java.io.File;
import java.nio.charset.StandardCharsets;
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
        @Timeout(60)
        void withoutTheFlagTheFallbackIsLoggedOnceWithTheExactFlag() throws Exception {
            String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                    NoticeMain.class.getName()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            String flag = "--add-opens java.base/java.lang=ALL-UNNAMED";
            assertEquals(1, out.split(java.util.regex.Pattern.quote(flag), -1).length - 1, out);
            assertTrue(out.contains("stalls the whole loop"), out);
            assertTrue(out.contains("result=STRAND"), out);
        }
    }

    /** The strand backend explicitly, on either surefire execution (continuation with flags). */
    @Nested
    class OnStrands {
        @Test
        void awaitsSwitchTasksInTheSameOrderAsOnTheLoopScheduledBackend() {
            for (TaskBackend b : TaskBackend.values()) {
                if (!b.isAvailable()) {
                    continue;
                }
                Steps steps = new Steps();
                runVirtual(b, () -> {
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
        }

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

    /** Run in a child JVM without flags. */
    public static final class NoticeMain {
        public static void main(String[] args) {
            for (int i = 0; i < 3; i++) {
                try (EventLoop loop = EventLoop.createVirtual()) {
                    loop.runUntilComplete(() -> {
                        Aio.sleep(1);
                        return null;
                    });
                }
            }
            System.out.println("result=" + Backends.tasks());
        }
    }
}
