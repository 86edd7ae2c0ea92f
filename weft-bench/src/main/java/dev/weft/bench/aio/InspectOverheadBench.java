package dev.weft.bench.aio;

import dev.weft.inspect.Inspector;
import dev.weft.inspect.InspectorClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the inspector costs the {@code aio} benchmark's operations ({@link AioBench}: switch,
 * spawn, queue ping-pong, gather), in milliseconds per whole run of each. {@code inspect}:
 * {@code off} (nothing registered), {@code on} (inspector running, nobody attached: every loop
 * registered, every task state change noted), {@code polled} (as {@code on}, with a client
 * taking a snapshot over HTTP every 100 ms, ten times what {@code ./weft top} asks).
 *
 * <p>Compare the ratios of one run: {@code java -jar weft-bench/target/benchmarks.jar
 * InspectOverheadBench -f 1 -wi 3 -i 5 -w 1 -r 1}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class InspectOverheadBench {
    /** off, on, polled: see the class description. */
    @Param({"off", "on", "polled"})
    public String inspect;

    private Inspector inspector;
    private Thread poller;
    private Path dir;

    /** Starts the inspector (and the poller) as the parameter says. */
    @Setup(Level.Trial)
    public void start() throws IOException {
        if (inspect.equals("off")) {
            return;
        }
        dir = Files.createTempDirectory("weft-inspect-bench");
        inspector = Inspector.start(dir.resolve("run"));
        if (inspect.equals("polled")) {
            InspectorClient client = InspectorClient.attach(ProcessHandle.current().pid(), dir.resolve("run"));
            poller = Thread.ofPlatform().daemon().name("inspect-poller").start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        client.snapshot();
                        Thread.sleep(100);
                    }
                } catch (InterruptedException stop) {
                    // tear-down
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Stops what start() started. */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        if (poller != null) {
            poller.interrupt();
            poller.join();
        }
        if (inspector != null) {
            inspector.close();
        }
    }

    /** 10 tasks x 20 000 sleep(0). */
    @Benchmark
    public Object switching() {
        return AioBench.switchBench();
    }

    /** 100 000 trivial tasks created, run and awaited. */
    @Benchmark
    public Object spawn() {
        return AioBench.spawnBench();
    }

    /** 50 000 Queue round trips between two tasks. */
    @Benchmark
    public Object queuePingPong() {
        return AioBench.pingPongBench();
    }

    /** gather of 10 000 futures. */
    @Benchmark
    public Object gather() {
        return AioBench.gatherBench();
    }
}
