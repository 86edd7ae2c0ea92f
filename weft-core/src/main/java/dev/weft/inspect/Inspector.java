package dev.weft.inspect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.aio.EventLoop;
import dev.weft.aio.LoopInspection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP endpoint that shows this JVM's event loops and their tasks: a JSON snapshot (format:
 * {@code docs/inspector-json.md}), a task's stack on demand, and a live HTML page with the
 * awaited-by graph. Opt-in: {@link #start()} in code, or {@code -Dweft.inspect=on} (or
 * {@code =DIR}) on the command line; {@code ./weft ps|pstree|top PID} attach to it.
 *
 * <p>Access: the server listens on 127.0.0.1, on a port the system picks, and answers only
 * requests that carry its token (a random 256-bit value): {@code Authorization: Bearer TOKEN},
 * {@code ?token=TOKEN}, or the cookie the page sets. Requests without it get 401, with a wrong one
 * 403; requests naming another host (DNS rebinding) get 403. The port and token are written to
 * {@code <pid>.json} (mode 600) in a directory only the user may enter (mode 700):
 * {@code $XDG_RUNTIME_DIR/weft-inspect}, else {@code ~/.weft/inspect}. So other local users can
 * neither read the token nor the tasks' stacks.
 *
 * <p>States:
 * <pre>
 *   (none)  -> RUNNING   // start(): inspection on (LoopInspection.enable), server up, file written
 *   RUNNING -> CLOSED    // close(): server stopped, file deleted, inspection off
 * </pre>
 * One inspector runs per JVM: {@link #start()} returns the running one.
 *
 * {@snippet :
 * try (Inspector inspector = Inspector.start()) {
 *     System.out.println("open " + inspector.pageUri());
 *     EventLoop.run(() -> { Aio.sleep(600); return null; });
 * }
 * }
 *
 * <p>Python: {@code python -m asyncio ps|pstree PID} (3.14) read a process's tasks from outside;
 * weft's program serves them itself, which also gives the stacks and a page, at the price of
 * opting in.
 */
/* Implementation notes
 *
 * Threads: the JDK server's dispatcher thread takes the daemon status of the thread that starts
 * the server, so start() creates and starts it on a short-lived daemon thread: an inspector never
 * keeps a program alive. Requests run one at a time on one daemon thread; a snapshot waits at
 * most SNAPSHOT_TIMEOUT for the loops to answer (LoopInspection.snapshotAll). close() stops both.
 *
 * The token is compared in constant time (MessageDigest.isEqual). Static files come from this
 * package's resources (index.html, inspector.js, inspector.css): no build step, no CDN; the page's
 * Content-Security-Policy allows only this origin.
 */
public final class Inspector implements AutoCloseable {
    /** How long a request waits for the loops to answer before it calls them unresponsive. */
    static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(1);
    static final String COOKIE = "weft-inspect-token";
    private static final Pattern STACK = Pattern.compile("/api/v1/loops/(\\d+)/tasks/(\\d+)/stack");
    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html", "/index.html", "index.html",
            "/inspector.js", "inspector.js", "/inspector.css", "inspector.css");

    private static Inspector running;

    private final HttpServer server;
    private final ExecutorService requests;
    private final String token;
    private final Path dir;
    private final Path file;
    private final int port;
    private final Thread cleanup;
    private boolean closed;

    private Inspector(Path dir) throws IOException {
        this.dir = RuntimeFiles.secureDir(Objects.requireNonNull(dir, "dir"));
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        this.token = HexFormat.of().formatHex(raw);
        this.requests = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "weft-inspector");
            t.setDaemon(true);
            return t;
        });
        this.server = onDaemonThread(() -> {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            s.setExecutor(requests);
            s.createContext("/", this::handle);
            s.start();
            return s;
        });
        this.port = server.getAddress().getPort();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("format", SnapshotFormat.FORMAT);
        info.put("pid", ProcessHandle.current().pid());
        info.put("port", port);
        info.put("token", token);
        info.put("url", "http://127.0.0.1:" + port + "/");
        info.put("command", ProcessHandle.current().info().commandLine().orElse(""));
        info.put("started", Instant.now().toString());
        try {
            this.file = RuntimeFiles.write(this.dir, ProcessHandle.current().pid(), info);
        } catch (IOException | RuntimeException e) {
            stopServer();
            throw e;
        }
        this.cleanup = new Thread(this::deleteFile, "weft-inspector-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /**
     * Starts the inspector with its files in the default directory ({@code $XDG_RUNTIME_DIR/weft-inspect},
     * else {@code ~/.weft/inspect}), or returns the one running. Turns inspection on
     * ({@link LoopInspection#enable()}): loops created or run from now on are listed, and the loop
     * running on the calling thread too.
     *
     * @throws UncheckedIOException if the server or its file cannot be set up (the message says why)
     * @thread any thread
     */
    public static Inspector start() {
        return start(RuntimeFiles.defaultDir());
    }

    /**
     * Starts the inspector with its {@code <pid>.json} in {@code dir} (created with mode 700 if
     * missing), or returns the one running if it uses that directory.
     *
     * @throws IllegalStateException if an inspector runs with another directory
     * @throws UncheckedIOException if {@code dir} is open to other users, or the server cannot start
     * @thread any thread
     */
    public static Inspector start(Path dir) {
        synchronized (Inspector.class) {
            if (running != null) {
                if (!running.dir.toAbsolutePath().equals(dir.toAbsolutePath())) {
                    throw new IllegalStateException("weft: an inspector already runs, with its file in " + running.dir
                            + ", not " + dir + "; one inspector runs per JVM: use Inspector.running(), or close it first");
                }
                LoopInspection.enable();
                return running;
            }
            try {
                running = new Inspector(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("weft: could not start the inspector: " + e.getMessage(), e);
            }
            LoopInspection.enable();
            return running;
        }
    }

    /** The inspector running in this JVM, if any. */
    public static Optional<Inspector> running() {
        synchronized (Inspector.class) {
            return Optional.ofNullable(running);
        }
    }

    /** The port on 127.0.0.1 the inspector listens on. */
    public int port() {
        return port;
    }

    /** The file that announces the inspector ({@code <pid>.json}, mode 600). */
    public Path file() {
        return file;
    }

    /** The address of the HTML page, token included: open it in a browser of this user only. */
    public URI pageUri() {
        return URI.create("http://127.0.0.1:" + port + "/?token=" + token);
    }

    /**
     * Stops the server, deletes the file and turns inspection off. Closing twice does nothing.
     *
     * @thread any thread
     */
    @Override
    public void close() {
        synchronized (Inspector.class) {
            if (closed) {
                return;
            }
            closed = true;
            if (running == this) {
                running = null;
            }
        }
        stopServer();
        deleteFile();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
        LoopInspection.disable();
    }

    @Override
    public String toString() {
        return "Inspector[" + (closed ? "closed" : "http://127.0.0.1:" + port + "/") + ", file=" + file + "]";
    }

    private void stopServer() {
        server.stop(0);
        requests.shutdownNow();
        try {
            requests.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deleteFile() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.getLogger("dev.weft.inspect").log(System.Logger.Level.WARNING,
                    "weft: could not delete the inspector's file " + file + "; delete it by hand", e);
        }
    }

    // ---- requests ------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String host = ex.getRequestHeaders().getFirst("Host");
            if (host == null || !(host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port))) {
                send(ex, 403, "text/plain", "weft inspector: the Host header must be 127.0.0.1:" + port
                        + " (this server answers local requests only)\n");
                return;
            }
            String given = tokenOf(ex);
            if (given == null) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"weft inspector\"");
                send(ex, 401, "text/plain", "weft inspector: a token is needed; the program's inspector file ("
                        + "<pid>.json, readable by its user only) holds it: use ./weft top PID, or the page address "
                        + "Inspector.pageUri() gives\n");
                return;
            }
            if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
                send(ex, 403, "text/plain", "weft inspector: wrong token (the program may have restarted: read "
                        + "its <pid>.json again)\n");
                return;
            }
            if (!"GET".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().add("Allow", "GET");
                send(ex, 405, "text/plain", "weft inspector: only GET is served\n");
                return;
            }
            route(ex);
        } catch (RuntimeException e) {
            System.getLogger("dev.weft.inspect").log(System.Logger.Level.ERROR,
                    "weft: the inspector failed on " + ex.getRequestURI(), e);
            if (ex.getResponseCode() == -1) {
                send(ex, 500, "text/plain", "weft inspector: " + e + "\n");
            }
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String resource = STATIC.get(path);
        if (resource != null) {
            if (query(ex, "token") != null) {
                ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
            }
            try (InputStream in = Inspector.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new AssertionError("weft bug: the inspector's resource " + resource + " is missing from the jar");
                }
                String type = resource.endsWith(".html") ? "text/html" : resource.endsWith(".js") ? "text/javascript" : "text/css";
                send(ex, 200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            return;
        }
        if (path.equals("/api/v1/snapshot")) {
            List<dev.weft.aio.LoopSnapshot> loops = LoopInspection.isEnabled()
                    ? LoopInspection.snapshotAll(SNAPSHOT_TIMEOUT) : List.of();
            send(ex, 200, "application/json", Json.write(SnapshotFormat.document(ProcessHandle.current().pid(), loops)));
            return;
        }
        Matcher m = STACK.matcher(path);
        if (m.matches()) {
            stack(ex, Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
            return;
        }
        send(ex, 404, "text/plain", "weft inspector: no such page: " + path + " (pages: /, /api/v1/snapshot, "
                + "/api/v1/loops/LOOP/tasks/TASK/stack)\n");
    }

    private void stack(HttpExchange ex, int loopId, long taskId) throws IOException {
        EventLoop loop = LoopInspection.loop(loopId).orElse(null);
        if (loop == null) {
            send(ex, 404, "application/json", Json.write(Map.of("error", "no running loop EventLoop-" + loopId)));
            return;
        }
        try {
            List<StackTraceElement> frames = LoopInspection.stack(loop, taskId)
                    .get(SNAPSHOT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("format", SnapshotFormat.FORMAT);
            doc.put("loop", loopId);
            doc.put("task", taskId);
            doc.put("frames", SnapshotFormat.frames(frames));
            send(ex, 200, "application/json", Json.write(doc));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NoSuchElementException gone) {
                send(ex, 404, "application/json", Json.write(Map.of("error", gone.getMessage())));
                return;
            }
            throw new IllegalStateException("the stack of task " + taskId + " failed", e.getCause());
        } catch (TimeoutException e) {
            send(ex, 503, "application/json", Json.write(Map.of("error", loop + " did not answer within "
                    + SNAPSHOT_TIMEOUT.toMillis() + " ms: it is stuck in one callback (see its watchdog report)")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(ex, 503, "application/json", Json.write(Map.of("error", "the inspector is closing")));
        }
    }

    private static String tokenOf(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.startsWith("Bearer ")) {
            return auth.substring(7).trim();
        }
        String q = query(ex, "token");
        if (q != null) {
            return q;
        }
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String c : header.split(";")) {
                String kv = c.trim();
                if (kv.startsWith(COOKIE + "=")) {
                    return kv.substring(COOKIE.length() + 1);
                }
            }
        }
        return null;
    }

    private static String query(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String kv : q.split("&")) {
            if (kv.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(kv.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        var h = ex.getResponseHeaders();
        h.set("Content-Type", type + "; charset=utf-8");
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Runs {@code body} on a new daemon thread (threads it starts are daemons too) and returns its value. */
    private static <T> T onDaemonThread(java.util.concurrent.Callable<T> body) throws IOException {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                result[0] = body.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "weft-inspector-start");
        t.setDaemon(true);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the inspector", e);
        }
        if (failure[0] instanceof IOException io) {
            throw io;
        }
        if (failure[0] != null) {
            throw new IOException("the inspector's server did not start: " + failure[0], failure[0]);
        }
        @SuppressWarnings("unchecked")
        T r = (T) result[0];
        return r;
    }
}
