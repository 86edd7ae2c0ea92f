package dev.weft.examples;

import dev.weft.gen.Generator;
import dev.weft.gen.StopIteration;
import java.io.PrintStream;

/**
 * Seeds 003 and 004: a coroutine that returns a value. Sending {@code None} ends the averager's
 * loop; its {@code return} raises {@code StopIteration} in the caller, carrying the value in
 * {@link StopIteration#value()} (Python's {@code exc.value}).
 *
 * <pre>{@code
 * Result = namedtuple('Result', 'count average')
 *
 * def averager():                 # 003; 004's returns only the average, and is primed
 *     total = 0.0
 *     count = 0
 *     average = None
 *     while True:
 *         term = yield
 *         if term is None:
 *             break
 *         total += term
 *         count += 1
 *         average = total/count
 *     return Result(count, average)
 *
 * coro_avg = averager()
 * next(coro_avg)
 * coro_avg.send(10)
 * coro_avg.send(20)
 * try:
 *     coro_avg.send(None)
 * except StopIteration as exc:
 *     result = exc.value          # Result(count=2, average=15.0)
 * }</pre>
 */
public final class AveragerResult {

    private AveragerResult() {
    }

    /** Python's {@code namedtuple('Result', 'count average')}; prints as Python prints it. */
    public record Result(int count, Double average) {
        @Override
        public String toString() {
            return "Result(count=" + count + ", average=" + Py.repr(average) + ")";
        }
    }

    /** Seed 003's averager: averages what is sent until {@code null}, then returns a {@link Result}. */
    public static Generator<Void, Double, Result> averager() {
        return Generator.of("averager", ctx -> {
            double total = 0.0;
            int count = 0;
            Double average = null;
            while (true) {
                Double term = ctx.yield(null);
                if (term == null) {
                    break; // to return a value, a coroutine must end normally
                }
                total += term;
                count += 1;
                average = total / count;
            }
            return new Result(count, average);
        });
    }

    /** Seed 004's averager: primed (its {@code @actived}), returns just the mean. */
    public static Generator<Void, Integer, Double> activedAverager() {
        return Generator.primed("averager", ctx -> {
            int total = 0;
            int count = 0;
            Double average = null;
            while (true) {
                Integer number = ctx.yield(null); // yields nothing, only receives
                if (number == null) {
                    break;
                }
                count += 1;
                total += number;
                average = (double) total / count;
            }
            return average;
        });
    }

    /** Seed 003's session: the {@code Result} comes back through {@code StopIteration}. */
    public static Result run003(PrintStream out) {
        Generator<Void, Double, Result> coroAvg = averager();
        coroAvg.next();
        coroAvg.send(10.0);
        coroAvg.send(20.0);
        Result result = null;
        try {
            coroAvg.send(null);
        } catch (StopIteration exc) {
            result = (Result) exc.value(); // or coroAvg.returnValue(), typed
        }
        out.println(result);
        return result;
    }

    /** Seed 004's session: the mean 20.0 comes back through {@code StopIteration}. */
    public static double run004(PrintStream out) {
        Generator<Void, Integer, Double> avg = activedAverager();
        avg.send(10);
        avg.send(20);
        avg.send(30);
        double mean = Double.NaN;
        try {
            avg.send(null);
        } catch (StopIteration e) {
            mean = (Double) e.value();
            out.println("平均值结果为：" + Py.str(e.value())); // "the average is"
        }
        return mean;
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
