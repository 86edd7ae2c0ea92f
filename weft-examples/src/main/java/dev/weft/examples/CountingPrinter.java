package dev.weft.examples;

import dev.weft.pipe.Sink;
import java.io.PrintStream;
import java.util.List;

/**
 * The seed's first pipeline: a source that sends lines to a printer coroutine, which prints each
 * one and yields back its running {@code count}.
 *
 * <p>Python: {@code @coroutine def printer(): count = 1; while True: line = yield count; print
 * line; count += 1}, driven by {@code count = target.send(line)} in {@code follow}. As in the
 * seed, the count starts at 1 and grows after each line, so after {@code n} lines the printer
 * yields {@code n + 1}.
 *
 * <p>Run: {@code ./weft example CountingPrinter}.
 */
public final class CountingPrinter {
    private CountingPrinter() {
    }

    static final List<String> README = List.of(
            "weft brings Python's coroutines to Java.",
            "A source sends lines into a pipeline.",
            "The printer prints them and yields its count back.");

    /** The printer coroutine, primed (the {@code @coroutine} decorator's job). */
    static Sink<String> printer(PrintStream out) {
        return Sink.coroutine("printer", ctx -> {
            int count = 1;
            while (true) {
                String line = ctx.yield(count); // wait for a line; hand back the count
                out.println(line);
                count++;
            }
        });
    }

    /** Sends the lines to the printer as the seed's {@code follow} does, and reports the count. */
    public static void run(PrintStream out) {
        try (Sink<String> printer = printer(out)) {
            Object count = null;
            for (String line : README) {
                count = printer.send(line);
            }
            out.println("the printer yielded " + count + " after " + README.size() + " lines");
        }
    }

    /** Runs the example. */
    public static void main(String[] args) {
        run(System.out);
    }
}
