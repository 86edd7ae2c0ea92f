package dev.weft.aio;

import dev.weft.internal.strand.Strand;

/**
 * A deadline over a block of code in a task: when it passes, the task is cancelled and the
 * block's {@link CancelledError} is turned into a {@link TimeoutError}.
 *
 * <p>Python: {@code asyncio.timeout()} / {@code asyncio.timeout_at()} and the {@code Timeout}
 * object they return (3.11). {@code async with asyncio.timeout(2) as scope:} becomes
 * {@code Aio.timeout(2, scope -> { ...; return result; })}: the block is a lambda because a
 * try-with-resources {@code close()} cannot replace the exception leaving the block (Java only
 * attaches {@code close()}'s exception as suppressed), and the scope must turn the
 * {@code CancelledError} it caused into a {@code TimeoutError} without disturbing any other.
 * A block with no value returns {@code null}.
 *
 * {@snippet :
 * String page = Aio.timeout(10, scope -> {
 *     String first = fetch("a");
 *     scope.reschedule(scope.when() + 5);   // more time for the second part
 *     return first + fetch("b");
 * });
 * }
 *
 * <p>States ({@link #toString()} shows them, with the deadline):
 * <pre>
 * ENTERED  -> EXPIRING  // the deadline passed: the task was cancelled
 * EXPIRING -> EXPIRED   // the block ended; TimeoutError if it ended with the CancelledError we caused
 * ENTERED  -> EXITED    // the block ended before the deadline
 * </pre>
 *
 * <p>Nesting: each scope remembers the task's {@link Task#cancelling()} count when it was
 * entered and, when it expired, calls {@link Task#uncancel()} on exit; it raises
 * {@link TimeoutError} only if no other cancellation (an outer scope's, or a plain
 * {@link Task#cancel()}) is still pending. So an inner scope never hides an outer one's expiry
 * or an external cancel.
 */
public final class Timeout {
    /*
     * Implementation notes
     *
     * The expiry callback runs on the loop: it cancels the task (incrementing cancelling()) and
     * moves to EXPIRING. The CancelledError reaches the block at its next suspension point. On
     * exit, uncancel() undoes our increment; if the count is back to (or below) what it was on
     * entry, the CancelledError was ours and becomes TimeoutError (with the CancelledError as
     * cause). A deadline in the past is scheduled with callSoon, so the block still starts and
     * is cancelled at its first suspension, as in asyncio.
     */

    /** The states of a timeout scope. */
    public enum State { CREATED, ENTERED, EXPIRING, EXPIRED, EXITED }

    /**
     * The block run under a timeout.
     *
     * @param <T> the block's result type
     */
    @FunctionalInterface
    public interface Block<T> {
        /** Runs the block; {@code scope} can read and move the deadline. */
        T run(Timeout scope) throws Exception;
    }

    private final EventLoop loop;
    private final Task<?> task;
    private final int cancelling;
    private State state = State.CREATED;
    private double when;
    private Handle handle;
    /** The TimeoutError this scope raised, to tell it from an inner scope's. */
    private TimeoutError raised;

    private Timeout(Task<?> task) {
        this.task = task;
        this.loop = task.loop();
        this.cancelling = task.cancelling();
    }

    /** Runs {@code block} under a deadline at loop time {@code when} (infinity: no deadline). */
    static <T> T run(double when, Block<T> block) {
        return new Timeout(Task.current()).enter(when, block);
    }

    /** As {@link #run}, but this scope's own expiry gives {@code null} instead of its TimeoutError. */
    static <T> T runOrNull(double when, Block<T> block) {
        Timeout scope = new Timeout(Task.current());
        try {
            return scope.enter(when, block);
        } catch (TimeoutError e) {
            if (e == scope.raised) {
                return null;
            }
            throw e;
        }
    }

    private <T> T enter(double when, Block<T> block) {
        state = State.ENTERED;
        reschedule(when);
        T result;
        try {
            result = block.run(this);
        } catch (Throwable t) {
            exit(t);
            throw Strand.sneakyThrow(t);
        }
        exit(null);
        return result;
    }

    /** The deadline in loop time ({@link EventLoop#time()}); infinity when there is none. */
    public double when() {
        return when;
    }

    /**
     * Moves the deadline to loop time {@code when}; {@link Double#POSITIVE_INFINITY} removes it,
     * a time in the past expires the scope at once.
     *
     * @throws IllegalStateException if the block has ended, or the scope has already expired
     */
    public void reschedule(double when) {
        if (state != State.ENTERED) {
            throw new IllegalStateException("Timeout has not been entered or has already expired: " + this
                    + "; call reschedule() only from inside the block, before the deadline passes");
        }
        this.when = when;
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
        if (when == Double.POSITIVE_INFINITY) {
            return;
        }
        handle = when <= loop.time() ? loop.callSoon(this::onTimeout) : loop.callAt(when, this::onTimeout);
    }

    private void onTimeout() {
        handle = null;
        task.cancel();
        state = State.EXPIRING;
    }

    /** Whether the deadline passed (the scope cancelled its task). */
    public boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    /** The current state. */
    public State state() {
        return state;
    }

    private void exit(Throwable exc) {
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            if (task.uncancel() <= cancelling && exc instanceof CancelledError ce) {
                raised = new TimeoutError("timed out: the deadline " + when + " of " + this
                        + " passed; the block was cancelled", ce);
                throw raised;
            }
        } else if (state == State.ENTERED) {
            state = State.EXITED;
        }
    }

    /** The state and deadline, e.g. {@code Timeout[ENTERED, when=12.5]}. */
    @Override
    public String toString() {
        return "Timeout[" + state + (when == Double.POSITIVE_INFINITY ? "" : ", when=" + when) + "]";
    }
}
