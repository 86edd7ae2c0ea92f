package dev.weft.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.aio.EventLoop;
import dev.weft.aio.TaskBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Timeout over a blocking JDK call (loop-scheduled backend): the expiry interrupts the call, and
 * the scope still ends with its Timeout, not with the call's own interrupt exception, and leaves
 * no interrupt behind. Real clock: a task blocked in a JDK call holds a virtual clock.
 */
@Tag("realtime")
@org.junit.jupiter.api.Timeout(30)
class GreenTimeoutBlockingTest {

    @AfterEach
    void destroy() {
        Gevent.destroyHub();
    }

    @Test
    void anExpiredTimeoutOverThreadSleepRaisesTimeoutAndClearsTheInterrupt() {
        assumeTrue(Gevent.getHub().taskBackend() == TaskBackend.LOOP, "needs --add-opens java.base/java.lang=ALL-UNNAMED");
        GreenTask<String> g = Gevent.spawn(() -> {
            try {
                Timeout.run(0.05, () -> {
                    Thread.sleep(20_000);
                    return null;
                });
                return "no timeout";
            } catch (Timeout t) {
                boolean interrupted = Thread.currentThread().isInterrupted();
                Thread.sleep(1);                 // a later blocking call works
                return "timeout, interrupted=" + interrupted;
            }
        });
        assertEquals("timeout, interrupted=false", g.get());
    }

    @Test
    void aDefaultIsReturnedWhenTheBlockingCallIsCutShort() {
        assumeTrue(Gevent.getHub().taskBackend() == TaskBackend.LOOP, "needs --add-opens java.base/java.lang=ALL-UNNAMED");
        EventLoop hub = Gevent.getHub();
        double start = hub.time();
        assertEquals("default", Timeout.runOr(0.05, "default", () -> {
            Thread.sleep(20_000);
            return "slept";
        }));
        assertFalse(hub.time() - start > 10);
        assertThrows(Timeout.class, () -> Timeout.run(0.05, () -> {
            Thread.sleep(20_000);
            return "slept";
        }));
    }
}
