package dev.weft.internal.strand;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.Steps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rules every {@link Strand} backend obeys, as default test methods; one class per backend
 * implements {@link #create(Strand.Body)}.
 */
@Timeout(30)
public interface StrandContract {

    /** Creates a strand on the backend under test. */
    Strand create(Strand.Body body);

    /** The backend under test. */
    Backend backend();

    // ---- one side at a time ----------------------------------------------------------------

    @Test
    default void bodyAndResumerTakeStrictTurns() {
        Steps steps = new Steps();
        Strand s = create(sus -> {
            steps.expect(2);
            sus.suspend(null);
            steps.expect(4);
            sus.suspend(null);
            steps.expect(6);
            return null;
        });
        steps.expect(1);
        s.resume(null);
        steps.expect(3);
        s.resume(null);
        steps.expect(5);
        s.resume(null);
        steps.finish(7);
        assertTrue(s.isDone());
    }

    @Test
    default void sharedCounterWrittenByBothSidesLosesNoUpdate() {
        // A plain (non-atomic) counter: if both sides ever ran at once, increments would be lost.
        int[] counter = {0};
        int perTurn = 100_000;
        int turns = 20;
        Strand s = create(sus -> {
            for (int t = 0; t < turns; t++) {
                for (int i = 0; i < perTurn; i++) {
                    counter[0]++;
                }
                sus.suspend(null);
            }
            return null;
        });
        for (int t = 0; t < turns; t++) {
            s.resume(null);
            for (int i = 0; i < perTurn; i++) {
                counter[0]++;
            }
        }
        s.resume(null);
        assertTrue(s.isDone());
        assertEquals(2 * turns * perTurn, counter[0]);
    }

    @Test
    default void isRunningOnlyWhileTheBodyRuns() {
        AtomicReference<Strand> self = new AtomicReference<>();
        List<Boolean> seen = new ArrayList<>();
        Strand s = create(sus -> {
            seen.add(self.get().isRunning());
            sus.suspend(null);
            seen.add(self.get().isRunning());
            return null;
        });
        self.set(s);
        assertFalse(s.isStarted());
        assertFalse(s.isRunning());
        s.resume(null);
        assertTrue(s.isStarted());
        assertFalse(s.isRunning());
        assertFalse(s.isDone());
        s.resume(null);
        assertFalse(s.isRunning());
        assertTrue(s.isDone());
        assertEquals(List.of(true, true), seen);
        assertEquals(backend(), s.backend());
    }

    // ---- values and exceptions ---------------------------------------------------------------

    @Test
    default void valuesCrossBothWaysAsTheSameObject() {
        Object in1 = new Object();
        Object out1 = new Object();
        Object result = new Object();
        AtomicReference<Object> got = new AtomicReference<>();
        Strand s = create(sus -> {
            got.set(sus.suspend(out1));
            return result;
        });
        assertSame(out1, s.resume(new Object()));
        assertSame(result, s.resume(in1));
        assertSame(in1, got.get());
    }

    @Test
    default void firstResumeValueIsIgnored() {
        AtomicReference<Object> got = new AtomicReference<>("unset");
        Strand s = create(sus -> {
            got.set(sus.suspend("out"));
            return null;
        });
        assertEquals("out", s.resume("ignored"));
        s.resume(null);
        assertEquals(null, got.get());
    }

    @Test
    default void checkedExceptionFromBodyReachesResumerAsTheSameObject() {
        IOException boom = new IOException("boom");
        Strand s = create(sus -> {
            sus.suspend(null);
            throw boom;
        });
        s.resume(null);
        IOException thrown = assertThrows(IOException.class, () -> s.resume(null));
        assertSame(boom, thrown);
        assertTrue(s.isDone());
        assertFalse(s.isRunning());
    }

    @Test
    default void errorFromBodyOnFirstResumeReachesResumer() {
        AssertionError boom = new AssertionError("first");
        Strand s = create(sus -> {
            throw boom;
        });
        assertSame(boom, assertThrows(AssertionError.class, () -> s.resume(null)));
        assertTrue(s.isDone());
    }

    @Test
    default void resumeThrowingRaisesAtTheSuspensionPoint() {
        Exception checked = new Exception("checked, thrown in");
        Strand s = create(sus -> {
            try {
                sus.suspend("first");
                return "not thrown";
            } catch (Exception e) {
                return sus.suspend(e);
            }
        });
        assertEquals("first", s.resume(null));
        assertSame(checked, s.resumeThrowing(checked));
        assertEquals("end", s.resume("end"));
        assertTrue(s.isDone());
    }

    @Test
    default void exceptionThrownInAndNotCaughtComesBackOut() {
        IllegalArgumentException t = new IllegalArgumentException("in and out");
        Strand s = create(sus -> sus.suspend(null));
        s.resume(null);
        assertSame(t, assertThrows(IllegalArgumentException.class, () -> s.resumeThrowing(t)));
        assertTrue(s.isDone());
    }

    // ---- misuse ------------------------------------------------------------------------------

    @Test
    default void resumeFromInsideItsOwnBodyFailsClearly() {
        AtomicReference<Strand> self = new AtomicReference<>();
        Strand s = create(sus -> {
            try {
                self.get().resume(null);
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });
        self.set(s);
        Object r = s.resume(null);
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, r);
        assertTrue(e.getMessage().contains("already running"), e.getMessage());
        assertTrue(e.getMessage().contains("wait until it suspends"), e.getMessage());
        assertTrue(s.isDone());
    }

    @Test
    default void resumeThrowingFromInsideItsOwnBodyFailsClearly() {
        AtomicReference<Strand> self = new AtomicReference<>();
        Strand s = create(sus -> {
            sus.suspend(null);
            try {
                self.get().resumeThrowing(new RuntimeException());
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });
        self.set(s);
        s.resume(null);
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, s.resume(null));
        assertTrue(e.getMessage().contains("already running"), e.getMessage());
    }

    @Test
    default void resumeAfterDoneFailsClearly() {
        Strand s = create(sus -> "r");
        assertEquals("r", s.resume(null));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.resume(null));
        assertTrue(e.getMessage().contains("has ended"), e.getMessage());
        assertTrue(e.getMessage().contains("isDone()"), e.getMessage());
        IllegalStateException e2 = assertThrows(IllegalStateException.class,
                () -> s.resumeThrowing(new RuntimeException()));
        assertTrue(e2.getMessage().contains("has ended"), e2.getMessage());
    }

    @Test
    default void resumeThrowingBeforeStartFailsAndLeavesTheStrandNew() {
        Steps steps = new Steps();
        Strand s = create(sus -> {
            steps.expect(2);
            return "ran";
        });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> s.resumeThrowing(new RuntimeException()));
        assertTrue(e.getMessage().contains("has not started"), e.getMessage());
        assertFalse(s.isStarted());
        steps.expect(1);
        assertEquals("ran", s.resume(null));
        steps.finish(3);
    }

    @Test
    default void suspendFromOutsideTheBodyFailsClearly() {
        AtomicReference<Strand.Suspender> leaked = new AtomicReference<>();
        List<Boolean> current = new ArrayList<>();
        Strand s = create(sus -> {
            leaked.set(sus);
            current.add(sus.isCurrent());
            sus.suspend(null);
            return null;
        });
        s.resume(null);
        assertEquals(List.of(true), current);
        assertFalse(leaked.get().isCurrent());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> leaked.get().suspend("x"));
        assertTrue(e.getMessage().contains("suspend() called outside"), e.getMessage());
        assertTrue(e.getMessage().contains("only code running inside a strand's body"), e.getMessage());
        // The failed call did not disturb the strand.
        assertFalse(s.isDone());
        s.resume(null);
        assertTrue(s.isDone());
    }

    @Test
    default void suspendFromAnotherThreadFailsClearly() throws Exception {
        AtomicReference<Strand.Suspender> leaked = new AtomicReference<>();
        Strand s = create(sus -> {
            leaked.set(sus);
            return sus.suspend(null);
        });
        s.resume(null);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                leaked.get().suspend("x");
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.join();
        assertInstanceOf(IllegalStateException.class, failure.get());
        assertEquals("done", s.resume("done"));
    }

    // ---- stacks and monitors -------------------------------------------------------------------

    @Test
    default void strandSuspendedDeepInACallStackResumesCorrectly() {
        Strand s = create(sus -> StrandContract.descend(sus, 200));
        assertEquals(0, s.resume(null));
        assertEquals(1, s.resume("a"));
        assertEquals(2, s.resume("b"));
        // The innermost call returns what it got; each of the 200 levels adds one.
        assertEquals("c" + "+".repeat(200), s.resume("c"));
        assertTrue(s.isDone());
    }

    /** Recurses {@code depth} levels, suspends three times at the bottom, and unwinds. */
    private static Object descend(Strand.Suspender sus, int depth) {
        if (depth == 0) {
            sus.suspend(0);
            sus.suspend(1);
            sus.suspend(2);
            return "c";
        }
        Object below = descend(sus, depth - 1);
        return below + "+";
    }

    @Test
    default void synchronizedBlockInsideBodyWorks() {
        Object lock = new Object();
        int[] n = {0};
        Strand s = create(sus -> {
            synchronized (lock) {
                n[0]++;
            }
            sus.suspend(null);
            synchronized (lock) {
                n[0]++;
                lock.notifyAll();
            }
            return n[0];
        });
        s.resume(null);
        assertEquals(2, s.resume(null));
    }

    @Test
    default void suspendingWhileHoldingAMonitorWorks() {
        Object lock = new Object();
        Strand s = create(sus -> {
            synchronized (lock) {
                Object got = sus.suspend(Thread.holdsLock(lock));
                return got + ":" + Thread.holdsLock(lock);
            }
        });
        assertEquals(true, s.resume(null));
        assertEquals("in:true", s.resume("in"));
        // The monitor was released when the body left the block.
        assertFalse(Thread.holdsLock(lock));
        synchronized (lock) {
            assertTrue(Thread.holdsLock(lock));
        }
    }

    // ---- nesting -----------------------------------------------------------------------------

    @Test
    default void nestedStrandsRouteSuspensionsToTheInnermost() {
        Steps steps = new Steps();
        Strand s = create(outer -> {
            Strand inner = create(in -> {
                steps.expect(3);
                Object got = in.suspend("inner-1");
                steps.expect(5);
                return "inner-done:" + got;
            });
            steps.expect(2);
            Object first = inner.resume(null);
            steps.expect(4);
            Object last = inner.resume("x");
            steps.expect(6);
            Object back = outer.suspend(first + "|" + last);
            steps.expect(8);
            return back;
        });
        steps.expect(1);
        assertEquals("inner-1|inner-done:x", s.resume(null));
        steps.expect(7);
        assertEquals("end", s.resume("end"));
        steps.finish(9);
    }

    @Test
    default void outerSuspenderCannotBeUsedFromInsideAnInnerBody() {
        Strand s = create(outer -> {
            Strand inner = create(in -> {
                assertFalse(outer.isCurrent());
                assertTrue(in.isCurrent());
                try {
                    outer.suspend("misrouted");
                    return "no failure";
                } catch (IllegalStateException e) {
                    return e;
                }
            });
            return inner.resume(null);
        });
        Object r = s.resume(null);
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, r);
        assertTrue(e.getMessage().contains("suspend() called outside"), e.getMessage());
        assertTrue(s.isDone());
    }

    // ---- introspection -------------------------------------------------------------------------

    @Test
    default void stackTraceOfSuspendedStrandShowsTheBodysMethod() {
        Strand s = create(StrandContract::parkInNamedMethod);
        assertArrayEquals(new StackTraceElement[0], s.stackTrace());
        s.resume(null);
        StackTraceElement[] st = s.stackTrace();
        assertTrue(Arrays.stream(st).anyMatch(e -> e.getMethodName().equals("parkInNamedMethod")),
                () -> Arrays.toString(st));
        s.resume(null);
        assertArrayEquals(new StackTraceElement[0], s.stackTrace());
    }

    private static Object parkInNamedMethod(Strand.Suspender sus) {
        sus.suspend(null);
        return null;
    }

    @Test
    default void toStringShowsBackendAndState() {
        AtomicReference<Strand> self = new AtomicReference<>();
        String name = backend().name().toLowerCase(java.util.Locale.ROOT);
        Strand s = create(sus -> {
            String inside = self.get().toString();
            sus.suspend(null);
            return inside;
        });
        self.set(s);
        assertEquals("Strand[" + name + ", NEW]", s.toString());
        s.resume(null);
        assertEquals("Strand[" + name + ", SUSPENDED]", s.toString());
        assertEquals("Strand[" + name + ", RUNNING]", s.resume(null));
        assertEquals("Strand[" + name + ", DONE]", s.toString());
    }

    // ---- threads ---------------------------------------------------------------------------

    @Test
    default void aStrandThatEndsLeavesNoLiveThreadBehind() {
        int before = Strand.liveThreads();
        Strand ok = create(sus -> sus.suspend("out"));
        Strand failing = create(sus -> {
            sus.suspend(null);
            throw new IllegalStateException("boom");
        });
        assertEquals("out", ok.resume(null));
        failing.resume(null);
        assertEquals("in", ok.resume("in"));
        assertThrows(IllegalStateException.class, () -> failing.resume(null));
        // Each body's thread (if it has one) is uncounted before it hands its last turn back.
        assertEquals(before, Strand.liveThreads());
    }

    @Test
    @org.junit.jupiter.api.Tag(dev.weft.testing.Gc.TAG)
    default void aSuspendValueOrResultHandedOutIsNotKeptByTheStrand() throws InterruptedException {
        // Whoever takes a value from the mailbox clears it: a strand that is still held does not
        // keep alive what it already handed out.
        Strand s = create(sus -> {
            sus.suspend(new Object());
            return new Object();
        });
        assertTrue(dev.weft.testing.Gc.watch(s.resume(null)).awaitCollected(),
                "the value the suspended body handed out is still reachable");
        assertTrue(dev.weft.testing.Gc.watch(s.resume(null)).awaitCollected(),
                "the result of the ended body is still reachable");
        assertTrue(s.isDone());
    }
}
