package dev.weft.examples;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Task;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Seed 001, gevent: {@code foo} and {@code bar} are spawned as two tasks and joined; each sleeps
 * without blocking the other, so the run takes as long as the longer sleep (5 s), not the sum (7 s).
 * {@code gevent.spawn} is {@link EventLoop#createTask}, {@code gevent.joinall} is awaiting both
 * ({@link Aio#gather}), {@code gevent.sleep} is {@link Aio#sleep}.
 *
 * <pre>{@code
 * def foo():
 *     print("running in foo")
 *     gevent.sleep(2)
 *     print("switch to foo again")
 *
 * def bar():
 *     print("switch to bar")
 *     gevent.sleep(5)
 *     print("switch to bar again")
 *
 * start = time.time()
 * gevent.joinall([gevent.spawn(foo), gevent.spawn(bar)])
 * print(time.time() - start)
 * }</pre>
 *
 * <p>On a virtual-clock loop the elapsed loop time is exactly 5.0 and the run is instant; with
 * {@code --real} it takes five real seconds, as in the seed.
 */
public final class GeventFooBar {

    private GeventFooBar() {
    }

    static Void foo(PrintStream out) {
        out.println("running in foo");
        Aio.sleep(2);
        out.println("switch to foo again");
        return null;
    }

    static Void bar(PrintStream out) {
        out.println("switch to bar");
        Aio.sleep(5);
        out.println("switch to bar again");
        return null;
    }

    /**
     * Spawns {@code foo} and {@code bar} on {@code loop}, waits for both, and prints the elapsed
     * loop time (exact on a virtual clock, to the millisecond on a real one).
     *
     * @return the elapsed loop time in seconds
     */
    public static double run(EventLoop loop, PrintStream out) {
        double start = loop.time();
        loop.runUntilComplete(() -> {
            Task<Void> f = loop.createTask(() -> foo(out), "foo");
            Task<Void> b = loop.createTask(() -> bar(out), "bar");
            Aio.gather(f, b).await();                      // gevent.joinall([...])
            return null;
        });
        double elapsed = loop.time() - start;
        String time = loop.isVirtual()
                ? elapsed + " s of loop time"
                : String.format(Locale.ROOT, "%.3f s of real time", elapsed);
        out.println(time + " (foo 2 s + bar 5 s overlapped)");
        return elapsed;
    }

    /** Runs on a virtual clock (instant), or with {@code --real} on the real clock (five seconds). */
    public static void main(String[] args) {
        PrintStream out = Py.stdout();
        boolean real = args.length > 0 && args[0].equals("--real");
        if (!real) {
            out.println("(virtual clock: the five seconds of loop time pass at once; --real waits for them)");
        }
        try (EventLoop loop = real ? EventLoop.create() : EventLoop.createVirtual()) {
            run(loop, out);
        }
    }
}
