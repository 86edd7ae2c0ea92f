package dev.weft.internal.strand;

import java.util.concurrent.locks.LockSupport;

/**
 * The one way a weft thread waits for its turn: park until a condition holds, keeping (not
 * swallowing) an interrupt that arrives meanwhile. Used by the hand-off strand's two sides and by
 * the event loop's tasks on loop-scheduled virtual threads.
 *
 * <p>Python: none; a CPython frame never waits for a turn, it is simply not resumed.
 */
/* Implementation notes
 *
 * The condition is an interface implemented by the object that already holds the state (a strand
 * core, a task runner), never a lambda: a lambda capturing the state would allocate on every
 * switch. The waiter is also the park blocker, so a thread dump names what a thread waits for.
 *
 * An interrupt wakes park() at once; it is not our turn, so we clear the flag to be able to park
 * again, and set it back once the turn has come. Interrupts are information for the body (a task
 * being cancelled while blocked in a JDK call), and waiting for a turn must never lose one.
 */
public final class Turns {
    private Turns() {
    }

    /** A side that waits for its turn. */
    public interface Waiter {
        /** Whether the calling side may go on; read after every wake-up. */
        boolean myTurn();
    }

    /**
     * Returns once {@code w.myTurn()} holds: first spinning {@code spins} times (worth it only when
     * the other side runs on another core and answers within microseconds), then parking. An
     * interrupt received while parked is restored before returning.
     */
    public static void await(Waiter w, int spins) {
        for (int i = 0; i < spins; i++) {
            if (w.myTurn()) {
                return;
            }
            Thread.onSpinWait();
        }
        boolean interrupted = false;
        while (!w.myTurn()) {
            LockSupport.park(w);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Parks the calling thread for good: for a strand body nobody can ever resume again. */
    static void parkForever(Object blocker) {
        while (true) {
            LockSupport.park(blocker);
            Thread.interrupted();
        }
    }
}
