package dev.weft.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.strand.Backend;
import dev.weft.testing.Gc;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An unreachable suspended greenlet is ended without leaking a thread. */
@Tag(Gc.TAG)
class GreenletGarbageTest {

    @Test
    void theSurefireExecutionChoosesTheBackendTheseTestsCover() {
        String mode = System.getProperty("weft.test.mode", "");
        Assumptions.assumeTrue(mode.equals("flags") || mode.equals("portable"), "run outside surefire");
        assertEquals(mode.equals("flags") ? Backend.CONTINUATION : Backend.HANDOFF, Backend.defaultBackend());
    }

    /** Starts a greenlet that suspends inside try/finally, and keeps only a weak reference to it. */
    private static Gc.Watch suspendedThenDropped(CountDownLatch finallyRan) {
        Greenlet g = Greenlet.of(x -> {
            try {
                return Greenlet.current().parent().switchTo("paused");
            } finally {
                finallyRan.countDown();
            }
        });
        assertEquals("paused", g.switchTo());
        return Gc.watch(g);
    }

    @Test
    @Timeout(30)
    void anUnreachableSuspendedGreenletIsCollected() throws Exception {
        Gc.Watch watch = suspendedThenDropped(new CountDownLatch(1));
        assertTrue(watch.awaitCollected(), "nothing weft holds keeps a dropped suspended greenlet reachable");
    }

    @Test
    @Timeout(30)
    void onTheHandoffBackendItsThreadEndsAndItsFinallyBlocksRun() throws Exception {
        Assumptions.assumeTrue(Backend.defaultBackend() == Backend.HANDOFF, "only the hand-off backend has a thread");
        CountDownLatch finallyRan = new CountDownLatch(1);
        Gc.Watch watch = suspendedThenDropped(finallyRan);
        assertTrue(watch.awaitCollected(), "nothing weft holds keeps a dropped suspended greenlet reachable");
        // The Cleaner runs after the collection; the latch is the hand-off that says it has.
        assertTrue(finallyRan.await(Gc.DEFAULT_WAIT.toSeconds(), TimeUnit.SECONDS),
                "the Cleaner ended the strand's virtual thread and its finally block ran");
        assertTrue(Greenlet.current().isMain(), "the ended strand left the owner's state alone");
    }

    private static Gc.Watch suspendedInASwitchToItsChild() {
        Greenlet g = Greenlet.of(x -> Greenlet.of(y -> Greenlet.current().parent().parent().switchTo("child paused"))
                .switchTo());
        assertEquals("child paused", g.switchTo());
        return Gc.watch(g);
    }

    /**
     * On the hand-off backend the paused frames of g hold the child it switched to (the receiver
     * of switchTo), whose parent is g: the pair stays alive until killed, as the Greenlet Javadoc
     * says. A continuation holds no thread, so there the pair is ordinary garbage.
     */
    @Test
    @Timeout(30)
    void onTheContinuationBackendAGreenletPausedInASwitchToItsChildIsCollected() throws Exception {
        Assumptions.assumeTrue(Backend.defaultBackend() == Backend.CONTINUATION, "continuation backend only");
        assertTrue(suspendedInASwitchToItsChild().awaitCollected(), "a paused pair on continuations is garbage");
    }
}
