package dev.weft.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.aio.EventLoop;
import dev.weft.aio.LoopSnapshot;
import dev.weft.aio.TaskSnapshot;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Dweft.inspect=DIR} in a real child JVM: the first loop starts the inspector (found
 * through ServiceLoader), a client attaches through the file, the inspector does not keep the
 * program alive when main ends, and the file is gone afterwards.
 */
class InspectorAgentProcessTest {
    @TempDir
    Path tmp;

    /** The child: a loop whose task "waiter" waits for a line on standard input. */
    public static final class Child {
        private Child() {
        }

        /** Prints "ready" once the loop runs; ends when a line arrives. */
        public static void main(String[] args) {
            EventLoop.run(() -> {
                EventLoop loop = EventLoop.current();
                var waiter = loop.createTask(() -> loop.toThread(() -> new BufferedReader(
                        new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine()).await(), "waiter");
                loop.callSoon(() -> System.out.println("ready"));
                return waiter.await();
            });
        }
    }

    @Test
    @Timeout(60)
    void thePropertyStartsTheInspectorWhichNeverKeepsTheProgramAlive() throws Exception {
        Path dir = tmp.resolve("run");
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, "-Dweft.inspect=" + dir, "-cp", System.getProperty("java.class.path"),
                Child.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine());
            Path file = dir.resolve(p.pid() + ".json");
            assertTrue(Files.exists(file), "the agent wrote " + file);
            InspectorClient client = InspectorClient.attach(p.pid(), dir);
            List<LoopSnapshot> loops = client.snapshot();
            TaskSnapshot waiter = loops.getFirst().tasks().stream().filter(t -> t.name().equals("waiter")).findFirst()
                    .orElseThrow(() -> new AssertionError("no task 'waiter' in " + loops));
            assertEquals("waiting", waiter.state());
            p.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the child did not end: the inspector kept it alive");
            assertEquals(0, p.exitValue());
            assertFalse(Files.exists(file), "the file is deleted at exit");
        } finally {
            p.destroyForcibly();
        }
    }
}
