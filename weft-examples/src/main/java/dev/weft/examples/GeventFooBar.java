package dev.weft.examples;

import static dev.weft.green.Gevent.joinAll;
import static dev.weft.green.Gevent.sleep;
import static dev.weft.green.Gevent.spawn;

import dev.weft.aio.EventLoop;
import dev.weft.green.Gevent;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Seed 001, gevent: {@code foo} and {@code bar} are spawned and joined; each sleeps without
 * blocking the other, so the run takes as long as the longer sleep (5 s), not the sum (7 s).
 * Written with weft's gevent API ({@link Gevent}), line for line as the seed: the plain code that
 * calls {@code joinAll} is in no task, so the thread runs its hub until both are dead, as gevent's
 * main greenlet does.
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
 * <p>On a virtual-clock hub the elapsed time is exactly 5.0 and the run is instant; with
 * {@code --real} it takes five real seconds, as in the seed.
 */
public final class GeventFooBar {

    private GeventFooBar() {
    }

    static void foo(PrintStream out) {
        out.println("running in foo");
        sleep(2);
        out.println("switch to foo again");
    }

    static void bar(PrintStream out) {
        out.println("switch to bar");
        sleep(5);
        out.println("switch to bar again");
    }

    /**
     * Makes {@code hub} this thread's hub, spawns {@code foo} and {@code bar}, joins them, and
     * prints the elapsed hub time (exact on a virtual clock, to the millisecond on a real one).
     *
     * @return the elapsed time in seconds
     */
    public static double run(EventLoop hub, PrintStream out) {
        EventLoop.setEventLoop(hub);
        try {
            double start = Gevent.getHub().time();
            joinAll(spawn(() -> foo(out)), spawn(() -> bar(out)));
            double elapsed = Gevent.getHub().time() - start;
            String time = hub.isVirtual()
                    ? elapsed + " s of loop time"
                    : String.format(Locale.ROOT, "%.3f s of real time", elapsed);
            out.println(time + " (foo 2 s + bar 5 s overlapped)");
            return elapsed;
        } finally {
            EventLoop.setEventLoop(null);
        }
    }

    /** Runs on a virtual clock (instant), or with {@code --real} on the real clock (five seconds). */
    public static void main(String[] args) {
        PrintStream out = Py.stdout();
        boolean real = args.length > 0 && args[0].equals("--real");
        if (!real) {
            out.println("(virtual clock: the five seconds of hub time pass at once; --real waits for them)");
        }
        try (EventLoop hub = real ? EventLoop.create() : EventLoop.createVirtual()) {
            run(hub, out);
        }
    }
}
