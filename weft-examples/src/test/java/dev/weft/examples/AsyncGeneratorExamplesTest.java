package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.aio.EventLoop;
import dev.weft.aio.net.Connection;
import dev.weft.aio.net.Server;
import dev.weft.aio.net.Streams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tour's async generator entries: paginated fetch and lines from a stream reader, on loopback. */
@Timeout(60)
class AsyncGeneratorExamplesTest {

    @Test
    void breakingOutOfThePaginatedFetchClosesTheConnectionBeforeTheConsumerGoesOn() throws Exception {
        assertEquals(List.of(
                "GET /items?page=1 -> 200, 3 items, next /items?page=2",
                "  item-1",
                "  item-2",
                "  item-3",
                "GET /items?page=2 -> 200, 3 items, next /items?page=3",
                "  item-4",
                "  item-5",
                "  item-6",
                "GET /items?page=3 -> 200, 3 items, next /items?page=4",
                "  item-7",
                "found item-7: break",
                "connection closed",
                "after the loop: the connection is already closed"), Capture.lines(PaginatedFetch::run));
    }

    @Test
    void thePaginatedFetchFollowsNextLinksToTheLastPage() throws Exception {
        List<String> items = new ArrayList<>();
        List<String> log = Capture.lines(out -> EventLoop.run(() -> {
            try (Server server = Streams.startServer(PaginatedFetch::serve, "127.0.0.1", 0)) {
                PaginatedFetch.items("127.0.0.1", server.port(), out).forEach(items::add);
                server.close();
                server.waitClosed();
            }
            return null;
        }));
        assertEquals(PaginatedFetch.ITEMS, items.size());
        assertEquals("item-11", items.getLast());
        assertEquals(List.of(
                "GET /items?page=1 -> 200, 3 items, next /items?page=2",
                "GET /items?page=2 -> 200, 3 items, next /items?page=3",
                "GET /items?page=3 -> 200, 3 items, next /items?page=4",
                "GET /items?page=4 -> 200, 2 items, last page",
                "connection closed"), log);
    }

    @Test
    void stoppingAtTheFirstErrorClosesGrepAndLinesInnermostFirst() throws Exception {
        assertEquals(List.of(
                "  read: 09:00:01 INFO  service starting",
                "  read: 09:00:02 INFO  listening on 8080",
                "  read: 09:00:05 WARN  slow request: 1200 ms",
                "  read: 09:00:07 INFO  GET /health 200",
                "  read: 09:00:09 ERROR disk full: /var/lib/app",
                "first error: 09:00:09 ERROR disk full: /var/lib/app",
                "lines: connection closed",
                "grep: closed",
                "after the loop: connection closed = true"), Capture.lines(StreamLines::run));
    }

    @Test
    void grepOverLinesYieldsEveryMatchUntilThePeerEndsTheStream() throws Exception {
        List<String> errors = new ArrayList<>();
        Capture.lines(out -> EventLoop.run(() -> {
            try (Server server = Streams.startServer(StreamLines::sendLog, "127.0.0.1", 0)) {
                Connection c = Streams.openConnection("127.0.0.1", server.port());
                StreamLines.grep(StreamLines.lines(c, out), "ERROR", out).forEach(errors::add);
                server.close();
                server.waitClosed();
            }
            return null;
        }));
        assertEquals(List.of("09:00:09 ERROR disk full: /var/lib/app", "09:00:12 ERROR disk full: /var/lib/app"), errors);
    }
}
