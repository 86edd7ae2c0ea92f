package dev.weft.bench.aio;

import dev.weft.aio.Aio;
import dev.weft.aio.AsyncGenerator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an {@link AsyncGenerator} costs, beside CPython ({@code weft-bench/python/agen_bench.py}
 * measures the same operations the same way, with {@link AioBench}'s best-of-runs rule).
 *
 * <p>Prints one line per benchmark: {@code name<TAB>ns per value<TAB>task backend}.
 *
 * <pre>
 * agen_next    one value of an async generator whose body only yields, consumed by for-each
 * agen_await   one value whose body first awaits Aio.sleep(0) (a relayed park: a loop round trip)
 * agen_create  create, iterate to its only value, close: one short-lived async generator
 * </pre>
 *
 * Run: {@code java <weft's JVM flags> [-Dweft.tasks=loop|strand] -cp weft-bench/target/benchmarks.jar
 * dev.weft.bench.aio.AsyncGeneratorBench}
 */
public final class AsyncGeneratorBench {
    static final int VALUES = 200_000;
    static final int AWAITS = 50_000;
    static final int CREATES = 50_000;

    private AsyncGeneratorBench() {
    }

    static AsyncGenerator<Integer, Void> count(int n, boolean awaiting) {
        return AsyncGenerator.of(ctx -> {
            for (int i = 0; i < n; i++) {
                if (awaiting) {
                    Aio.sleep(0);
                }
                ctx.yield(i);
            }
        });
    }

    static AioBench.Sample iterate(int n, boolean awaiting) {
        return AioBench.onLoop(() -> {
            long t0 = System.nanoTime();
            long sum = 0;
            try (var it = count(n, awaiting).iterate()) {
                for (int v : it) {
                    sum += v;
                }
            }
            if (sum != (long) n * (n - 1) / 2) {
                throw new AssertionError("sum " + sum);
            }
            return new AioBench.Sample(System.nanoTime() - t0, n);
        });
    }

    static AioBench.Sample create() {
        return AioBench.onLoop(() -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < CREATES; i++) {
                try (var it = count(1, false).iterate()) {
                    for (int v : it) {
                        if (v != 0) {
                            throw new AssertionError(v);
                        }
                    }
                }
            }
            return new AioBench.Sample(System.nanoTime() - t0, CREATES);
        });
    }

    /** Runs every benchmark (or those named in {@code args}) and prints the TSV lines. */
    public static void main(String[] args) {
        Set<String> only = Set.of(args);
        String backend = dev.weft.aio.Backends.tasks().name().toLowerCase(Locale.ROOT);
        record Row(String name, AioBench.Bench bench) { }
        for (Row row : List.of(
                new Row("agen_next", () -> iterate(VALUES, false)),
                new Row("agen_await", () -> iterate(AWAITS, true)),
                new Row("agen_create", AsyncGeneratorBench::create))) {
            if (!only.isEmpty() && !only.contains(row.name())) {
                continue;
            }
            double v = AioBench.best(row.bench(), 3, 5);
            System.out.printf(Locale.ROOT, "%s\t%.1f\t%s%n", row.name(), v, backend);
            System.out.flush();
        }
    }
}
