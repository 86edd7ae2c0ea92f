package dev.weft.internal.strand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
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
    void abandonedSuspendedStrandIsEndedByTheCleaner() {
        AtomicBoolean unwound = new AtomicBoolean();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        startAndDrop(unwound, seen);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!unwound.get() && System.nanoTime() < deadline) {
            System.gc();
            LockSupport.parkNanos(10_000_000L); // poll interval for reference processing
        }
        assertTrue(unwound.get(), "the abandoned strand's body was not unwound");
        assertSame(HandoffStrand.StrandKilled.class, seen.get().getClass());
    }

    /** A method of its own so that no local of the test keeps the handle reachable. */
    private void startAndDrop(AtomicBoolean unwound, AtomicReference<Throwable> seen) {
        Strand s = create(sus -> {
            try {
                return sus.suspend(null);
            } catch (Throwable t) {
                seen.set(t);
                throw t;
            } finally {
                unwound.set(true);
            }
        });
        s.resume(null);
    }
}
