package dev.weft.bench.aio;

import dev.weft.aio.LoopInspection;
import dev.weft.inspect.Inspector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The inspector's cost on the {@code aio} operations, measured so that a loaded machine cannot
 * hide it: each run of an operation alternates inspection off and on (ABBA order), and each
 * is timed in CPU time of the thread that runs the loop (where a task's steps run on both
 * backends), which other processes' load barely moves, unlike wall time. Prints, per operation,
 * the median of the on/off ratios of the pairs and the median CPU milliseconds of each.
 *
 * <p>{@code java [weft flags] -cp weft-bench/target/benchmarks.jar dev.weft.bench.aio.InspectOverheadPaired [PAIRS]}
 * ({@link InspectOverheadBench} is the JMH form, in wall time).
 */
public final class InspectOverheadPaired {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private InspectOverheadPaired() {
    }

    static long cpu(Supplier<?> op, boolean on) {
        if (on) {
            LoopInspection.enable();
        } else {
            LoopInspection.disable();
        }
        long t0 = CPU.getCurrentThreadCpuTime();
        op.get();
        return CPU.getCurrentThreadCpuTime() - t0;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Runs the pairs; prints one line per operation. */
    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<String> names = List.of("switch", "spawn", "queue_pingpong", "gather");
        List<Supplier<?>> ops = List.of(AioBench::switchBench, AioBench::spawnBench, AioBench::pingPongBench,
                AioBench::gatherBench);
        try (Inspector inspector = Inspector.start(Files.createTempDirectory("weft-inspect-paired").resolve("run"))) {
            System.out.printf(Locale.ROOT, "%-15s %9s %9s %9s  (%d pairs, CPU ms of the loop thread, medians)%n",
                    "operation", "off", "on", "on/off", pairs);
            for (int i = 0; i < names.size(); i++) {
                Supplier<?> op = ops.get(i);
                for (int w = 0; w < 5; w++) {
                    cpu(op, false);
                    cpu(op, true);
                }
                List<Double> ratios = new ArrayList<>();
                List<Double> offs = new ArrayList<>();
                List<Double> ons = new ArrayList<>();
                for (int p = 0; p < pairs; p++) {
                    boolean onFirst = p % 2 == 1;
                    long a = cpu(op, onFirst);
                    long b = cpu(op, !onFirst);
                    long off = onFirst ? b : a;
                    long on = onFirst ? a : b;
                    offs.add(off / 1e6);
                    ons.add(on / 1e6);
                    ratios.add((double) on / off);
                }
                System.out.printf(Locale.ROOT, "%-15s %9.2f %9.2f %9.3f%n", names.get(i), median(offs), median(ons),
                        median(ratios));
            }
        }
    }
}
