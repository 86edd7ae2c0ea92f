package dev.weft.gen;

import dev.weft.internal.strand.Strand;

/**
 * Runs a woven body for one generator: what a {@link Strand} is to a stackful body, with plain
 * calls. {@code Generator.Core} drives it through the same state checks as a strand, so every
 * Python rule (just-started, already executing, close, PEP 479) is decided in one place.
 *
 * <p>It is the body's frame too (one object per woven generator fewer: the bytes a suspended
 * generator holds are one of issue 8's targets).
 *
 * <p>States: running the step, or delegating ({@code delegation != null}: values come from the
 * target until it finishes, then its result resumes the step), or done (the step returned).
 */
final class WovenRun extends Woven.Frame {
    private final Woven.Step step;
    /** The yield from in progress; null when none. */
    private Delegation delegation;
    private boolean starting;
    private boolean done;

    /** The generator this runs, for yieldFrom's checks and claims. */
    private final Generator.Core<?, ?, ?> owner;

    WovenRun(Woven.Step step, Generator.Core<?, ?, ?> owner) {
        this.step = step;
        this.owner = owner;
    }

    boolean isDone() {
        return done;
    }

    /**
     * Resumes with {@code sent}, or {@code thrown} if not null, and returns the next value yielded
     * or, once {@link #isDone()}, the return value. An exception leaving the body propagates (a
     * StopIteration as PEP 479's error).
     */
    Object resume(Object sent, Throwable thrown) {
        try {
            while (true) {
                Delegation d = delegation;
                if (d != null) {
                    Object y;
                    try {
                        y = starting ? d.start() : d.resume(sent, thrown);
                        starting = false;
                        if (y != Delegation.DONE) {
                            return y;
                        }
                        sent = d.result;
                        thrown = null;
                    } catch (Throwable e) {
                        sent = null;
                        thrown = e; // raised in the delegator, at its yieldFrom
                    }
                    delegation = null;
                    starting = false;
                }
                Object out = run(step, sent, thrown);
                switch (kind) {
                    case Woven.Frame.YIELDED -> {
                        return out;
                    }
                    case Woven.Frame.DELEGATED -> {
                        sent = null;
                        thrown = null;
                        try {
                            delegation = Delegation.of(out, owner);
                            starting = true;
                        } catch (Throwable e) {
                            thrown = e;
                        }
                    }
                    default -> {
                        done = true;
                        return out;
                    }
                }
            }
        } catch (StopIteration e) {
            throw Generator.raisedStopIteration(e);
        } catch (Throwable e) {
            throw Strand.sneakyThrow(e);
        }
    }
}
