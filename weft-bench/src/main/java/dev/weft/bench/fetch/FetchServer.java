package dev.weft.bench.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local HTTP server of {@code ./weft bench fetch}: {@code FetchServer} binds 127.0.0.1 on a free
 * port, prints the port, and serves until its standard input closes.
 *
 * <p>{@code GET /bytes/SIZE/NAME} answers 200 with SIZE bytes (at most {@link #MAX_SIZE}) of a fixed
 * pattern, byte {@code i} being {@code i % 251}, so a client can check every byte; NAME only makes
 * each URL's file name unique. Anything else is 404. The server runs on JDK virtual threads (one per
 * exchange, HTTP/1.1 keep-alive as the client asks), so every client, weft's or Python's, meets the
 * same server and the server is not what limits them.
 */
public final class FetchServer {
    /** The largest body served: 64 MiB. */
    static final int MAX_SIZE = 64 << 20;
    private static final byte[] PATTERN = pattern();

    private FetchServer() {
    }

    private static byte[] pattern() {
        byte[] b = new byte[251 * 4096];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    static void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String[] parts = ex.getRequestURI().getPath().split("/");
            int size = -1;
            if (parts.length == 4 && parts[1].equals("bytes")) {
                try {
                    size = Integer.parseInt(parts[2]);
                } catch (NumberFormatException notANumber) {
                    size = -1;
                }
            }
            if (size < 0 || size > MAX_SIZE || !ex.getRequestMethod().equals("GET")) {
                byte[] msg = ("use GET /bytes/SIZE/NAME with SIZE 0.." + MAX_SIZE + "\n").getBytes();
                ex.sendResponseHeaders(404, msg.length);
                ex.getResponseBody().write(msg);
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(200, size == 0 ? -1 : size);
            OutputStream out = ex.getResponseBody();
            // the pattern repeats every 251 bytes and PATTERN is a multiple of 251 long: chunks line up
            for (int off = 0; off < size; off += PATTERN.length) {
                out.write(PATTERN, 0, Math.min(PATTERN.length, size - off));
            }
        }
    }

    /** {@code FetchServer}: prints the port, serves until standard input reaches its end. */
    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.createContext("/", FetchServer::handle);
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            server.setExecutor(exec);
            server.start();
            System.out.println(server.getAddress().getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until stdin closes
            }
            server.stop(0);
        }
    }
}
