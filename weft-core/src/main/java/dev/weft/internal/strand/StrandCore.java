package dev.weft.internal.strand;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The one strand protocol every backend runs: the state, the mailbox that carries a value or an
 * exception across each switch, the resume prologue, the body's wrapper, and the unpacking of the
 * outcome on either side. A backend supplies only how control moves: {@link #switchToBody()} on the
 * resumer's side and {@link #switchToResumer()} on the body's side.
 *
 * <p>Python: none; CPython's frames carry a value and an exception through {@code gen_send_ex}.
 */
/* Implementation notes
 *
 * States, written with release and read with acquire (free on x86, so the continuation backend's
 * hot path pays nothing for the hand-off backend's cross-thread reads):
 *
 *   NEW       -> RUNNING     // step(): the resumer hands the turn to the body
 *   RUNNING   -> SUSPENDED   // step(), after the body handed the turn back through suspend()
 *   SUSPENDED -> RUNNING     // step()
 *   RUNNING   -> DONE        // runBody() ends, on the body's side, before it hands the turn back
 *
 * The mailbox is two fields used in both directions, never both at once: `value` carries the
 * resume value in, the suspend value out, and the result; `error` carries the exception thrown in,
 * and the body's failure out. Whoever takes a value or an error clears the field, and suspend()
 * drops its parameter before parking, so a strand never keeps alive an object that has already
 * crossed (StrandContract checks it). Both sides' accesses are ordered by the
 * backend's hand-off (one thread for continuations; the volatile turn for the hand-off backend).
 *
 * A core is itself a complete Strand (its toString() is its handle's, so messages name the same
 * thing). The continuation backend's handle is its core (a continuation holds no thread, so nothing
 * keeps an abandoned one alive). A thread-backed backend wraps its core in a separate handle that
 * only delegates: the one object a Cleaner can watch (see HandoffStrand).
 *
 * StrandKilled is how every backend ends an abandoned strand: the backend throws it at the body's
 * suspension point, runBody() absorbs it, and a body that catches it and suspends again is parked
 * for good with a warning (abandonForever), since nobody can ever resume it.
 */
abstract sealed class StrandCore extends Strand implements Strand.Suspender
        permits ContinuationStrand, HandoffStrand.Core {
    static final int NEW = 0;
    static final int RUNNING = 1;
    static final int SUSPENDED = 2;
    static final int DONE = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(StrandCore.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final System.Logger LOG = System.getLogger("dev.weft");

    private int state;
    private Object value;
    private Throwable error;

    StrandCore() {
    }

    /** Thrown at an abandoned strand's suspension point to unwind its body; never seen by users. */
    static final class StrandKilled extends Error {
        StrandKilled() {
            super("weft: strand abandoned and ended by the Cleaner", null, false, false);
        }
    }

    // ---- the resumer's side --------------------------------------------------------------------

    @Override
    public final Object resume(Object in) {
        return step(in, null);
    }

    @Override
    public final Object resumeThrowing(Throwable t) {
        if (state() == NEW) {
            throw new IllegalStateException(this + " has not started: nothing to throw into yet");
        }
        return step(null, t);
    }

    private Object step(Object in, Throwable thrown) {
        int s = state();
        if (s == RUNNING) {
            throw alreadyRunning(this);
        }
        if (s == DONE) {
            throw alreadyDone(this);
        }
        value = in;
        error = thrown;
        STATE.setRelease(this, RUNNING);
        try {
            switchToBody();
        } finally {
            if (state() == RUNNING) {
                STATE.setRelease(this, SUSPENDED);
            }
        }
        Object v = value;
        Throwable e = error;
        value = null;
        error = null;
        if (e != null) {
            throw sneakyThrow(e); // only a finished body leaves an error for its resumer
        }
        return v;
    }

    /** Runs the body until it suspends or ends; returns when the turn is the resumer's again. */
    abstract void switchToBody();

    // ---- the body's side -----------------------------------------------------------------------

    /** Runs the body and leaves its outcome in the mailbox; called once, on the body's side. */
    final void runBody(Body body) {
        try {
            value = body.run(this);
        } catch (StrandKilled k) {
            value = null; // ended because nobody can resume it: nobody waits for an outcome
        } catch (Throwable t) {
            value = null;
            error = t;
        } finally {
            STATE.setRelease(this, DONE);
        }
    }

    @Override
    public final Object suspend(Object out) {
        if (!isCurrent()) {
            throw notInside(toString());
        }
        value = out;
        out = null; // the parked frame must not keep alive what the resumer takes and drops
        switchToResumer();
        Object v = value;
        Throwable e = error;
        value = null;
        error = null;
        if (e != null) {
            throw sneakyThrow(e);
        }
        return v;
    }

    /**
     * Gives the turn back to the resumer and returns when the strand is resumed; throws
     * {@link StrandKilled} instead if the strand was abandoned meanwhile.
     */
    abstract void switchToResumer();

    /**
     * The body caught the {@link StrandKilled} that ends it and tried to suspend again: nobody can
     * ever resume it, and throwing again could loop forever, so its thread parks for good (as
     * CPython abandons a collected generator that ignores GeneratorExit) and says so once.
     */
    static void abandonForever(Object blocker) {
        LOG.log(System.Logger.Level.WARNING, "weft: an abandoned strand caught the error that ends it and "
                + "tried to suspend again; its virtual thread stays parked for good. A body should not catch "
                + "Throwable or Error around a suspension point (catch Exception instead). Stack:\n  "
                + String.join("\n  ", java.util.Arrays.stream(Thread.currentThread().getStackTrace())
                        .map(StackTraceElement::toString).toList()));
        Turns.parkForever(blocker);
    }

    // ---- introspection -------------------------------------------------------------------------

    final int state() {
        return (int) STATE.getAcquire(this);
    }

    @Override
    public final boolean isDone() {
        return state() == DONE;
    }

    @Override
    public final boolean isRunning() {
        return state() == RUNNING;
    }

    @Override
    public final boolean isStarted() {
        return state() != NEW;
    }

    /** Whether the body is parked at a suspension point (so its stack can be read). */
    final boolean isSuspended() {
        return state() == SUSPENDED;
    }
}
