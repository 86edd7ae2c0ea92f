package dev.weft.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Loopback servers for the fetch tests: an HTTP server with misbehaving paths, and raw sockets. */
final class TestServers {
    private TestServers() {
    }

    /** Byte {@code i} of the large file. */
    static byte bigByte(long i) {
        return (byte) (i * 31 + (i >>> 10));
    }

    /** An HTTP server on 127.0.0.1 with the paths the tests need; counts hits and concurrent requests. */
    static final class Http implements AutoCloseable {
        final HttpServer server;
        final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        static final long BIG = 20L * 1024 * 1024;

        Http() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::handle);
            server.setExecutor(threads);
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        int hits(String path) {
            AtomicInteger n = hits.get(path);
            return n == null ? 0 : n.get();
        }

        private void handle(HttpExchange ex) throws IOException {
            String path = ex.getRequestURI().getPath();
            int hit = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            try (ex) {
                if (path.startsWith("/slow/")) {
                    waitThen(300);
                    send(ex, 200, ("slow " + path).getBytes(StandardCharsets.UTF_8));
                } else if (path.startsWith("/page/")) {
                    waitThen(5);
                    send(ex, 200, ("page " + path).getBytes(StandardCharsets.UTF_8));
                } else if (path.equals("/flaky")) {
                    send(ex, hit <= 2 ? 503 : 200, (hit <= 2 ? "busy" : "finally").getBytes(StandardCharsets.UTF_8));
                } else if (path.equals("/big")) {
                    ex.sendResponseHeaders(200, BIG);
                    try (OutputStream os = ex.getResponseBody()) {
                        byte[] chunk = new byte[64 * 1024];
                        for (long off = 0; off < BIG; off += chunk.length) {
                            for (int i = 0; i < chunk.length; i++) {
                                chunk[i] = bigByte(off + i);
                            }
                            os.write(chunk);
                        }
                    }
                } else {
                    ex.sendResponseHeaders(404, -1);
                }
            }
        }

        /**
         * The server's latency; the request counts as in flight until its answer starts (a client
         * cannot send its next request before that, so requests made in turn count 1, never 2).
         */
        private void waitThen(int ms) throws IOException {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(ms);                      // the server's latency, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("test server interrupted", e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
            ex.sendResponseHeaders(code, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }

        @Override
        public void close() {
            server.stop(0);
            threads.close();
        }
    }

    /**
     * A raw socket server on 127.0.0.1: {@code reset} answers with headers promising 100 000 bytes,
     * sends 1 000 and resets the connection; otherwise it accepts and never answers.
     */
    static final class Raw implements AutoCloseable {
        final ServerSocket listener;
        final Thread acceptor;
        final List<Socket> held = new ArrayList<>();
        final AtomicInteger accepted = new AtomicInteger();

        Raw(boolean reset) throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofPlatform().daemon().name("test raw server").start(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket s = listener.accept();
                        accepted.incrementAndGet();
                        if (reset) {
                            readHeaders(s.getInputStream());
                            OutputStream os = s.getOutputStream();
                            os.write(("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                            os.write(new byte[1000]);
                            os.flush();
                            s.setSoLinger(true, 0);    // close with RST: a reset mid-body
                            s.close();
                        } else {
                            synchronized (held) {
                                held.add(s);
                            }
                        }
                    } catch (IOException e) {
                        if (!listener.isClosed()) {
                            throw new java.io.UncheckedIOException("test raw server failed", e);
                        }
                    }
                }
            });
        }

        private static void readHeaders(InputStream in) throws IOException {
            int state = 0;
            for (int b; state < 4 && (b = in.read()) >= 0;) {
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            }
        }

        String url(String path) {
            return "http://127.0.0.1:" + listener.getLocalPort() + path;
        }

        @Override
        public void close() throws Exception {
            listener.close();
            acceptor.join();
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }
}
