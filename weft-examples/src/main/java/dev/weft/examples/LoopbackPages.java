package dev.weft.examples;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small HTTP server on the loopback interface for the network examples: each path is a
 * {@link Page} that answers after its own delay with a body of its size (a 404 for an unknown
 * path). It counts the requests waiting for their answer at once, so an example can show how many of its
 * requests overlapped.
 */
final class LoopbackPages implements AutoCloseable {

    /** One page: its server-side delay and its body size. */
    record Page(int delayMillis, int bytes) {
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    /** Starts serving {@code pages} (path -> page, or null for a 404) on 127.0.0.1 and a free port. */
    LoopbackPages(Function<String, Page> pages) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                Page p = pages.apply(exchange.getRequestURI().getPath());
                int now = inFlight.incrementAndGet();
                maxInFlight.accumulateAndGet(now, Math::max);
                try {
                    if (p != null) {
                        Thread.sleep(p.delayMillis());        // the site's latency
                    }
                } finally {
                    // counted until the answer starts: a client cannot send its next request before
                    // that, so requests made one after another count 1, never 2
                    inFlight.decrementAndGet();
                }
                if (p == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = new byte[p.bytes()];
                Arrays.fill(body, (byte) 'x');
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("weft example server interrupted while serving " + exchange.getRequestURI(), e);
            }
        });
        server.setExecutor(handlers);                          // each request on its own thread
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The most requests that were waiting for their answer at one time. */
    int maxInFlight() {
        return maxInFlight.get();
    }

    /** Stops the server and its handler threads. */
    @Override
    public void close() {
        server.stop(0);
        handlers.close();
    }
}
