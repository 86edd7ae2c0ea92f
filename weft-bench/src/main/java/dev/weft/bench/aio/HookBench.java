package dev.weft.bench.aio;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import dev.weft.aio.EventLoopBuilder;
import dev.weft.aio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
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
 * What the JFR and schedule hooks cost a task switch ({@code Aio.sleep(0)} among {@value #TASKS}
 * tasks, ns per switch), by {@code mode}:
 *
 * <ul>
 *   <li>{@code off}: a plain loop, nothing recording: the hooks are one flag read each; this row
 *       must match the others' noise, not exceed it;</li>
 *   <li>{@code seeded}: {@code EventLoop.builder().seed(1)}: every iteration's ready batch is
 *       permuted;</li>
 *   <li>{@code recording}: a {@code jdk.jfr.Recording} with weft's events enabled runs: five
 *       events per switch (resumed, suspended, and the slow-callback timing).</li>
 * </ul>
 *
 * Run: {@code java -jar weft-bench/target/benchmarks.jar HookBench -f 1 -wi 3 -i 5 -w 1 -r 1}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class HookBench {
    static final int TASKS = 10;
    static final int ROUNDS = 1000;

    @Param({"off", "seeded", "recording"})
    public String mode;

    private Recording recording;

    /** Starts the JFR recording for the {@code recording} mode. */
    @Setup(Level.Trial)
    public void setUp() {
        if (mode.equals("recording")) {
            recording = new Recording();
            for (String e : List.of("TaskCreated", "TaskStarted", "TaskSuspended", "TaskResumed", "TaskFinished",
                    "CancelRequested", "CancelDelivered", "SlowCallback")) {
                recording.enable("dev.weft." + e);
            }
            recording.setToDisk(false);
            recording.setMaxSize(64L << 20);
            recording.start();
        }
    }

    /** Stops the recording. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (recording != null) {
            recording.close();
        }
    }

    /** {@value #TASKS} tasks each {@code sleep(0)} {@value #ROUNDS} times: ns per switch. */
    @Benchmark
    @OperationsPerInvocation(TASKS * ROUNDS)
    public Object switches() {
        EventLoopBuilder b = EventLoop.builder().virtual();
        if (mode.equals("seeded")) {
            b.seed(1);
        }
        return b.run(() -> {
            List<Task<Void>> tasks = new ArrayList<>(TASKS);
            for (int i = 0; i < TASKS; i++) {
                tasks.add(EventLoop.current().createTask(() -> {
                    for (int r = 0; r < ROUNDS; r++) {
                        Aio.sleep(0);
                    }
                    return null;
                }));
            }
            return Aio.gather(tasks).await();
        });
    }
}
