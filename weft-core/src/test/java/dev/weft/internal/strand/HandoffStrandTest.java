package dev.weft.internal.strand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.weft.testing.Gc;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The strand contract on the portable hand-off backend (runs in both executions). */
class HandoffStrandTest implements StrandContract {

    @Override
    public Strand create(Strand.Body body) {
        return Strand.create(Backend.HANDOFF, body);
    }

    @Override
    public Backend backend() {
        return Backend.HANDOFF;
    }

    /** Polls (no sleep) until {@code t} is parked, for at most 10 s. */
    private static Thread.State awaitParked(Thread t) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Thread.State st;
        while ((st = t.getState()) != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return st;
    }

    @Test
    void resumerIsParkedWhileTheBodyRuns() {
        Thread resumer = Thread.currentThread();
        List<Thread.State> seen = new ArrayList<>();
        Strand s = create(sus -> {
            seen.add(awaitParked(resumer));
            sus.suspend(null);
            seen.add(awaitParked(resumer));
            return null;
        });
        s.resume(null);
        s.resume(null);
        assertEquals(List.of(Thread.State.WAITING, Thread.State.WAITING), seen);
    }

    @Test
    void bodyRunsOnItsOwnVirtualThread() {
        AtomicReference<Thread> ran = new AtomicReference<>();
        Strand s = create(sus -> {
            ran.set(Thread.currentThread());
            return null;
        });
        s.resume(null);
        assertNotSame(Thread.currentThread(), ran.get());
        assertTrue(ran.get().isVirtual());
        assertTrue(ran.get().getName().startsWith("weft"), ran.get().getName());
    }

    @Test
    void liveThreadCountFollowsStartAndEnd() {
        int before = Strand.liveThreads();
        Strand s = create(sus -> sus.suspend(null));
        assertEquals(before, Strand.liveThreads());
        s.resume(null);
        assertEquals(before + 1, Strand.liveThreads());
        s.resume(null);
        // The body's thread decrements the count before handing the turn back.
        assertEquals(before, Strand.liveThreads());
    }

    @Test
    void interruptOfTheResumerWhileWaitingIsKept() {
        Thread resumer = Thread.currentThread();
        Strand s = create(sus -> {
            awaitParked(resumer);
            resumer.interrupt();
            return "done";
        });
        try {
            assertEquals("done", s.resume(null));
            assertTrue(Thread.interrupted(), "the interrupt received while waiting must not be swallowed");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void resumeFromASecondThreadWhileRunningFails() throws Exception {
        AtomicReference<Strand> self = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Strand s = create(sus -> {
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    self.get().resume(null);
                    failure.set(new AssertionError("second resume succeeded"));
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.join();
            return null;
        });
        self.set(s);
        s.resume(null);
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, failure.get());
        assertTrue(e.getMessage().contains("already running"), e.getMessage());
    }

    @Test
    @Tag(Gc.TAG)
    void suspendedStrandDoesNotKeepItsLastResumerThreadReachable() throws Exception {
        // The resumer's task refers to the strand: if the parked strand kept that (finished)
        // thread reachable, an abandoned generator advanced this way could never be cleaned.
        Strand s = create(sus -> sus.suspend(null));
        Thread runner = Thread.ofPlatform().start(() -> s.resume(null));
        runner.join();
        Gc.Watch watch = Gc.watch(runner);
        runner = null;
        assertTrue(watch.awaitCollected(), "the finished resumer thread is still reachable from the suspended strand");
        s.resume(null);
        assertTrue(s.isDone());
    }

    @Test
    @Tag(Gc.TAG)
    void anAbandonedSuspendedStrandIsUnwoundByStrandKilledAndItsThreadEnds() throws Exception {
        int before = Strand.liveThreads();
        CountDownLatch unwound = new CountDownLatch(1);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Gc.Watch watch = startAndDrop(unwound, seen);
        assertEquals(before + 1, Strand.liveThreads());
        assertTrue(watch.awaitCollected(), "the dropped handle was never collected");
        assertTrue(unwound.await(Gc.DEFAULT_WAIT.toSeconds(), TimeUnit.SECONDS),
                "the Cleaner did not unwind the abandoned body");
        assertSame(StrandCore.StrandKilled.class, seen.get().getClass());
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (Strand.liveThreads() > before && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the body's thread decrements the count as it ends, right after the finally
        }
        assertEquals(before, Strand.liveThreads());
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
