package dev.weft.internal.strand;

import java.lang.ref.Cleaner;

/**
 * A strand whose body runs on a virtual thread of its own, handed the turn back and forth with its
 * resumer: what the hand-off and loop-scheduled backends share (the handle, its Cleaner, and the
 * state every thread-backed core keeps). The two differ only in who runs the thread.
 *
 * <p>Python: none; see {@link HandoffStrand} and {@link LoopScheduledStrand}.
 */
/* Implementation notes
 *
 * The handle holds the core; the Cleaner action holds only the core; the thread holds only the
 * core. So the handle is unreachable as soon as users drop it, even though the JDK keeps a parked
 * virtual thread reachable, and the Cleaner then ends the thread (Core.abandon).
 */
abstract sealed class ThreadStrand extends Strand permits HandoffStrand, LoopScheduledStrand {
    /** One Cleaner thread for every thread-backed strand of the JVM. */
    static final Cleaner CLEANER = Cleaner.create(
            Thread.ofPlatform().daemon().name("weft-strand-cleaner").factory());

    /** The body's side of a thread-backed strand: the Suspender, the thread's Runnable, its state. */
    abstract static class Core implements Suspender, Runnable {
        volatile Thread thread;
        volatile boolean running;
        volatile boolean done;

        /** One resume: hands over {@code value} (or {@code t}) and waits for the body's turn to end. */
        abstract Object step(Strand handle, Object value, Throwable t);

        /** Cleaner action: the handle is unreachable, so nobody can resume this strand again. */
        abstract void abandon();
    }

    private final Core core;

    ThreadStrand(Core core) {
        this.core = core;
        CLEANER.register(this, core::abandon);
    }

    @Override
    public final Object resume(Object value) {
        return core.step(this, value, null);
    }

    @Override
    public final Object resumeThrowing(Throwable t) {
        if (core.thread == null) {
            throw new IllegalStateException(this + " has not started: nothing to throw into yet");
        }
        return core.step(this, null, t);
    }

    @Override
    public final boolean isDone() {
        return core.done;
    }

    @Override
    public final boolean isRunning() {
        return core.running;
    }

    @Override
    public final boolean isStarted() {
        return core.thread != null;
    }

    @Override
    public final StackTraceElement[] stackTrace() {
        Thread t = core.thread;
        if (t == null || core.running || core.done) {
            return new StackTraceElement[0];
        }
        return t.getStackTrace();
    }
}
