package dev.weft.aio;

import java.util.concurrent.CompletableFuture;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Lincheck checks that the thread-safe channel operations are linearizable: concurrent histories
 * of {@code trySendThreadsafe}, {@code tryReceiveThreadsafe} and {@code closeThreadsafe} from
 * several plain threads must each match some sequential order of the same calls.
 *
 * <p>Stress strategy only (Lincheck's model checker cannot drive the loop's own thread). Runs in
 * the suite's pass with weft's JVM flags: Lincheck 2.39's agent fails on JDK 25 without
 * {@code --add-opens java.base/java.lang} ("class redefinition failed"), which the portable pass
 * leaves out on purpose.
 */
@EnabledIfSystemProperty(named = "weft.test.mode", matches = "flags")
public class ChannelLincheckTest {
    /** One loop for every scenario of a check (Lincheck builds a Scenario per run). */
    private static volatile EventLoop loop;

    /** The operations Lincheck calls from its threads, on channels of {@link #loop}. */
    @Param(name = "element", gen = IntGen.class, conf = "1:4")
    public static class Scenario {
        private final Channel<Integer> buffered = new Channel<>(loop, 2, null);
        private final Channel<Integer> conflated = new Channel<>(loop, Channel.CONFLATED, null);

        /** Creates the channels one scenario uses. */
        public Scenario() {
        }

        @Operation
        public String trySend(@Param(name = "element") int e) {
            try {
                return Boolean.toString(buffered.trySendThreadsafe(e));
            } catch (ClosedSendChannelException closed) {
                return "closed";
            }
        }

        @Operation
        public String tryReceive() {
            return describe(buffered.tryReceiveThreadsafe());
        }

        @Operation
        public boolean close() {
            return buffered.closeThreadsafe();
        }

        @Operation
        public boolean trySendConflated(@Param(name = "element") int e) {
            return conflated.trySendThreadsafe(e);
        }

        @Operation
        public String tryReceiveConflated() {
            return describe(conflated.tryReceiveThreadsafe());
        }

        private static String describe(ChannelResult<Integer> r) {
            return switch (r) {
                case ChannelResult.Value<Integer>(Integer v) -> "value " + v;
                case ChannelResult.Empty<Integer>() -> "empty";
                case ChannelResult.Closed<Integer>(Throwable cause) -> "closed";
            };
        }
    }

    @Test
    void threadsafeOperationsAreLinearizable() throws Exception {
        CompletableFuture<EventLoop> started = new CompletableFuture<>();
        CompletableFuture<Void> stop = new CompletableFuture<>();
        Thread runner = Thread.ofPlatform().name("lincheck-loop").start(() -> EventLoop.run(() -> {
            started.complete(EventLoop.current());
            Future.wrap(stop, EventLoop.current()).await();
            return null;
        }));
        loop = started.get();
        try {
            LinChecker.check(Scenario.class, new StressOptions()
                    .iterations(30 * Integer.getInteger("weft.stress", 1))
                    .invocationsPerIteration(300)
                    .threads(3)
                    .actorsPerThread(3));
        } finally {
            stop.complete(null);
            runner.join();
            loop = null;
        }
    }
}
