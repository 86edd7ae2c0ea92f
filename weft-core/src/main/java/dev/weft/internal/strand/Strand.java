package dev.weft.internal.strand;

import java.util.Objects;

/**
 * One suspendable unit of execution: a body that runs on its resumer's behalf until it suspends
 * or ends, after which its resumer continues.
 *
 * <p>Python: the frame object under a generator, a greenlet, or an asyncio task; weft has one
 * primitive under every layer so that every layer shares the same rules for suspension,
 * exceptions and cancellation.
 *
 * <pre>
 *   NEW       -> RUNNING     // resume(): the body starts on the resumer's behalf
 *   RUNNING   -> SUSPENDED   // the body calls Suspender.suspend(out); resume() returns out
 *   SUSPENDED -> RUNNING     // resume(in): suspend() returns in (or throws, via resumeThrowing)
 *   RUNNING   -> DONE        // the body returns (resume() returns the result) or throws
 *                            // (resume() throws the same exception object)
 * </pre>
 *
 * <p>Exactly one side runs at a time: the resumer is blocked (or, for the continuation backend,
 * simply further down the same thread's stack) while the body runs. Re-entering a running strand
 * fails with {@link IllegalStateException}. A strand never starts a thread that outlives it: a
 * suspended strand whose handle becomes unreachable is ended (see {@code HandoffStrand}).
 */
/* Implementation notes
 *
 * The handle (this class) and the side the body sees (Suspender) are separate objects on purpose:
 * a body must never reach its own handle, or a parked hand-off thread would keep the handle alive
 * and the Cleaner that ends abandoned strands could never run. For the continuation backend the
 * two may be the same object because a continuation holds no thread.
 *
 * The protocol every backend shares (states, the mailbox, the resume prologue, unpacking the
 * outcome, ending an abandoned strand) is written once, in StrandCore; a backend only moves control.
 *
 * Backend choice happens once per JVM (BackendPolicy), is logged once, and can be forced with
 * -Dweft.backend.strand=continuation|handoff. Forcing a backend the JVM flags do not allow is an
 * error; choosing automatically never is.
 */
public abstract sealed class Strand permits StrandCore, HandoffStrand {

    /** The code a strand runs. It receives the suspender through which it gives control back. */
    @FunctionalInterface
    public interface Body {
        /** Runs the body; its return value is the strand's result. */
        Object run(Suspender suspender) throws Throwable;
    }

    /** The body's side of a strand: the one way to give control back to the resumer. */
    public interface Suspender {
        /**
         * Suspends the strand, handing {@code out} to the resumer, and returns the value of the
         * next {@code resume}. If the strand is resumed with {@code resumeThrowing(t)}, throws
         * {@code t} (the same object) instead.
         *
         * @throws IllegalStateException if called from outside this strand's own body
         */
        Object suspend(Object out);

        /** Whether the calling code is running inside this strand's body right now. */
        boolean isCurrent();
    }

    /**
     * Set on a resumer thread while it creates a body thread. Here, not in HandoffStrand: reading it
     * must not initialise that class, whose Cleaner thread creation would call back into it.
     */
    static final ThreadLocal<Boolean> CREATING_BODY_THREAD = new ThreadLocal<>();

    Strand() {
    }

    /** Creates a strand on the JVM's default backend; the body does not run until resumed. */
    public static Strand create(Body body) {
        return create(Backend.defaultBackend(), body);
    }

    /** Creates a strand on the given backend; the body does not run until resumed. */
    public static Strand create(Backend backend, Body body) {
        Objects.requireNonNull(body, "body");
        return switch (backend) {
            case CONTINUATION -> {
                BackendPolicy.requireAvailable(Backend.CONTINUATION);
                yield ContinuationStrand.of(body);
            }
            case HANDOFF -> new HandoffStrand(body);
        };
    }

    /**
     * Runs the body until it suspends or ends, passing {@code value} to the pending
     * {@code suspend} (ignored on the first resume).
     *
     * @return the value the body suspended with, or its result if it ended ({@link #isDone()})
     * @throws IllegalStateException if the strand is running or done
     */
    public abstract Object resume(Object value);

    /**
     * Like {@link #resume(Object)}, but the pending {@code suspend} throws {@code t} (the same
     * object).
     *
     * @throws IllegalStateException if the strand has not started (there is no suspension point
     *     to throw at; callers decide what throwing into a new strand means), is running or is done
     */
    public abstract Object resumeThrowing(Throwable t);

    /**
     * The number of weft's virtual threads started and not yet ended in this JVM, on every
     * thread-backed backend: hand-off strands (suspended ones, including abandoned ones the Cleaner
     * has not ended yet, and running ones) and event-loop tasks on loop-scheduled threads. For leak
     * checks and diagnostics; 0 while only continuations run.
     */
    public static int liveThreads() {
        return LiveThreads.count();
    }

    /**
     * Whether the calling thread is creating the thread of a strand's body right now: for an
     * {@code InheritableThreadLocal.childValue} that passes per-thread state to strand bodies only.
     * On the continuation backend a body runs on its resumer's thread and sees its thread-locals
     * anyway; on the hand-off backend it runs on a virtual thread its first resumer creates, which
     * inherits only what such a thread-local chooses to pass.
     */
    public static boolean isCreatingBodyThread() {
        return CREATING_BODY_THREAD.get() != null;
    }

    /** Whether the body has returned or thrown. */
    public abstract boolean isDone();

    /** Whether the body is running now (on this or another thread). */
    public abstract boolean isRunning();

    /** Whether the body has been started. */
    public abstract boolean isStarted();

    /** The backend this strand runs on. */
    public abstract Backend backend();

    /** The body's current stack, innermost frame first; empty if not suspended. */
    public abstract StackTraceElement[] stackTrace();

    @Override
    public String toString() {
        String state = isDone() ? "DONE" : isRunning() ? "RUNNING" : isStarted() ? "SUSPENDED" : "NEW";
        return "Strand[" + backend().name().toLowerCase(java.util.Locale.ROOT) + ", " + state + "]";
    }

    /** Throws any throwable without declaring it: exceptions cross a strand boundary unchanged. */
    @SuppressWarnings("unchecked")
    public static <T extends Throwable> RuntimeException sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    static IllegalStateException alreadyRunning(Strand s) {
        return new IllegalStateException(
                s + " is already running: a strand cannot be resumed from inside its own body or "
                        + "from a second thread while it runs; wait until it suspends");
    }

    static IllegalStateException alreadyDone(Strand s) {
        return new IllegalStateException(s + " has ended and cannot be resumed; check isDone() first");
    }

    static IllegalStateException notInside(String who) {
        return new IllegalStateException(
                "suspend() called outside " + who + "'s body: only code running inside a strand's body "
                        + "(directly or through methods it calls) may suspend that strand");
    }
}
