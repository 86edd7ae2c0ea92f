package dev.weft.examples;

import com.sun.net.httpserver.HttpServer;
import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Task;
import dev.weft.aio.TaskBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Seed 001, gevent with {@code monkey.patch_all()}: three tasks each do a plain blocking HTTP GET,
 * and the requests overlap. The fetch is ordinary JDK code ({@link HttpURLConnection}), with no weft
 * call inside: with the loop-scheduled task backend ({@link TaskBackend#LOOP}, JVM flag
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}) each task is a virtual thread the loop
 * schedules, so a blocking socket read parks only its task, which is what gevent's monkey patch
 * achieves by patching. Without the flag (strand backend) the blocking read stalls the loop and
 * the requests run one after another, as in asyncio with a blocking call; the output says which.
 *
 * <pre>{@code
 * from gevent import monkey; monkey.patch_all()
 *
 * def f(url):
 *     print('GET: %s' % url)
 *     data = request.urlopen(url).read()
 *     print('%d bytes received from %s.' % (len(data), url))
 *
 * gevent.joinall([gevent.spawn(f, 'https://itk.org/'),
 *                 gevent.spawn(f, 'https://www.github.com/'),
 *                 gevent.spawn(f, 'https://zhihu.com/')])
 * }</pre>
 *
 * <p>Without network: the example serves the three pages itself from a small HTTP server on the
 * loopback interface, each answering after its own delay (itk 300 ms, github 500 ms, zhihu
 * 200 ms) with a body the size the seed reports, and stops the server at the end.
 */
public final class ConcurrentGets {

    private ConcurrentGets() {
    }

    /** One page of the local server: its path, its server-side delay and its body size. */
    record Page(String path, int delayMillis, int bytes) {
    }

    /** The seed's three sites, in spawn order; the sizes are those the seed printed. */
    static final List<Page> PAGES = List.of(
            new Page("/itk", 300, 12323),
            new Page("/github", 500, 55997),
            new Page("/zhihu", 200, 11664));

    /** The sum of the server-side delays, in seconds: what the requests take one after another. */
    static final double SUM_OF_DELAYS = PAGES.stream().mapToInt(Page::delayMillis).sum() / 1000.0;

    /** {@code f(url)}: a blocking GET with no weft call inside, as in the seed. */
    static Integer fetch(String url, PrintStream out) throws IOException {
        out.println("GET: " + url);
        HttpURLConnection conn = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
        try (InputStream in = conn.getInputStream()) {
            byte[] data = in.readAllBytes();                  // parks only this task (loop-scheduled)
            out.println(data.length + " bytes received from " + url + ".");
            return data.length;
        } finally {
            conn.disconnect();
        }
    }

    /**
     * Starts the local server, spawns one fetching task per page on {@code loop}, waits for all of
     * them, prints the elapsed time and whether the requests overlapped, and stops the server.
     *
     * @param loop a loop on the real clock ({@link EventLoop#create()}): the server's delays are real
     * @return the elapsed loop time in seconds
     */
    public static double run(EventLoop loop, PrintStream out) throws IOException {
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        try {
            for (Page p : PAGES) {
                byte[] body = new byte[p.bytes()];
                Arrays.fill(body, (byte) 'x');
                server.createContext(p.path(), exchange -> {
                    try (exchange) {
                        Thread.sleep(p.delayMillis());        // the site's latency
                        exchange.sendResponseHeaders(200, body.length);
                        try (OutputStream os = exchange.getResponseBody()) {
                            os.write(body);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("weft example server interrupted while serving " + p.path(), e);
                    }
                });
            }
            server.setExecutor(handlers);                      // each request on its own thread
            server.start();
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            boolean overlapping = loop.taskBackend() == TaskBackend.LOOP;
            if (!overlapping) {
                out.println("task backend: " + loop.taskBackend() + ", so a blocking read stalls the loop and the "
                        + "requests run one after another, as in asyncio; java --add-opens "
                        + "java.base/java.lang=ALL-UNNAMED makes them overlap");
            }
            double start = loop.time();
            loop.runUntilComplete(() -> {
                List<Task<Integer>> tasks = new ArrayList<>();
                for (Page p : PAGES) {                         // gevent.spawn(f, url)
                    String url = base + p.path();
                    tasks.add(loop.createTask(() -> fetch(url, out), p.path()));
                }
                return Aio.gather(tasks).await();              // gevent.joinall([...])
            });
            double elapsed = loop.time() - start;
            out.println(String.format(Locale.ROOT, "%.3f s for three requests whose server delays sum to %.1f s",
                    elapsed, SUM_OF_DELAYS));
            out.println(elapsed < SUM_OF_DELAYS
                    ? "overlapped: each blocking read parked only its task (loop-scheduled tasks)"
                    : "not overlapped: the requests ran one after another (" + loop.taskBackend() + " tasks)");
            return elapsed;
        } finally {
            server.stop(0);
            handlers.close();
        }
    }

    /** Runs the example on a real-clock loop (about half a second), then closes the loop. */
    public static void main(String[] args) throws IOException {
        EventLoop loop = EventLoop.create();
        try {
            run(loop, Py.stdout());
        } finally {
            loop.close();
        }
    }
}
