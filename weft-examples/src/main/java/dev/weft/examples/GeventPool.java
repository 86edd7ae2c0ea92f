package dev.weft.examples;

import dev.weft.aio.EventLoop;
import dev.weft.aio.TaskBackend;
import dev.weft.green.Gevent;
import dev.weft.green.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * gevent's pool: 100 URLs fetched by plain blocking GETs, at most 10 at a time. {@code spawn}
 * waits while the pool is full, so the loop that spawns never gets more than 10 requests ahead;
 * the local server counts how many it served at once to show it.
 *
 * <pre>{@code
 * pool = gevent.pool.Pool(10)
 * for url in urls:
 *     pool.spawn(fetch, url)
 * pool.join()
 * }</pre>
 *
 * <p>Each page answers after 20 ms, so one after another the 100 requests take at least 2 s; ten
 * at a time, about a tenth of that. Without the flag {@code --add-opens java.base/java.lang=ALL-UNNAMED}
 * the blocking reads stall the hub and the requests run one at a time; the output says so.
 */
public final class GeventPool {

    private GeventPool() {
    }

    static final int URLS = 100;
    static final int POOL_SIZE = 10;
    static final int DELAY_MILLIS = 20;

    /** What a run fetched: the total bytes, the most requests the server saw at once, the elapsed time. */
    record Result(long bytes, int maxAtServer, double seconds) {
    }

    /** A plain blocking GET; returns the body's length. */
    static int fetch(String url) throws IOException {
        HttpURLConnection conn = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
        try (InputStream in = conn.getInputStream()) {
            return in.readAllBytes().length;
        } finally {
            conn.disconnect();
        }
    }

    /** Page {@code i} is {@code 1000 + i} bytes. */
    private static LoopbackPages.Page page(String path) {
        if (!path.startsWith("/page/")) {
            return null;
        }
        return new LoopbackPages.Page(DELAY_MILLIS, 1000 + Integer.parseInt(path.substring("/page/".length())));
    }

    /**
     * Serves 100 pages on loopback and fetches them through a pool of 10 on {@code hub}, made this
     * thread's hub; prints and returns what happened.
     */
    public static Result run(EventLoop hub, PrintStream out) throws IOException {
        try (LoopbackPages server = new LoopbackPages(GeventPool::page)) {
            EventLoop.setEventLoop(hub);
            List<String> urls = IntStream.range(0, URLS).mapToObj(i -> server.base() + "/page/" + i).toList();
            long[] bytes = new long[1];
            double start = Gevent.getHub().time();

            Pool pool = new Pool(POOL_SIZE);
            for (String url : urls) {
                pool.spawn(() -> {
                    int n = fetch(url);                        // parks this task: others run meanwhile
                    bytes[0] += n;                             // no switch here: tasks of one hub never run at once
                });
            }
            pool.join(Gevent.FOREVER, true);

            double elapsed = Gevent.getHub().time() - start;
            out.println("fetched " + URLS + " pages (" + bytes[0] + " bytes) through a pool of " + POOL_SIZE);
            out.println("at most " + server.maxInFlight() + " requests at the server at once");
            out.println(String.format(Locale.ROOT, "%.3f s; one after another they take at least %.1f s",
                    elapsed, URLS * DELAY_MILLIS / 1000.0));
            if (hub.taskBackend() != TaskBackend.LOOP) {
                out.println("(task backend " + hub.taskBackend() + ": blocking reads stall the hub, one request at a "
                        + "time; java --add-opens java.base/java.lang=ALL-UNNAMED lets them overlap)");
            }
            return new Result(bytes[0], server.maxInFlight(), elapsed);
        } finally {
            EventLoop.setEventLoop(null);
        }
    }

    /** Runs the example on a real-clock hub, then closes it. */
    public static void main(String[] args) throws IOException {
        try (EventLoop hub = EventLoop.create()) {
            run(hub, Py.stdout());
        }
    }
}
