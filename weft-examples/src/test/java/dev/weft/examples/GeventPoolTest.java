package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.aio.EventLoop;
import dev.weft.aio.TaskBackend;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A pool of 10 fetching 100 pages from the example's loopback server, on a real-clock hub. */
@Tag("realtime")
@Timeout(60)
class GeventPoolTest {

    private static List<String> lines;
    private static GeventPool.Result result;
    private static TaskBackend backend;

    @BeforeAll
    static void runOnce() throws Exception {
        GeventPool.Result[] r = new GeventPool.Result[1];
        lines = Capture.lines(out -> {
            try (EventLoop hub = EventLoop.create()) {
                backend = hub.taskBackend();
                r[0] = GeventPool.run(hub, out);
            }
        });
        result = r[0];
    }

    @Test
    void everyPageArrivesWhole() {
        assertEquals(100 * 1000 + 99 * 100 / 2, result.bytes());
        assertEquals("fetched 100 pages (104950 bytes) through a pool of 10", lines.getFirst());
    }

    @Test
    void thePoolNeverLetsMoreThanTenRequestsReachTheServer() {
        assertTrue(result.maxAtServer() <= 10, lines.toString());
        assertEquals("at most " + result.maxAtServer() + " requests at the server at once", lines.get(1));
    }

    @Test
    void withLoopScheduledTasksTheRequestsOverlap() {
        assumeTrue(backend == TaskBackend.LOOP, "needs --add-opens java.base/java.lang=ALL-UNNAMED");
        assertTrue(result.maxAtServer() > 1, result + " " + lines);
    }

    @Test
    void withoutTheFlagTheOutputSaysRequestsRunOneAtATime() {
        assumeTrue(backend != TaskBackend.LOOP, "loop-scheduled backend: the requests overlap");
        assertEquals(1, result.maxAtServer(), lines.toString());
        // one after another the requests cannot take less than 100 x 20 ms
        assertTrue(result.seconds() >= 2.0, result + " " + lines);
        assertTrue(lines.getLast().contains("--add-opens"), lines.getLast());
    }
}
