package dev.weft.aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On the loop-scheduled backend an async generator's body may block in a JDK call like any task
 * body: other tasks run meanwhile, and cancelling the consumer interrupts the call. Real clock
 * (a blocking call does not move a virtual one), short.
 */
@Tag("realtime")
@Timeout(60)
class AsyncGeneratorBlockingTest {

    @Test
    void aBlockingCallInTheBodyParksOnlyTheConsumerAndCancellingItInterruptsTheCall() {
        assumeTrue(TaskBackend.LOOP.isAvailable(), "needs the loop-scheduled backend (--add-opens)");
        List<String> log = new ArrayList<>();
        EventLoop.run(() -> {
            EventLoop loop = EventLoop.current();
            AsyncGenerator<String, Void> g = AsyncGenerator.of(ctx -> {
                try {
                    Thread.sleep(60_000); // a blocking JDK call, not a weft await
                    ctx.yield("unreached");
                } catch (InterruptedException e) {
                    log.add("body interrupted");
                    throw e;
                } finally {
                    log.add("body finally");
                }
            });
            Task<Void> consumer = loop.createTask(() -> {
                g.forEach(v -> log.add("got " + v));
                return null;
            }, "consumer");
            for (int i = 0; i < 3; i++) {
                Aio.sleep(0.01); // the loop keeps running while the body blocks
            }
            log.add("main ran beside it");
            consumer.cancel("enough");
            assertThrows(CancelledError.class, consumer::await);
            assertTrue(consumer.cancelled());
            return null;
        }, Clock.real(), TaskBackend.LOOP);
        assertEquals(List.of("main ran beside it", "body interrupted", "body finally"), log);
    }
}
