package dev.weft.examples;

import static dev.weft.green.Gevent.joinAll;
import static dev.weft.green.Gevent.spawn;

import dev.weft.aio.EventLoop;
import dev.weft.aio.TaskBackend;
import dev.weft.green.Gevent;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Seed 001, gevent with {@code monkey.patch_all()}: three green tasks each do a plain blocking HTTP
 * GET, and the requests overlap. {@code f} is ordinary JDK code ({@link HttpURLConnection}) with no
 * weft call inside: with the loop-scheduled task backend ({@link TaskBackend#LOOP}, JVM flag
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}) each green task is a virtual thread the hub
 * schedules, so a blocking socket read parks only its task, which is what gevent's monkey patch
 * achieves by patching. Without the flag the blocking read stalls the hub and the requests run
 * one after another, as in gevent without the patch; the output says which.
 *
 * <pre>{@code
 * from gevent import monkey; monkey.patch_all()
 *
 * def f(url):
 *     print('GET: %s' % url)
 *     resp = request.urlopen(url)
 *     data = resp.read()
 *     print('%d bytes received from %s.' % (len(data), url))
 *
 * gevent.joinall([gevent.spawn(f, 'https://itk.org/'),
 *                 gevent.spawn(f, 'https://www.github.com/'),
 *                 gevent.spawn(f, 'https://zhihu.com/')])
 * }</pre>
 *
 * <p>Without network: the example serves the three pages itself from a small HTTP server on the
 * loopback interface ({@link LoopbackPages}), each answering after its own delay (itk 300 ms,
 * github 500 ms, zhihu 200 ms) with a body the size the seed reports, and stops it at the end.
 */
public final class ConcurrentGets {

    private ConcurrentGets() {
    }

    /** The seed's three sites, in spawn order; the sizes are those the seed printed. */
    static final Map<String, LoopbackPages.Page> PAGES = Map.of(
            "/itk", new LoopbackPages.Page(300, 12323),
            "/github", new LoopbackPages.Page(500, 55997),
            "/zhihu", new LoopbackPages.Page(200, 11664));

    /** The sum of the server-side delays, in seconds: what the requests take one after another. */
    static final double SUM_OF_DELAYS = PAGES.values().stream().collect(Collectors.summingInt(LoopbackPages.Page::delayMillis)) / 1000.0;

    /** {@code f(url)}: a blocking GET with no weft call inside, as in the seed. */
    static void f(String url, PrintStream out) throws IOException {
        out.println("GET: " + url);
        HttpURLConnection resp = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
        byte[] data;
        try (InputStream in = resp.getInputStream()) {
            data = in.readAllBytes();                         // network I/O: parks only this task
        } finally {
            resp.disconnect();
        }
        out.println(data.length + " bytes received from " + url + ".");
    }

    /**
     * Starts the local server, makes {@code hub} this thread's hub, spawns one green task per page,
     * joins them, prints the elapsed time and whether the requests overlapped, and stops the server.
     *
     * @param hub a loop on the real clock ({@link EventLoop#create()}): the server's delays are real
     * @return the elapsed hub time in seconds
     */
    public static double run(EventLoop hub, PrintStream out) throws IOException {
        try (LoopbackPages server = new LoopbackPages(PAGES::get)) {
            String base = server.base();
            EventLoop.setEventLoop(hub);
            boolean overlapping = hub.taskBackend() == TaskBackend.LOOP;
            if (!overlapping) {
                out.println("task backend: " + hub.taskBackend() + ", so a blocking read stalls the hub and the "
                        + "requests run one after another, as gevent without monkey.patch_all(); java --add-opens "
                        + "java.base/java.lang=ALL-UNNAMED makes them overlap");
            }
            double start = Gevent.getHub().time();
            joinAll(List.of(
                    spawn(() -> f(base + "/itk", out)),
                    spawn(() -> f(base + "/github", out)),
                    spawn(() -> f(base + "/zhihu", out))), Gevent.FOREVER, true);
            double elapsed = Gevent.getHub().time() - start;
            out.println(String.format(Locale.ROOT, "%.3f s for three requests whose server delays sum to %.1f s",
                    elapsed, SUM_OF_DELAYS));
            out.println(elapsed < SUM_OF_DELAYS
                    ? "overlapped: each blocking read parked only its task (loop-scheduled tasks)"
                    : "not overlapped: the requests ran one after another (" + hub.taskBackend() + " tasks)");
            return elapsed;
        } finally {
            EventLoop.setEventLoop(null);
        }
    }

    /** Runs the example on a real-clock hub (about half a second), then closes it. */
    public static void main(String[] args) throws IOException {
        try (EventLoop hub = EventLoop.create()) {
            run(hub, Py.stdout());
        }
    }
}
