package dev.weft.bench.pipe;

import dev.weft.pipe.Follow;
import dev.weft.pipe.Pipe;
import dev.weft.pipe.Sink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The seed's pipeline over a generated log file, timed: read lines -> grep -> count, and the same
 * with a 3-way broadcast (read -> broadcast -> 3 x (grep -> count)), and the first with the
 * counter written as a user's {@code Sink.coroutine} ({@code grepcoro}; woven when run with
 * weft-weave's agent). A plain main class rather
 * than JMH, so that it measures exactly what {@code python/pipe_bench.py} measures: whole passes
 * over the file, best of several after warm-up passes.
 *
 * <p>Usage: {@code PipeBench LOG [warmups] [rounds]}. Prints one line per pipeline:
 * {@code pipe <name> lines=<n> matches=<m> seconds=<best> lines_per_s=<rate>}.
 */
public final class PipeBench {
    private PipeBench() {
    }

    /** Greps of the benchmark, the same three in pipe_bench.py. */
    static final String[] PATTERNS = {"python", "ERROR", "POST"};

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: PipeBench LOG [warmups] [rounds]");
            System.exit(2);
        }
        Path log = Path.of(args[0]);
        int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        measure("grep", log, warmups, rounds, false);
        measure("broadcast3", log, warmups, rounds, true);
        measure("grepcoro", log, warmups, rounds, PipeBench::grepIntoCoroutine);
    }

    /** One pipeline over the log: returns {lines read, matches counted}. */
    interface Pipeline {
        long[] run(Path log) throws IOException;
    }

    static void measure(String name, Path log, int warmups, int rounds, boolean broadcast) throws IOException {
        measure(name, log, warmups, rounds, broadcast ? PipeBench::broadcast : PipeBench::grep);
    }

    static void measure(String name, Path log, int warmups, int rounds, Pipeline pipeline) throws IOException {
        long best = Long.MAX_VALUE;
        long lines = 0;
        long matches = 0;
        for (int r = 0; r < warmups + rounds; r++) {
            long t0 = System.nanoTime();
            long[] result = pipeline.run(log);
            long t = System.nanoTime() - t0;
            lines = result[0];
            matches = result[1];
            if (r >= warmups) {
                best = Math.min(best, t);
            }
        }
        double s = best / 1e9;
        System.out.printf(Locale.ROOT, "pipe %s lines=%d matches=%d seconds=%.4f lines_per_s=%.0f%n", name, lines,
                matches, s, lines / s);
    }

    /** read -> grep -> count. */
    static long[] grep(Path log) throws IOException {
        Sink<String> count = Pipe.counter();
        long lines = Follow.file(log).fromStart(true).stopAtEnd(true).into(Pipe.grep(PATTERNS[0], count));
        return new long[] {lines, (Long) count.result()};
    }

    /**
     * read -> grep -> a counter written as the user's own coroutine ({@code Sink.coroutine}), as
     * the seed writes it: one switch per matching line when stackful, a plain call when woven.
     */
    static long[] grepIntoCoroutine(Path log) throws IOException {
        Sink<String> count = Sink.coroutine("count", ctx -> {
            long n = 0;
            try {
                while (true) {
                    ctx.yield(n);
                    n++;
                }
            } catch (dev.weft.gen.GeneratorExit closed) {
                return n;
            }
        });
        long lines = Follow.file(log).fromStart(true).stopAtEnd(true).into(Pipe.grep(PATTERNS[0], count));
        return new long[] {lines, (Long) count.result()};
    }

    /** read -> broadcast -> 3 x (grep -> count). */
    static long[] broadcast(Path log) throws IOException {
        Sink<String> c0 = Pipe.counter();
        Sink<String> c1 = Pipe.counter();
        Sink<String> c2 = Pipe.counter();
        long lines = Follow.file(log).fromStart(true).stopAtEnd(true).into(Pipe.broadcast(
                Pipe.grep(PATTERNS[0], c0), Pipe.grep(PATTERNS[1], c1), Pipe.grep(PATTERNS[2], c2)));
        return new long[] {lines, (Long) c0.result() + (Long) c1.result() + (Long) c2.result()};
    }
}
