package dev.weft.examples;

import dev.weft.aio.Aio;
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

/**
 * The tour's lines from a stream reader: a server on loopback sends a log a line at a time; on the
 * client, {@code lines} is an {@link AsyncGenerator} over the connection's {@link StreamReader},
 * {@code grep} another one over it, and the consumer stops at the first error. Closing the outer
 * generator closes the inner one, innermost first, and the connection with it, before the
 * consumer's next line runs.
 *
 * <pre>{@code
 * async def lines(reader, writer):
 *     try:
 *         while line := await reader.readline():
 *             yield line.decode().rstrip("\n")
 *     finally:
 *         writer.close()
 *         await writer.wait_closed()
 *
 * async def grep(source, word):
 *     async with contextlib.aclosing(source):
 *         async for line in source:
 *             if word in line:
 *                 yield line
 *
 * async with contextlib.aclosing(grep(lines(reader, writer), "ERROR")) as errors:
 *     async for line in errors:
 *         print(line)
 *         break
 * }</pre>
 */
public final class StreamLines {
    /** The log the server sends, a line every few milliseconds. */
    static final List<String> LOG = List.of(
            "09:00:01 INFO  service starting",
            "09:00:02 INFO  listening on 8080",
            "09:00:05 WARN  slow request: 1200 ms",
            "09:00:07 INFO  GET /health 200",
            "09:00:09 ERROR disk full: /var/lib/app",
            "09:00:10 INFO  GET /health 200",
            "09:00:12 ERROR disk full: /var/lib/app");

    private StreamLines() {
    }

    /** Runs the example on a fresh real-clock loop (a few tens of milliseconds), closed afterwards. */
    public static void run(PrintStream out) {
        try (EventLoop loop = EventLoop.create()) {
            loop.runUntilComplete(() -> {
                Server server = Streams.startServer(StreamLines::sendLog, "127.0.0.1", 0);
                Connection c = Streams.openConnection("127.0.0.1", server.port());
                try (var errors = grep(lines(c, out), "ERROR", out).iterate()) {
                    for (String line : errors) {
                        out.println("first error: " + line);
                        break;                   // both generators close here, inner first
                    }
                }
                out.println("after the loop: connection closed = " + c.writer().isClosing());
                server.close();
                server.waitClosed();
                return null;
            });
        }
    }

    /** The lines of {@code c}'s reader, until the peer ends the stream; closes {@code c} when closed. */
    static AsyncGenerator<String, Void> lines(Connection c, PrintStream out) {
        return AsyncGenerator.of("lines", ctx -> {
            try {
                for (String line = c.reader().readLineUtf8(); line != null; line = c.reader().readLineUtf8()) {
                    out.println("  read: " + line);
                    ctx.yield(line);
                }
            } finally {
                c.close();
                c.writer().waitClosed();
                out.println("lines: connection closed");
            }
        });
    }

    /** The lines of {@code source} that contain {@code word}; closing it closes {@code source}. */
    static AsyncGenerator<String, Void> grep(AsyncGenerator<String, Void> source, String word, PrintStream out) {
        return AsyncGenerator.of("grep " + word, ctx -> {
            try {
                source.forEach(line -> {
                    if (line.contains(word)) {
                        ctx.yield(line);
                    }
                });
            } finally {
                out.println("grep: closed");
            }
        });
    }

    /**
     * The server: sends {@link #LOG} a line every 2 ms, then closes. A client that leaves early
     * ends the conversation: the server stops at the first write that fails.
     */
    static void sendLog(StreamReader reader, StreamWriter writer) {
        try {
            for (String line : LOG) {
                writer.write(line + "\n");
                writer.drain();
                Aio.sleep(0.002);
            }
            writer.close();
        } catch (IOException clientLeft) {
            writer.abort();
        }
    }
}
