package dev.weft.bench.gen;

import dev.weft.gen.Generator;
import dev.weft.internal.strand.Backend;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * Checks the continuation backend's two speed targets by paired measurement, robust to a machine
 * shared with other work: {@code send} against a raw {@code Continuation} run/yield pair (target
 * at most 1.25x), and a 10-deep {@code yieldFrom} chain against a 1-deep one (target at most
 * 1.5x). Each round times a block of one operation, then of the other, in alternating order, by
 * this thread's CPU time (time spent descheduled does not count); the verdict is the median of
 * the per-round ratios. Prints one JSON object.
 *
 * <p>JMH's wall-clock means (the main table) measure each benchmark in its own fork at its own
 * time, so on a loaded machine their ratio swings by tens of percent from run to run; this probe
 * compares the two operations within milliseconds of each other, on one thread.
 *
 * <p>Python: none; both targets compare weft with itself.
 *
 * <pre>
 *   java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -Dweft.strand=continuation \
 *        -cp weft-bench/target/benchmarks.jar dev.weft.bench.gen.GenRatios [rounds]
 * </pre>
 */
public final class GenRatios {
    private static final ContinuationScope SCOPE = new ContinuationScope("ratios");
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int BLOCK = 100_000;

    private static long sink;

    private GenRatios() {
    }

    /** Runs the probe; the optional argument is the number of measured rounds (default 40). */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        if (Backend.defaultBackend() != Backend.CONTINUATION) {
            throw new IllegalStateException("GenRatios measures the continuation backend; run it with "
                    + dev.weft.internal.strand.BackendPolicy.exportsFlag() + " -D" + dev.weft.internal.strand.BackendPolicy.STRAND_PROPERTY + "=continuation");
        }
        Continuation raw = new Continuation(SCOPE, () -> {
            while (true) {
                Continuation.yield(SCOPE);
            }
        });
        Generator<Object, Object, Void> echo = Generator.primed(GeneratorBench.echoBody());
        Generator<Object, Object, Object> chain1 = GeneratorBench.chain(1);
        Generator<Object, Object, Object> chain10 = GeneratorBench.chain(10);
        Runnable rawOp = () -> {
            for (int i = 0; i < BLOCK; i++) {
                raw.run();
            }
        };
        Runnable sendOp = () -> sendBlock(echo);
        Runnable chain1Op = () -> sendBlock(chain1);
        Runnable chain10Op = () -> sendBlock(chain10);
        Pair send = new Pair(sendOp, rawOp, rounds);
        Pair chain = new Pair(chain10Op, chain1Op, rounds);
        for (int i = 0; i < 30; i++) { // warm-up: JIT-compile every block
            send.round(i, false);
            chain.round(i, false);
        }
        for (int i = 0; i < rounds; i++) {
            send.round(i, true);
            chain.round(i, true);
        }
        System.out.println(String.format(Locale.ROOT, "{\"method\": \"paired rounds of %d ops, thread CPU time, "
                + "median of per-round ratios\", \"rounds\": %d, \"sendOverRaw\": %s, \"chain10OverChain1\": %s, "
                + "\"sink\": %d}", BLOCK, rounds, send.json("sendNs", "rawNs"),
                chain.json("chain10Ns", "chain1Ns"), sink));
    }

    private static void sendBlock(Generator<Object, Object, ?> g) {
        Object v = GeneratorBench.VALUE;
        long n = 0;
        for (int i = 0; i < BLOCK; i++) {
            if (g.send(v) == v) {
                n++;
            }
        }
        sink += n;
    }

    /** Two operations timed in alternating order, A then B on even rounds and B then A on odd. */
    private static final class Pair {
        final Runnable a;
        final Runnable b;
        final double[] aNs;
        final double[] bNs;

        Pair(Runnable a, Runnable b, int rounds) {
            this.a = a;
            this.b = b;
            this.aNs = new double[rounds];
            this.bNs = new double[rounds];
        }

        void round(int i, boolean record) {
            double ta;
            double tb;
            if ((i & 1) == 0) {
                ta = time(a);
                tb = time(b);
            } else {
                tb = time(b);
                ta = time(a);
            }
            if (record) {
                aNs[i] = ta;
                bNs[i] = tb;
            }
        }

        static double time(Runnable r) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            r.run();
            return (double) (THREADS.getCurrentThreadCpuTime() - t0) / BLOCK;
        }

        String json(String aName, String bName) {
            double[] ratios = new double[aNs.length];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = aNs[i] / bNs[i];
            }
            return String.format(Locale.ROOT, "{\"median\": %.3f, \"p25\": %.3f, \"p75\": %.3f, \"%s\": %.1f, "
                    + "\"%s\": %.1f}", quantile(ratios, 0.5), quantile(ratios, 0.25), quantile(ratios, 0.75),
                    aName, quantile(aNs, 0.5), bName, quantile(bNs, 0.5));
        }

        static double quantile(double[] xs, double q) {
            double[] s = xs.clone();
            Arrays.sort(s);
            return s[(int) Math.round(q * (s.length - 1))];
        }
    }
}
