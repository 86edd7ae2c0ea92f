package dev.weft.bench.gen;

import dev.weft.gen.Generator;
import dev.weft.internal.strand.Backend;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;
import javax.management.ObjectName;

/**
 * Measures the heap bytes one suspended shallow generator holds: creates {@code count} generators
 * (default 1 000 000), advances each to its first {@code yield}, keeps them all in an array, and
 * compares the used heap after full collections before and after. Prints one JSON object.
 *
 * <p>Run with {@code -Dweft.strand=continuation|handoff} (plus weft's JVM flags) to pick the
 * backend; the hand-off backend parks one virtual thread per generator, whose frames live on the
 * heap as stack chunks, so they are counted too. Target on the continuation backend: at most
 * 1024 bytes per generator.
 *
 * <p>Python: {@code gen_bench.py} measures the same with tracemalloc (176 bytes a generator on
 * CPython 3.11).
 *
 * <pre>
 *   java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -Dweft.strand=continuation \
 *        -cp weft-bench/target/benchmarks.jar dev.weft.bench.gen.GenMemory 1000000
 * </pre>
 */
public final class GenMemory {
    private static final Object VALUE = "v";

    private GenMemory() {
    }

    /**
     * Runs the probe. Arguments: the number of generators (default 1 000 000), then optionally
     * {@code --histo} to print the heap's top classes (where the bytes go) to stderr at the end.
     */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        boolean histo = args.length > 1 && args[1].equals("--histo");
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        @SuppressWarnings("unchecked")
        Generator<Object, Object, Void>[] gens = new Generator[count];
        // Warm the code paths (class loading, JIT) on a few generators that are then dropped.
        for (int i = 0; i < 10_000; i++) {
            Generator<Object, Object, Void> g = shallow();
            g.next();
            g.close();
        }
        long before = usedAfterGc(mem);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Generator<Object, Object, Void> g = shallow();
            g.next();
            gens[i] = g;
        }
        long createNs = System.nanoTime() - t0;
        long after = usedAfterGc(mem);
        if (histo) {
            String h = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            h.lines().limit(20).forEach(System.err::println);
        }
        Reference.reachabilityFence(gens);
        double perGen = (double) (after - before) / count;
        System.out.println(String.format(Locale.ROOT,
                "{\"backend\": \"%s\", \"count\": %d, \"bytesPerGenerator\": %.1f, \"usedBefore\": %d, "
                        + "\"usedAfter\": %d, \"createAndAdvanceNsPerGenerator\": %.1f, \"state\": \"%s\"}",
                Backend.defaultBackend().name().toLowerCase(Locale.ROOT), count, perGen, before, after,
                (double) createNs / count, gens[count - 1].state()));
    }

    /** A shallow generator: the body yields directly, with no helper frames in between. */
    private static Generator<Object, Object, Void> shallow() {
        return Generator.of(ctx -> {
            ctx.yield(VALUE);
            return null;
        });
    }

    /** Used heap after collections, once two rounds in a row agree within 1 %, at most 8 rounds. */
    private static long usedAfterGc(MemoryMXBean mem) throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int round = 0; round < 8; round++) {
            System.gc();
            Thread.sleep(100);
            long used = mem.getHeapMemoryUsage().getUsed();
            if (round >= 2 && Math.abs(used - last) <= last / 100) {
                return Math.min(used, last);
            }
            last = used;
        }
        return last;
    }
}
