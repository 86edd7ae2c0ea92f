package dev.weft.bench.gen;

import dev.weft.gen.Generator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The generator operations, measured once per strand backend: each concrete subclass forks JVMs
 * with {@code -Dweft.strand=...} (the backend is chosen once per JVM), so one JMH run covers both.
 *
 * <p>{@code ./weft bench gen} runs {@link GeneratorContinuationBench} a second time with
 * weft-weave's agent, so the same bodies run woven (compiled state machines): the woven column.
 *
 * <p>Every yielded and sent value is the same preallocated object, so no benchmark measures boxing.
 *
 * <p>Python: the same operations, written the same way, are in
 * {@code weft-bench/python/gen_bench.py}; {@code ./weft bench gen} runs both and prints them side
 * by side.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public abstract class GeneratorBench {
    /** The value every benchmark yields and sends. */
    static final Object VALUE = "v";

    private Generator<Object, Object, Void> endless;
    private Generator<Object, Object, Void> echo;
    private Generator<Object, Object, Object> chain1;
    private Generator<Object, Object, Object> chain10;

    /** Creates the long-lived generators the switch benchmarks advance. */
    @Setup(Level.Trial)
    public void setUp() {
        endless = Generator.of(ctx -> {
            while (true) {
                ctx.yield(VALUE);
            }
        });
        echo = Generator.primed(echoBody());
        chain1 = chain(1);
        chain10 = chain(10);
    }

    /** Closes them, so their bodies end. */
    @TearDown(Level.Trial)
    public void tearDown() {
        endless.close();
        echo.close();
        chain1.close();
        chain10.close();
    }

    /**
     * An endless loop that yields back whatever it is sent. A lambda (not a method reference), so
     * that weft-weave compiles it in the woven run.
     */
    static <R> Generator.Body<Object, Object, R> echoBody() {
        return ctx -> {
            Object got = null;
            while (true) {
                got = ctx.yield(got);
            }
        };
    }

    /**
     * A primed chain of {@code depth} generators, each delegating with {@code ctx.yieldFrom} to a
     * created sub, over an echo loop at the bottom.
     */
    static Generator<Object, Object, Object> chain(int depth) {
        Generator<Object, Object, Object> g = Generator.of(echoBody());
        for (int i = 0; i < depth; i++) {
            Generator<Object, Object, Object> sub = g;
            g = Generator.of(ctx -> ctx.yieldFrom(sub));
        }
        return g.prime();
    }

    /** {@code next()} on an endless generator: one resume and one yield. */
    @Benchmark
    public Object next() {
        return endless.next();
    }

    /** {@code send(v)} to a primed echo loop. */
    @Benchmark
    public Object send() {
        return echo.send(VALUE);
    }

    /** {@code send(v)} through one {@code yieldFrom} level to the echo loop. */
    @Benchmark
    public Object yieldFrom1() {
        return chain1.send(VALUE);
    }

    /** {@code send(v)} through ten {@code yieldFrom} levels to the echo loop. */
    @Benchmark
    public Object yieldFrom10() {
        return chain10.send(VALUE);
    }

    /** Creates a generator that yields once and runs it to completion with a for-each loop. */
    @Benchmark
    public Object createAndFinish() {
        Object last = null;
        for (Object v : Generator.<Object, Object, Void>of(ctx -> {
            ctx.yield(VALUE);
            return null;
        })) {
            last = v;
        }
        return last;
    }
}
