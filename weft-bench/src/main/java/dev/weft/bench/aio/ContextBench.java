package dev.weft.bench.aio;

import dev.weft.aio.Context;
import dev.weft.aio.ContextVar;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What context variables cost a task: create + run + finish one trivial task, in nanoseconds per
 * task, measured in batches of {@value #BATCH} tasks inside one loop run.
 *
 * <ul>
 *   <li>{@code plain}: nobody uses a context variable; the price every task pays.</li>
 *   <li>{@code creatorHasVars}: the creating task has {@value #VARS} variables set, so each new task
 *       copies a non-empty context (O(1): the copy shares the variables).</li>
 *   <li>{@code childReads}: each task reads one variable its creator set.</li>
 *   <li>{@code childSets}: each task sets one variable (its own copy changes, nobody else's).</li>
 * </ul>
 *
 * <p>Compare the four in one run; {@code tasks} picks the task backend ({@code loop}: loop-scheduled
 * virtual threads, {@code strand}: strands the loop resumes).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
        "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@State(Scope.Thread)
public class ContextBench {
    static final int BATCH = 1000;
    static final int VARS = 4;
    static final List<ContextVar<Integer>> VAR = new ArrayList<>();

    static {
        for (int i = 0; i < VARS; i++) {
            VAR.add(new ContextVar<>("v" + i, -1));
        }
    }

    /** The task backend: {@code loop} or {@code strand}. */
    @Param({"loop", "strand"})
    public String tasks;

    private EventLoop loop;

    /** A loop on the chosen backend, reused by every invocation. */
    @Setup(Level.Trial)
    public void setUp() {
        System.setProperty("weft.backend.tasks", tasks);
        loop = EventLoop.create();
    }

    /** Closes the loop. */
    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    private int batch(boolean creatorVars, Callable<Integer> body) {
        return loop.runUntilComplete(() -> {
            if (creatorVars) {
                for (ContextVar<Integer> v : VAR) {
                    v.set(1);
                }
            }
            List<Task<Integer>> all = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                all.add(loop.createTask(body));
            }
            int sum = 0;
            for (Task<Integer> t : all) {
                sum += t.await();
            }
            return sum;
        });
    }

    /** No context variable anywhere. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int plain() {
        return batch(false, () -> 1);
    }

    /** The creator's context holds {@value #VARS} variables; the tasks ignore them. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int creatorHasVars() {
        return batch(true, () -> 1);
    }

    /** Each task reads a variable its creator set. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int childReads() {
        return batch(true, () -> VAR.get(0).get());
    }

    /** Each task sets a variable in its own copy. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int childSets() {
        return batch(false, () -> {
            VAR.get(1).set(2);
            return 1;
        });
    }

    /** Context.copyContext() of a context holding {@value #VARS} variables, for scale. */
    @Benchmark
    public Context copyContext() {
        return CONTEXT_WITH_VARS.run(Context::copyContext);
    }

    private static final Context CONTEXT_WITH_VARS = new Context();

    static {
        CONTEXT_WITH_VARS.run(() -> {
            for (ContextVar<Integer> v : VAR) {
                v.set(0);
            }
        });
    }
}
