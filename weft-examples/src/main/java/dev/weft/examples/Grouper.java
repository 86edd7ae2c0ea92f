package dev.weft.examples;

import dev.weft.examples.AveragerResult.Result;
import dev.weft.gen.Generator;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seeds 003 and 004: {@code yield from} as a two-way channel. The caller sends values to a
 * delegating generator ({@code grouper}), which passes each one straight through to its
 * subgenerator ({@code averager}) without touching it; when the caller sends {@code None}, the
 * averager returns its result, which becomes the value of {@code yield from}, and the grouper
 * stores it and starts a new averager.
 *
 * <pre>{@code
 * def grouper(results, key):                  # the delegating generator
 *     while True:
 *         results[key] = yield from averager()
 *
 * def main(data):                             # the caller
 *     results = {}
 *     for key, values in data.items():
 *         group = grouper(results, key)
 *         next(group)
 *         for value in values:
 *             group.send(value)
 *         group.send(None)                    # ends the current averager
 *     report(results)
 *
 * def report(results):
 *     for key, result in sorted(results.items()):
 *         group, unit = key.split(';')
 *         print('{:2} {:5} averaging {:.2f}{}'.format(result.count, group, result.average, unit))
 * }</pre>
 *
 * <p>Seed 004 runs the same design over other data, with an averager that returns a
 * {@code (count, average)} tuple and with progress lines in Chinese.
 */
public final class Grouper {

    private Grouper() {
    }

    /** Seed 003's data: girls' and boys' weights (kg) and heights (m). */
    public static Map<String, List<Double>> data003() {
        Map<String, List<Double>> data = new LinkedHashMap<>();
        data.put("girls;kg", List.of(40.0, 41.0, 42.0, 43.0, 44.0, 54.0));
        data.put("girls;m", List.of(1.5, 1.6, 1.8, 1.5, 1.45, 1.6));
        data.put("boys;kg", List.of(50.0, 51.0, 62.0, 53.0, 54.0, 54.0));
        data.put("boys;m", List.of(1.6, 1.8, 1.8, 1.7, 1.55, 1.6));
        return data;
    }

    /** Seed 004's data: boys' and girls' weights and heights. */
    public static Map<String, List<Integer>> data004() {
        Map<String, List<Integer>> data = new LinkedHashMap<>();
        data.put("boy_weight", List.of(130, 125, 135, 160, 120, 170, 149));
        data.put("boy_height", List.of(166, 170, 190, 185, 179, 168, 172));
        data.put("girl_weight", List.of(100, 97, 88, 120, 140, 102, 90, 89, 112));
        data.put("girl_height", List.of(160, 165, 155, 170, 174, 167, 157, 149, 170));
        return data;
    }

    /**
     * Seed 003's delegating generator: forever, runs a new averager (the one of
     * {@link AveragerResult#averager()}) and stores its result under {@code key}.
     */
    public static Generator<Void, Double, Void> grouper(Map<String, Result> results, String key) {
        return Generator.of("grouper", ctx -> {
            while (true) {
                results.put(key, ctx.yieldFrom(AveragerResult.averager()));
            }
        });
    }

    /** Seed 003's caller: feeds each list through a grouper, then prints the report. Returns the results. */
    public static Map<String, Result> main003(Map<String, List<Double>> data, PrintStream out) {
        Map<String, Result> results = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : data.entrySet()) {
            Generator<Void, Double, Void> group = grouper(results, e.getKey());
            group.next();
            for (double value : e.getValue()) {
                group.send(value); // goes straight to the averager
            }
            group.send(null); // the averager returns; the grouper stores the result
        }
        report(results, out);
        return results;
    }

    /** Seed 003's report, one line per key in sorted order: {@code ' 6 boys  averaging 54.00kg'}. */
    public static void report(Map<String, Result> results, PrintStream out) {
        for (Map.Entry<String, Result> e : new TreeMap<>(results).entrySet()) {
            String[] groupUnit = e.getKey().split(";");
            Result result = e.getValue();
            // Python: '{:2} {:5} averaging {:.2f}{}'
            out.println(String.format("%2d %-5s averaging %s%s",
                    result.count(), groupUnit[0], Py.fixed(result.average(), 2), groupUnit[1]));
        }
    }

    /** Seed 004's result, Python's {@code (count, average)} tuple. */
    public record CountAverage(int count, Double average) {
        @Override
        public String toString() {
            return Py.tuple(count, average);
        }
    }

    /** Seed 004's subgenerator: averages until {@code null} is sent, then returns {@code (count, average)}. */
    public static Generator<Void, Integer, CountAverage> averager004() {
        return Generator.of("averager", ctx -> {
            int count = 0;
            int total = 0;
            Double average = null;
            while (true) {
                Integer number = ctx.yield(null); // only receives
                if (number == null) {
                    break; // None ends this averager
                }
                total += number;
                count += 1;
                average = (double) total / count;
            }
            return new CountAverage(count, average);
        });
    }

    /** Seed 004's delegating generator: a new averager per round, its result stored under {@code key}. */
    public static Generator<Void, Integer, Void> grouper004(String key, Map<String, CountAverage> results) {
        return Generator.of("grouper", ctx -> {
            while (true) {
                results.put(key, ctx.yieldFrom(averager004()));
            }
        });
    }

    /** Seed 004's caller, printing its progress and the results. Returns the results. */
    public static Map<String, CountAverage> main004(Map<String, List<Integer>> data, PrintStream out) {
        Map<String, CountAverage> results = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> e : data.entrySet()) {
            String key = e.getKey();
            out.println("用于计算 " + key + " 的协程创建"); // "the coroutine for <key> is created"
            Generator<Void, Integer, Void> group = grouper004(key, results);
            group.next(); // runs to the averager's first yield
            for (int item : e.getValue()) {
                group.send(item);
            }
            group.send(null); // ends the averager; the grouper pauses in a new one
            out.println("用于计算 " + key + " 的协程终止"); // "... has ended"
        }
        out.println("所有计算结束，计算结果如下： " + Py.repr(results)); // "all done, the results:"
        return results;
    }

    /** Both sessions, each under a {@code -- seed 00N --} label. */
    public static void run(PrintStream out) {
        out.println("-- seed 003 --");
        main003(data003(), out);
        out.println("-- seed 004 --");
        main004(data004(), out);
    }

    /** Runs the example on standard output. */
    public static void main(String[] args) {
        run(Py.stdout());
    }
}
