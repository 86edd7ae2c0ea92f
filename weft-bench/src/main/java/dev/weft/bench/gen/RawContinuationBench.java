package dev.weft.bench.gen;

import java.util.concurrent.TimeUnit;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under every generator switch: one {@code Continuation.run()} that runs until the
 * body's next {@code Continuation.yield}, with nothing of weft in between. Target: a weft
 * {@code send} costs at most 1.25 times this.
 *
 * <p>Python: none; CPython's frame switch has no separate floor to measure.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
        "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@State(Scope.Thread)
public class RawContinuationBench {
    private static final ContinuationScope SCOPE = new ContinuationScope("bench");

    private Continuation cont;

    /** Creates the continuation: an endless loop of yields. */
    @Setup(Level.Trial)
    public void setUp() {
        cont = new Continuation(SCOPE, () -> {
            while (true) {
                Continuation.yield(SCOPE);
            }
        });
    }

    /** One run/yield pair. */
    @Benchmark
    public boolean runYield() {
        cont.run();
        return cont.isDone();
    }
}
