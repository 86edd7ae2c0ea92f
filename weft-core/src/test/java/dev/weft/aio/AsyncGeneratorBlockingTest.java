package dev.weft.aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On the loop-scheduled backend an async generator's body may block in a JDK call like any task
 * body: other tasks run meanwhile, and cancelling the consumer interrupts the call. Real clock
 * (a blocking call does not move a virtual one), short.
 */
@Tag("realtime")
@Timeout(60)
class AsyncGeneratorBlockingTest {

    @Test
    void aBlockingCallInTheBodyParksOnlyTheConsumerAndCancellingItInterruptsTheCall() {
        assumeTrue(TaskBackend.LOOP.isAvailable(), "needs the loop-scheduled backend (--add-opens)");
        assertEquals(List.of("main ran beside it", "body interrupted", "body finally"), blockThenCancel());
    }

    /**
     * Loop-scheduled tasks with hand-off strands (--add-opens without --add-exports, which no
     * surefire execution has): the body runs on its own virtual thread, and is still the task's.
     */
    @Test
    void withHandOffStrandsTheBodysOwnThreadIsTheTasksAndIsInterruptedByTheCancel() throws Exception {
        String javaBin = System.getProperty("java.home") + java.io.File.separator + "bin" + java.io.File.separator
                + "java";
        Process p = new ProcessBuilder(javaBin, "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), HandOffMain.class.getName()).redirectErrorStream(true).start();
        boolean ended = p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(ended, out);
        assertTrue(out.contains("strands=handoff tasks=LOOP"), out);
        assertTrue(out.contains("values [0@task, 1@task]"), out);
        assertTrue(out.contains("[main ran beside it, body interrupted, body finally]"), out);
    }

    /** Child JVM of the hand-off test. */
    public static final class HandOffMain {
        public static void main(String[] args) {
            System.out.println("strands=" + Backends.strands() + " tasks=" + Backends.tasks());
            List<String> values = EventLoop.run(() -> {
                Task<?> me = Task.current();
                List<String> got = new ArrayList<>();
                AsyncGenerator.<String, Void>of(ctx -> {
                    for (int i = 0; i < 2; i++) {
                        Aio.sleep(0.001);
                        ctx.yield(i + (Task.current() == me ? "@task" : "@elsewhere"));
                    }
                }).forEach(got::add);
                return got;
            }, Clock.real(), TaskBackend.LOOP);
            System.out.println("values " + values);
            System.out.println(blockThenCancel());
        }
    }

    static List<String> blockThenCancel() {
        List<String> log = new ArrayList<>();
        EventLoop.run(() -> {
            EventLoop loop = EventLoop.current();
            AsyncGenerator<String, Void> g = AsyncGenerator.of(ctx -> {
                try {
                    Thread.sleep(60_000); // a blocking JDK call, not a weft await
                    ctx.yield("unreached");
                } catch (InterruptedException e) {
                    log.add("body interrupted");
                    throw e;
                } finally {
                    log.add("body finally");
                }
            });
            Task<Void> consumer = loop.createTask(() -> {
                g.forEach(v -> log.add("got " + v));
                return null;
            }, "consumer");
            for (int i = 0; i < 3; i++) {
                Aio.sleep(0.01); // the loop keeps running while the body blocks
            }
            log.add("main ran beside it");
            consumer.cancel("enough");
            assertThrows(CancelledError.class, consumer::await);
            assertTrue(consumer.cancelled());
            return null;
        }, Clock.real(), TaskBackend.LOOP);
        return log;
    }
}
