package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.aio.EventLoop;
import dev.weft.aio.TaskBackend;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seed 001's monkey-patched GETs against the example's loopback server, on a real loop. Every
 * backend fetches all three pages; only loop-scheduled tasks overlap the blocking reads.
 */
@Tag("realtime")
@Timeout(30)
class ConcurrentGetsTest {

    private static List<String> lines;
    private static double elapsed;
    private static TaskBackend backend;

    @BeforeAll
    static void runOnce() throws Exception {
        double[] took = new double[1];
        lines = Capture.lines(out -> {
            try (EventLoop loop = EventLoop.create()) {
                backend = loop.taskBackend();
                took[0] = ConcurrentGets.run(loop, out);
            }
        });
        elapsed = took[0];
    }

    private static int indexOf(String prefix, String suffix) {
        return IntStream.range(0, lines.size())
                .filter(i -> lines.get(i).startsWith(prefix) && lines.get(i).endsWith(suffix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "...' + '" + suffix + "' in " + lines));
    }

    @Test
    void everyPageArrivesWholeWhateverTheBackend() {
        indexOf("12323 bytes received from http://127.0.0.1:", "/itk.");
        indexOf("55997 bytes received from http://127.0.0.1:", "/github.");
        indexOf("11664 bytes received from http://127.0.0.1:", "/zhihu.");
        assertEquals(3, lines.stream().filter(l -> l.startsWith("GET: ")).count(), lines.toString());
    }

    @Test
    void withoutLoopScheduledTasksTheOutputSaysTheRequestsRunInTurn() {
        assumeTrue(backend != TaskBackend.LOOP, "loop-scheduled backend: the requests overlap");
        assertTrue(lines.getFirst().contains("one after another") && lines.getFirst().contains("--add-opens"),
                lines.getFirst());
    }

    @Test
    void allGetsAreSentBeforeAnyResponseArrives() {
        assumeTrue(backend == TaskBackend.LOOP, "needs --add-opens java.base/java.lang=ALL-UNNAMED");
        int lastGet = Math.max(indexOf("GET: ", "/itk"), Math.max(indexOf("GET: ", "/github"), indexOf("GET: ", "/zhihu")));
        int firstReceived = IntStream.range(0, lines.size())
                .filter(i -> lines.get(i).contains(" bytes received from ")).min().orElseThrow();
        assertTrue(lastGet < firstReceived, lines.toString());
    }

    @Test
    void responsesArriveInOrderOfServerDelay() {
        assumeTrue(backend == TaskBackend.LOOP, "needs --add-opens java.base/java.lang=ALL-UNNAMED");
        int zhihu = indexOf("11664 bytes received from ", "/zhihu.");  // 200 ms
        int itk = indexOf("12323 bytes received from ", "/itk.");      // 300 ms
        int github = indexOf("55997 bytes received from ", "/github."); // 500 ms
        assertTrue(zhihu < itk && itk < github, lines.toString());
    }

    @Test
    void totalTimeIsAboutTheLongestDelayNotTheSum() {
        assumeTrue(backend == TaskBackend.LOOP, "needs --add-opens java.base/java.lang=ALL-UNNAMED");
        assertEquals(1.0, ConcurrentGets.SUM_OF_DELAYS);
        // Run one after another, the requests cannot take less than the sum of the server's delays;
        // that bound, not a guess at machine speed, is what proves they overlapped.
        assertTrue(elapsed >= 0.5 && elapsed < ConcurrentGets.SUM_OF_DELAYS, "elapsed " + elapsed + " s; " + lines);
        assertTrue(lines.getLast().startsWith("overlapped: "), lines.getLast());
    }
}
