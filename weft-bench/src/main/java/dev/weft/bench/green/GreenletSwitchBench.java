package dev.weft.bench.green;

import dev.weft.gen.Generator;
import dev.weft.green.Greenlet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Greenlet switch pairs, in nanoseconds per pair (there and back again).
 *
 * <ul>
 *   <li>{@code greenletPair}: two greenlets, neither of them main, switch back and forth; each
 *       switch passes through the thread's trampoline (one strand suspend and one resume).
 *       Measured in batches of {@value #BATCH} pairs inside the greenlets.</li>
 *   <li>{@code mainPair}: the main greenlet switches to a greenlet that switches straight back
 *       (one strand resume and one suspend per pair).</li>
 *   <li>{@code generatorSendReference}: {@code send} to a generator that yields straight back, the
 *       same strand resume and suspend without the greenlet layer, to show what that layer adds.</li>
 * </ul>
 *
 * <p>The backend is chosen once per JVM: run with {@code -jvmArgsAppend -Dweft.strand=continuation}
 * (needs {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}) or {@code =handoff}; the
 * suite file {@code scripts/suites/green} runs both. The CPython twin is
 * {@code python/green_bench.py}. Every switched value is one preallocated object.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class GreenletSwitchBench {
    static final int BATCH = 1000;
    static final Object VALUE = "v";

    private Thread owner;
    private Greenlet ping;
    private Greenlet pong;
    private Greenlet echo;
    private Generator<Object, Object, Void> gen;

    /** Builds the greenlets on the benchmark thread (greenlets are confined to their thread). */
    @Setup(Level.Iteration)
    public void setUp() {
        if (owner == Thread.currentThread()) {
            return;
        }
        owner = Thread.currentThread();
        Greenlet main = Greenlet.current();
        Greenlet[] g = new Greenlet[2];
        // ping runs BATCH pairs with pong each time main switches to it, then reports back to main.
        g[0] = Greenlet.of("ping", x -> {
            while (true) {
                Greenlet other = g[1];
                for (int i = 0; i < BATCH; i++) {
                    other.switchTo(VALUE);
                }
                main.switchTo(VALUE);
            }
        });
        g[1] = Greenlet.of("pong", x -> {
            Greenlet other = g[0];
            while (true) {
                other.switchTo(VALUE);
            }
        });
        ping = g[0];
        pong = g[1];
        echo = Greenlet.of("echo", x -> {
            while (true) {
                main.switchTo(VALUE);
            }
        });
        gen = Generator.primed(ctx -> {
            while (true) {
                ctx.yield(VALUE);
            }
        });
    }

    /** Two non-main greenlets switching to each other: ns per pair. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object greenletPair() {
        return ping.switchTo(VALUE);
    }

    /** The main greenlet and a greenlet switching to each other: ns per pair. */
    @Benchmark
    public Object mainPair() {
        return echo.switchTo(VALUE);
    }

    /** Reference: a generator send and yield, the same strand hop pair as mainPair. */
    @Benchmark
    public Object generatorSendReference() {
        return gen.send(VALUE);
    }
}
