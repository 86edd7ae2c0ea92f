package dev.weft.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.aio.AsyncGenerator;
import dev.weft.aio.EventLoop;
import dev.weft.aio.net.Connection;
import dev.weft.aio.net.Server;
import dev.weft.aio.net.StreamReader;
import dev.weft.aio.net.StreamWriter;
import dev.weft.aio.net.Streams;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The tour's paginated fetch: an {@link AsyncGenerator} walks the pages of a listing served over
 * HTTP/1.1 by a small server the example starts on loopback, following each page's
 * {@code Link: <...>; rel="next"} header over one kept-alive connection, and yields the items one
 * by one. The consumer stops at the item it looks for: the generator's {@code finally} closes the
 * connection right there, in the consumer's task, before the line after the loop runs.
 *
 * <pre>{@code
 * async def items(host, port):
 *     reader, writer = await asyncio.open_connection(host, port)
 *     try:
 *         path = "/items?page=1"
 *         while path:
 *             writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
 *             status, next_path, lines = await read_response(reader)
 *             for item in lines:
 *                 yield item
 *             path = next_path
 *     finally:
 *         writer.close()
 *         await writer.wait_closed()
 *
 * async with contextlib.aclosing(items(host, port)) as it:
 *     async for item in it:
 *         if item == "item-7":
 *             break
 * }</pre>
 */
public final class PaginatedFetch {
    /** The listing: this many items, this many per page. */
    static final int ITEMS = 11;
    static final int PAGE_SIZE = 3;

    private PaginatedFetch() {
    }

    /** Runs the example on a fresh real-clock loop (a few milliseconds of loopback traffic), closed afterwards. */
    public static void run(PrintStream out) {
        try (EventLoop loop = EventLoop.create()) {
            loop.runUntilComplete(() -> {
                Server server = Streams.startServer(PaginatedFetch::serve, "127.0.0.1", 0);
                try (var it = items("127.0.0.1", server.port(), out).iterate()) {
                    for (String item : it) {
                        out.println("  " + item);
                        if (item.equals("item-7")) {
                            out.println("found item-7: break");
                            break;               // items' finally runs now, in this task
                        }
                    }
                }
                out.println("after the loop: the connection is already closed");
                server.close();
                server.waitClosed();
                return null;
            });
        }
    }

    /**
     * The pages of the listing as one stream of items: an async generator that awaits the network
     * between its yields and closes its connection in {@code finally}.
     */
    static AsyncGenerator<String, Void> items(String host, int port, PrintStream out) {
        return AsyncGenerator.of("items", ctx -> {
            Connection c = Streams.openConnection(host, port);
            try {
                String path = "/items?page=1";
                while (path != null) {
                    c.writer().write("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
                    Response r = Response.read(c.reader());
                    if (r.status() != 200) {
                        throw new IOException("GET " + path + " answered " + r.status());
                    }
                    out.println("GET " + path + " -> " + r.status() + ", " + r.items().size() + " items"
                            + (r.next() == null ? ", last page" : ", next " + r.next()));
                    for (String item : r.items()) {
                        ctx.yield(item);
                    }
                    path = r.next();
                }
            } finally {
                c.close();
                c.writer().waitClosed();         // a finally that awaits
                out.println("connection closed");
            }
        });
    }

    /** One HTTP/1.1 response: the status, the path of the next page (or null), the body's lines. */
    record Response(int status, String next, List<String> items) {

        /** Reads a response with a {@code Content-Length} body from {@code r}. */
        static Response read(StreamReader r) throws IOException {
            String statusLine = r.readLineUtf8();
            if (statusLine == null) {
                throw new IOException("the server closed the connection before answering");
            }
            int length = 0;
            String next = null;
            for (String h = r.readLineUtf8(); h != null && !h.isEmpty(); h = r.readLineUtf8()) {
                int colon = h.indexOf(':');
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Integer.parseInt(value);
                } else if (name.equals("link") && value.endsWith("rel=\"next\"")) {
                    next = value.substring(value.indexOf('<') + 1, value.indexOf('>'));
                }
            }
            String body = new String(r.readExactly(length), UTF_8);
            return new Response(Integer.parseInt(statusLine.split(" ")[1]), next, body.lines().toList());
        }
    }

    /**
     * The server: answers {@code GET /items?page=N} with that page's items, one per line, and a
     * {@code Link} header to the next page while there is one; serves requests on a connection
     * until the client closes it.
     */
    static void serve(StreamReader reader, StreamWriter writer) throws IOException {
        for (String request = reader.readLineUtf8(); request != null; request = reader.readLineUtf8()) {
            for (String h = reader.readLineUtf8(); h != null && !h.isEmpty(); h = reader.readLineUtf8()) {
                // headers: nothing to use
            }
            String target = request.split(" ")[1];
            int page = target.startsWith("/items?page=") ? Integer.parseInt(target.substring(12)) : 0;
            int first = (page - 1) * PAGE_SIZE + 1;
            if (page < 1 || first > ITEMS) {
                writer.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                continue;
            }
            StringBuilder body = new StringBuilder();
            for (int i = first; i < first + PAGE_SIZE && i <= ITEMS; i++) {
                body.append("item-").append(i).append('\n');
            }
            byte[] bytes = body.toString().getBytes(UTF_8);
            String link = first + PAGE_SIZE <= ITEMS ? "Link: </items?page=" + (page + 1) + ">; rel=\"next\"\r\n" : "";
            writer.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + bytes.length + "\r\n"
                    + link + "\r\n");
            writer.write(bytes);
            writer.drain();
        }
        writer.close();
    }
}
