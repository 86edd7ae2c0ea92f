package dev.weft.bench.gen;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import kotlin.Unit;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.CoroutineContext;
import kotlin.sequences.Sequence;
import kotlin.sequences.SequenceScope;
import kotlin.sequences.SequencesKt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Kotlin's {@code sequence {}} (kotlin-stdlib's {@code SequencesKt.sequence}) driven from Java, the
 * comparison column for weft's woven generators: {@code next} on an endless sequence, and
 * create+finish of a sequence that yields once.
 *
 * <p>The suspend lambda is the state machine the Kotlin compiler makes of
 * {@code sequence { while (true) yield(v) }}, written by hand in Java (the build has no Kotlin
 * compiler): a continuation whose {@code resumeWith} calls {@code scope.yield(v, this)} again. The
 * sequence's own iterator ({@code SequenceBuilderIterator}) and its state checks are Kotlin's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class KotlinSequenceBench {
    private Iterator<Object> endless;

    /** Starts the endless sequence the {@code next} benchmark advances. */
    @Setup(Level.Trial)
    public void setUp() {
        endless = SequencesKt.<Object>sequence((scope, completion) -> endlessBody(scopeOf(scope), completion)).iterator();
    }

    /** {@code sequence { while (true) yield(v) }}: yields, and on each resume yields again. */
    private static Object endlessBody(SequenceScope<Object> scope, Continuation<? super Unit> completion) {
        return scope.yield(GeneratorBench.VALUE, new Resume(scope, completion, true));
    }

    /** {@code sequence { yield(v) }}: yields once; the resume after it completes the sequence. */
    private static Object onceBody(SequenceScope<Object> scope, Continuation<? super Unit> completion) {
        return scope.yield(GeneratorBench.VALUE, new Resume(scope, completion, false));
    }

    /** The body's continuation after its yield: yield again (endless), or complete. */
    private record Resume(SequenceScope<Object> scope, Continuation<? super Unit> completion, boolean endless)
            implements Continuation<Unit> {
        @Override
        public CoroutineContext getContext() {
            return completion.getContext();
        }

        @Override
        public void resumeWith(Object result) {
            if (endless) {
                scope.yield(GeneratorBench.VALUE, this);
            } else {
                completion.resumeWith(Unit.INSTANCE);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static SequenceScope<Object> scopeOf(SequenceScope<?> scope) {
        return (SequenceScope<Object>) scope;
    }

    /** {@code iterator.next()} on an endless sequence: one resume and one yield. */
    @Benchmark
    public Object next() {
        return endless.next();
    }

    /** Creates a sequence that yields once and runs it to completion with a for-each loop. */
    @Benchmark
    public Object createAndFinish() {
        Object last = null;
        Sequence<Object> once = SequencesKt.<Object>sequence((scope, completion) -> onceBody(scopeOf(scope), completion));
        for (Iterator<Object> it = once.iterator(); it.hasNext(); ) {
            last = it.next();
        }
        return last;
    }
}
