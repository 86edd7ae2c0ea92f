package dev.weft.green;

import static dev.weft.green.Gevent.joinAll;
import static dev.weft.green.Gevent.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.aio.TaskBackend;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Plain blocking JDK calls inside green tasks: with the loop-scheduled backend they park only
 * their task (gevent's monkey patch, with nothing patched); without the flag they stall the hub,
 * and weft says once which flag fixes that.
 */
@Timeout(60)
class GeventBlockingTest extends VirtualHub {

    /** Task a blocks on a JDK queue that only task b fills: it needs the hub to run b meanwhile. */
    static List<String> blockingTakeFedByAnotherTask() {
        List<String> trace = new CopyOnWriteArrayList<>();
        BlockingQueue<String> q = new ArrayBlockingQueue<>(1);
        joinAll(spawn(() -> {
            trace.add("a waits");
            trace.add("a got " + q.take());          // a plain BlockingQueue.take
        }), spawn(() -> {
            trace.add("b puts");
            q.put("x");
        }));
        return trace;
    }

    @Test
    void withTheFlagABlockingJdkCallParksOnlyItsTask() {
        assumeTrue(hub.taskBackend() == TaskBackend.LOOP, "needs --add-opens java.base/java.lang=ALL-UNNAMED");
        assertEquals(List.of("a waits", "b puts", "a got x"), blockingTakeFedByAnotherTask());
    }

    @Test
    void withoutTheFlagABlockingJdkCallStallsTheHubAndTheNoticeNamesTheFlag() throws Exception {
        String out = runChild(StallMain.class);
        String flag = "--add-opens java.base/java.lang=ALL-UNNAMED";
        assertEquals(1, out.split(java.util.regex.Pattern.quote(flag), -1).length - 1, out);
        assertTrue(out.contains("stalls the whole loop"), out);
        // a's Thread.sleep held the hub: b could not run until it returned
        assertTrue(out.contains("trace=[a sleeps, a woke, b ran]"), out);
    }

    @Test
    void whenMainReturnsTheJvmExitsAndTasksStillAliveNeverRunAgain() throws Exception {
        String out = runChild(ExitMain.class);
        assertTrue(out.contains("main returns"), out);
        assertTrue(!out.contains("finally ran"), out);
    }

    /** Runs {@code main} in a child JVM without weft's flags; returns what it printed, after it exited with 0. */
    static String runChild(Class<?> main) throws Exception {
        String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), main.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    /** Run in a child JVM: main returns while a green task sleeps in a try/finally. */
    public static final class ExitMain {
        public static void main(String[] args) {
            spawn(() -> {
                try {
                    Gevent.sleep(100);
                } finally {
                    System.out.println("finally ran");
                }
            });
            Gevent.sleep(0.1);
            System.out.println("main returns");
        }
    }

    /** Run in a child JVM without flags: two green tasks, the first blocking in Thread.sleep. */
    public static final class StallMain {
        public static void main(String[] args) throws Exception {
            List<String> trace = new CopyOnWriteArrayList<>();
            for (int round = 0; round < 2; round++) {
                trace.clear();
                joinAll(spawn(() -> {
                    trace.add("a sleeps");
                    Thread.sleep(50);
                    trace.add("a woke");
                }), spawn(() -> {
                    trace.add("b ran");
                }));
            }
            Gevent.destroyHub();
            System.out.println("trace=" + trace);
        }
    }
}
