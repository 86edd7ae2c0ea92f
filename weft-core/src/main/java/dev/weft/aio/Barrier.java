package dev.weft.aio;

import java.util.function.BooleanSupplier;

/**
 * A meeting point for a fixed number of tasks: each calls {@link #waitParties()} and all are
 * released together when the last one arrives; then the barrier can be used again.
 *
 * <p>Python: {@code asyncio.Barrier} (3.11). {@code wait()} is {@link #waitParties()} (Java's
 * {@code Object.wait()} takes the plain name); {@link #reset()} and {@link #abort()} never
 * suspend in weft (Python's are coroutines that only take an internal lock).
 *
 * {@snippet :
 * Barrier barrier = new Barrier(3);
 * for (int i = 0; i < 3; i++) {
 *     loop.createTask(() -> { int index = barrier.waitParties(); return index; });
 * }
 * }
 *
 * <p>States ({@link #toString()} shows them):
 * <pre>
 * FILLING   -> DRAINING   // the last party arrives: every waiter is released
 * DRAINING  -> FILLING    // the last released task has left waitParties()
 * FILLING   -> RESETTING  // reset() while tasks wait: they get BrokenBarrierError
 * RESETTING -> FILLING    // the last of them has left
 * any       -> BROKEN     // abort(): waiting and later callers get BrokenBarrierError
 * BROKEN    -> RESETTING / FILLING  // reset()
 * </pre>
 * Tasks that arrive while the barrier drains or resets wait until it fills again.
 */
public final class Barrier {
    /*
     * Implementation notes
     *
     * One broadcast ParkingLot, unparked on every state change; each waiter re-checks its own
     * predicate (a condition variable without a lock: everything runs on the loop thread and
     * nothing suspends between a check and the state change it leads to). A waiter cancelled
     * while filling leaves through the finally block below, so `count` stays the number of tasks
     * inside, and the last one out ends DRAINING and RESETTING whichever way it leaves. `count` is the number of tasks
     * inside waitParties() past the entry gate; the last one out ends DRAINING and RESETTING.
     */

    /** The barrier's states, as shown by {@link Barrier#toString()}. */
    public enum State { FILLING, DRAINING, RESETTING, BROKEN }

    private final int parties;
    private final ParkingLot changes = ParkingLot.broadcast();
    private State state = State.FILLING;
    private int count;
    private EventLoop loop;

    /**
     * Creates a barrier for {@code parties} tasks.
     *
     * @throws IllegalArgumentException if {@code parties < 1}
     */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be > 0, got " + parties
                    + "; pass the number of tasks that meet at the barrier");
        }
        this.parties = parties;
    }

    /**
     * Waits until {@code parties} tasks have called this method, then releases them all.
     *
     * <p>@suspends until the last party arrives (the last one does not suspend).
     * <p>@cancellation a cancelled task leaves the barrier: it no longer counts as arrived.
     * <p>@thread the loop thread, inside a task.
     *
     * @return the arrival index, 0 for the first task and {@code parties - 1} for the last
     * @throws BrokenBarrierError if the barrier is broken, or is reset or aborted while waiting
     */
    public int waitParties() {
        ParkingLot.checkThread(loop, "Barrier.waitParties");
        awaitUntil(() -> state != State.DRAINING && state != State.RESETTING);
        if (state == State.BROKEN) {
            throw new BrokenBarrierError("Barrier aborted: " + this
                    + " is broken; call reset() to use it again");
        }
        int index = count++;
        try {
            if (index + 1 == parties) {
                state = State.DRAINING;
                changes.unparkAll();
            } else {
                awaitUntil(() -> state != State.FILLING);
                if (state == State.BROKEN || state == State.RESETTING) {
                    throw new BrokenBarrierError("Abort or reset of barrier while waiting: " + this);
                }
            }
            return index;
        } finally {
            count--;
            if (count == 0) {
                if (state == State.RESETTING || state == State.DRAINING) {
                    state = State.FILLING;
                }
                changes.unparkAll();
            }
        }
    }

    private void awaitUntil(BooleanSupplier ready) {
        if (!ready.getAsBoolean()) {
            loop = ParkingLot.bind(loop, this, "Barrier.waitParties");
            changes.park(loop, ready);
        }
    }

    /**
     * Returns the barrier to its empty state; tasks waiting in it get {@link BrokenBarrierError}.
     * Never suspends.
     */
    public void reset() {
        ParkingLot.checkThread(loop, "Barrier.reset");
        if (count > 0) {
            state = State.RESETTING;
        } else {
            state = State.FILLING;
        }
        changes.unparkAll();
    }

    /**
     * Breaks the barrier: waiting and later callers of {@link #waitParties()} get
     * {@link BrokenBarrierError} until {@link #reset()}. Never suspends.
     */
    public void abort() {
        ParkingLot.checkThread(loop, "Barrier.abort");
        state = State.BROKEN;
        changes.unparkAll();
    }

    /** The number of tasks needed to pass the barrier. */
    public int parties() {
        return parties;
    }

    /** The number of tasks waiting while the barrier fills (0 while it drains). */
    public int nWaiting() {
        return state == State.FILLING ? count : 0;
    }

    /** Whether the barrier is broken. */
    public boolean broken() {
        return state == State.BROKEN;
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** The state and counts, e.g. {@code Barrier[FILLING, waiting=2/3]}. */
    @Override
    public String toString() {
        return "Barrier[" + state + ", waiting=" + nWaiting() + "/" + parties + "]";
    }
}
