package dev.weft.internal.strand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.testing.Gc;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The strand contract on the loop-scheduled backend (runs only with weft's JVM flags). */
class LoopScheduledStrandTest implements StrandContract {

    @BeforeEach
    void requireFlags() {
        assumeTrue(Backend.LOOP_SCHEDULED.isAvailable(), "needs " + LoopScheduledThreads.opensFlag());
    }

    @Override
    public Strand create(Strand.Body body) {
        return Strand.create(Backend.LOOP_SCHEDULED, body);
    }

    @Override
    public Backend backend() {
        return Backend.LOOP_SCHEDULED;
    }

    @Test
    void bodyRunsOnAVirtualThreadMountedOnTheResumersThread() {
        AtomicReference<Thread> ran = new AtomicReference<>();
        AtomicReference<String> carrier = new AtomicReference<>();
        Strand s = create(sus -> {
            ran.set(Thread.currentThread());
            // A virtual thread's toString names its carrier: "VirtualThread[#n,name]/runnable@carrier".
            carrier.set(Thread.currentThread().toString());
            return null;
        });
        s.resume(null);
        assertTrue(ran.get().isVirtual());
        assertTrue(carrier.get().endsWith("@" + Thread.currentThread().getName()), carrier.get());
    }

    @Test
    void aJdkParkInsideTheBodyDoesNotEndTheTurn() {
        // Thread.sleep parks the virtual thread and the timer unparks it from another thread:
        // resume() must keep waiting for the body's suspend, and run the rest itself.
        Strand s = create(sus -> {
            Thread.sleep(5);
            return sus.suspend(Thread.currentThread().toString());
        });
        String where = (String) s.resume(null);
        assertTrue(where.endsWith("@" + Thread.currentThread().getName()), where);
        assertEquals("x", s.resume("x"));
    }

    @Test
    void strandResumedFromAVirtualThreadRunsOnACarrier() throws Exception {
        AtomicReference<Object> out = new AtomicReference<>();
        Strand s = create(sus -> sus.suspend("first") + "|" + Thread.currentThread().isVirtual());
        Thread.ofVirtual().start(() -> out.set(s.resume(null) + "," + s.resume("in"))).join();
        assertEquals("first,in|true", out.get());
    }

    @Test
    @Tag(Gc.TAG)
    void abandonedSuspendedStrandIsEndedByTheCleaner() throws InterruptedException {
        CountDownLatch unwound = new CountDownLatch(1);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        assertTrue(startAndDrop(unwound, seen).awaitCollected(), "nothing may keep an abandoned strand reachable");
        // The Cleaner runs after the collection; the latch is its hand-off.
        assertTrue(unwound.await(Gc.DEFAULT_WAIT.toSeconds(), TimeUnit.SECONDS),
                "the abandoned strand's body was not unwound");
        assertSame(HandoffStrand.StrandKilled.class, seen.get().getClass());
    }

    /** A method of its own so that no local of the test keeps the handle reachable. */
    private Gc.Watch startAndDrop(CountDownLatch unwound, AtomicReference<Throwable> seen) {
        Strand s = create(sus -> {
            try {
                return sus.suspend(null);
            } catch (Throwable t) {
                seen.set(t);
                throw t;
            } finally {
                unwound.countDown();
            }
        });
        s.resume(null);
        return Gc.watch(s);
    }
}
