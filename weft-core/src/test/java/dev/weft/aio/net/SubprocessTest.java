package dev.weft.aio.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.aio.Aio;
import dev.weft.aio.Backends;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Task;
import dev.weft.aio.TaskBackend;
import java.io.IOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Child processes whose pipes are streams, never blocking the loop. */
@Timeout(60)
class SubprocessTest {

    @ParameterizedTest
    @MethodSource(StreamsTest.BACKENDS)
    void communicateFeedsStdinAndCollectsBothOutputs(TaskBackend backend) {
        Subprocess.Output out = StreamsTest.run(backend, () -> {
            Subprocess p = Subprocess.exec("sh", "-c", "sort; echo oops >&2; exit 3");
            return p.communicate("pear\napple\nfig\n".getBytes(UTF_8));
        });
        assertEquals("apple\nfig\npear\n", new String(out.stdout(), UTF_8));
        assertEquals("oops\n", new String(out.stderr(), UTF_8));
        assertEquals(3, out.returnCode());
    }

    @Test
    void stdoutIsAStreamReaderReadLineByLine() {
        String lines = StreamsTest.run(() -> {
            Subprocess p = Subprocess.exec("sh", "-c", "for i in 1 2 3; do echo line $i; done");
            StringBuilder sb = new StringBuilder();
            String line;
            while ((line = p.stdout().readLineUtf8()) != null) {
                sb.append(line).append(';');
            }
            assertEquals(0, p.waitFor());
            assertEquals(0, p.returnCode());
            return sb.toString();
        });
        assertEquals("line 1;line 2;line 3;", lines);
    }

    @Test
    void stdinStreamsWithDrainAndBigOutputStaysBounded() {
        long total = StreamsTest.run(() -> {
            Subprocess p = Subprocess.exec("cat");
            byte[] chunk = new byte[64 * 1024];
            Task<Void> feeder = EventLoop.current().createTask(() -> {
                for (int i = 0; i < 64; i++) { // 4 MiB through cat and back
                    p.stdin().write(chunk);
                    p.stdin().drain();
                    assertTrue(p.stdin().writeBufferSize() <= 128 * 1024);
                }
                p.stdin().close();
                return null;
            });
            long n = 0;
            byte[] got;
            while ((got = p.stdout().read(1 << 20)).length > 0) {
                assertTrue(p.stdout().buffered() <= 2 * StreamReader.DEFAULT_LIMIT + PipePump.CHUNK,
                        "the reader's buffer stays bounded: " + p.stdout().buffered());
                n += got.length;
            }
            feeder.await();
            assertEquals(0, p.waitFor());
            return n;
        });
        assertEquals(64L * 64 * 1024, total);
    }

    @Test
    void killEndsALongRunningChildAndWaitForReportsIt() {
        int rc = StreamsTest.run(() -> {
            Subprocess p = Subprocess.exec("sleep", "60");
            p.kill();
            return p.waitFor();
        });
        assertEquals(128 + 9, rc, "the JDK reports death by SIGKILL as 137");
    }

    @Test
    void terminateAsksTheChildToEnd() {
        int rc = StreamsTest.run(() -> {
            Subprocess p = Subprocess.exec("sleep", "60");
            p.terminate();
            return p.waitFor();
        });
        assertEquals(128 + 15, rc, "SIGTERM: 143");
    }

    @Test
    void aRunningChildHoldsTheVirtualClock() {
        double[] times = dev.weft.aio.TestLoops.run(Backends.tasks(), true, () -> {
            Task<Double> sleeper = EventLoop.current().createTask(() -> {
                Aio.sleep(50);
                return EventLoop.current().time();
            });
            Subprocess p = Subprocess.exec("sh", "-c", "sleep 0.2; echo late");
            String out = new String(p.stdout().read(), UTF_8);
            assertEquals("late\n", out);
            p.waitFor();
            double atExit = EventLoop.current().time();
            return new double[] {atExit, sleeper.await()};
        });
        assertEquals(0.0, times[0], "the clock waited for the child instead of jumping to the sleeper's timer");
        assertEquals(50.0, times[1]);
    }

    @Test
    void aMissingProgramFailsAtStart() {
        IOException e = StreamsTest.run(() -> assertThrows(IOException.class,
                () -> Subprocess.exec("/nonexistent/weft-no-such-program")));
        assertTrue(e.getMessage().contains("weft-no-such-program"), e.getMessage());
    }

    /** Issue 11 §1: a child's pipe must not stall the loop; timers go on while it runs. */
    @Test
    @Tag("realtime")
    void theLoopKeepsTickingWhileAChildRuns() {
        int ticks = StreamsTest.run(() -> {
            int[] n = {0};
            Task<Void> ticker = EventLoop.current().createTask(() -> {
                while (true) {
                    Aio.sleep(0.02);
                    n[0]++;
                }
            });
            Subprocess p = Subprocess.exec("sh", "-c", "sleep 0.5; echo done");
            String out = new String(p.stdout().read(), UTF_8);
            assertEquals("done\n", out);
            p.waitFor();
            ticker.cancel();
            return n[0];
        });
        assertTrue(ticks >= 5, "the loop ran its timers while the child ran: " + ticks + " ticks");
    }
}
