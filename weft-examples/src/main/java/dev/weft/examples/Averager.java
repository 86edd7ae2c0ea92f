package dev.weft.examples;

import dev.weft.gen.Generator;
import dev.weft.gen.StopIteration;
import java.io.PrintStream;

/**
 * Seeds 003 and 004: a running average as a coroutine. Each value sent updates the total and the
 * count, and the {@code send} returns the new average. Started by hand with {@code next()}, or
 * primed at creation by a decorator (003's {@code @coroutine}, 004's {@code @actived}), which in
 * weft is {@link Generator#primed}. An exception the body does not handle (a non-number sent)
 * reaches the caller and ends the coroutine: any later {@code send} raises {@code StopIteration}.
 *
 * <pre>{@code
 * @coroutine                      # 003; 004's @actived is the same decorator
 * def averager():
 *     total = 0.0
 *     count = 0
 *     average = None
 *     while True:
 *         term = yield average
 *         total += term
 *         count += 1
 *         average = total/count
 *
 * coro_avg = averager()
 * print(coro_avg.send(40))        # 40.0
 * print(coro_avg.send(50))        # 45.0
 * print(coro_avg.send('123'))     # TypeError, and the coroutine is over
 * }</pre>
 */
public final class Averager {

    private Averager() {
    }

    /**
     * The primed averager (003's {@code @coroutine}, 004's {@code @actived}): ready for
     * {@code send} at once. It accepts any {@code Object}, as Python's does, so that sending a
     * string fails at run time as in the seeds; a typed Java averager would take {@code Number} and
     * the compiler would reject {@code "123"}. Its cast failure is the Java counterpart of Python's
     * {@code TypeError}.
     */
    public static Generator<Double, Object, Void> averager() {
        return Generator.primed("averager", ctx -> {
            double total = 0.0;
            int count = 0;
            Double average = null;
            while (true) {
                Object term = ctx.yield(average);
                total += ((Number) term).doubleValue(); // ClassCastException for "123"
                count += 1;
                average = total / count;
            }
        });
    }

    /** Seed 004's first averager: not primed, so the caller starts it with {@code next()}. */
    public static Generator<Double, Integer, Void> unprimedAverager() {
        return Generator.of("averager", ctx -> {
            int total = 0;
            int count = 0;
            Double average = null;
            while (true) {
                int number = ctx.yield(average);
                count += 1;
                total += number;
                average = (double) total / count; // Python 3's `/` is true division
            }
        });
    }

    /** Seed 003: 40.0 and 45.0, then a bad value ends the coroutine. */
    public static void run003(PrintStream out) {
        Generator<Double, Object, Void> coroAvg = averager();
        out.println(Py.str(coroAvg.send(40)));
        out.println(Py.str(coroAvg.send(50)));
        sendBadValue(coroAvg, "123", 60, out);
    }

    /** Seed 004: 10.0, 15.0, 21.0 started with next(); then the primed version, and a bad value. */
    public static void run004(PrintStream out) {
        Generator<Double, Integer, Void> avg = unprimedAverager();
        out.println(Py.str(avg.next())); // start it: the first yield yields None
        out.println(Py.str(avg.send(10)));
        out.println(Py.str(avg.send(20)));
        out.println(Py.str(avg.send(33)));

        Generator<Double, Object, Void> actived = averager(); // primed: no next() needed
        out.println(Py.str(actived.send(10)));
        out.println(Py.str(actived.send(20)));
        out.println(Py.str(actived.send(30)));
        sendBadValue(actived, "hello", 100, out);
    }

    /** Sends a string the body cannot add, shows the exception reaching us, then sends again. */
    private static void sendBadValue(Generator<Double, Object, Void> coro, String bad, int later, PrintStream out) {
        try {
            coro.send(bad);
        } catch (ClassCastException e) { // Python: TypeError
            out.println("send(" + Py.repr(bad) + ") raised ClassCastException; the coroutine is " + coro.state());
        }
        try {
            coro.send(later);
        } catch (StopIteration e) {
            out.println("send(" + later + ") raised StopIteration");
        }
    }

    /** Both sessions, each under a {@code -- seed 00N --} label. */
    public static void run(PrintStream out) {
        out.println("-- seed 003 --");
        run003(out);
        out.println("-- seed 004 --");
        run004(out);
    }

    /** Runs the example on standard output. */
    public static void main(String[] args) {
        run(Py.stdout());
    }
}
