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
 *
 * <p>Inline delegation, as the stackful path runs a created sub on the delegator's strand: a
 * {@code yieldFrom} of a created woven generator makes a child runner for it, and the runner the
 * generator holds (the root) links to the innermost one, so {@link #resume} goes straight to it
 * however deep the chain. PEP 380's rules are applied where a child ends: its return value or
 * exception (a StopIteration turned into PEP 479's error first) resumes its parent at its
 * yieldFrom; a child that was closed (GeneratorExit thrown into the root reaches every child,
 * {@link #exiting}) leaves GeneratorExit raised in its parent when it returns, and "generator
 * ignored GeneratorExit" when it yields. While inline, the sub is in state DELEGATED, so it can
 * only be advanced through the delegator, as on the stackful path.
 */
final class WovenRun extends Woven.Frame {
    private final Woven.Step step;
    /** The yield from in progress, for a target not run inline; null when none. */
    private Delegation delegation;
    private boolean starting;
    private boolean done;

    /** The generator this runs, for yieldFrom's checks and claims; a child's own sub generator. */
    private final Generator.Core<?, ?, ?> owner;
    /**
     * One field for two links, so a suspended generator holds no more bytes than before inline
     * delegation: on the root, the innermost inline child (null when none: the root runs itself);
     * on a child, its parent, the runner whose yieldFrom runs it.
     */
    private WovenRun link;
    /** On a child: GeneratorExit was thrown into it (its delegator is being closed). */
    private boolean exiting;

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
        WovenRun r = link == null ? this : link;
        if (r != this && thrown instanceof GeneratorExit) {
            for (WovenRun c = r; c != this; c = c.link) {
                c.exiting = true;
            }
        }
        while (true) {
            Object out;
            try {
                out = r.advance(sent, thrown);
            } catch (Throwable e) {
                if (r == this) {
                    throw Strand.sneakyThrow(e);
                }
                r = leave(r, null);
                sent = null;
                thrown = e; // raised in the parent, at its yieldFrom (PEP 479 already applied)
                continue;
            }
            sent = null;
            thrown = null;
            if (r.kind == Woven.Frame.YIELDED) {
                if (r.exiting) {
                    r = leave(r, null);
                    thrown = ignoredExit(out);
                    continue;
                }
                return out;
            }
            if (r.kind == Woven.Frame.DELEGATED) { // a created woven sub, claimed for inline running
                Generator.Core<?, ?, ?> sub = ((Generator<?, ?, ?>) out).core;
                sub.host = owner;
                WovenRun child = new WovenRun((Woven.Step) sub.body, sub);
                child.link = r;
                link = r = child;
                continue;
            }
            if (r == this) {
                done = true;
                return out;
            }
            boolean wasExiting = r.exiting;
            r = leave(r, out);
            if (wasExiting) {
                thrown = new GeneratorExit(); // PEP 380: the sub closed quietly, the delegator still exits
            } else {
                sent = out;
            }
        }
    }

    /** Child {@code c} has ended with {@code result} (null if it failed): closes its generator, returns its parent. */
    private WovenRun leave(WovenRun c, Object result) {
        c.owner.endInline(result);
        WovenRun p = c.link;
        c.link = null;
        link = p == this ? null : p;
        return p;
    }

    private static IllegalStateException ignoredExit(Object value) {
        return new IllegalStateException("generator ignored GeneratorExit: the generator delegated to by "
                + "yieldFrom yielded " + value + " after being closed; a body that catches GeneratorExit "
                + "must return or throw, not yield again");
    }

    /**
     * Runs this runner's own step (and any non-inline delegation) until it yields (kind YIELDED),
     * returns (RETURNED; {@link #done} is not set here), or delegates to a created woven generator
     * that the caller is to run inline (DELEGATED; the generator is returned, already claimed).
     */
    private Object advance(Object sent, Throwable thrown) {
        try {
            while (true) {
                Delegation d = delegation;
                if (d != null) {
                    Object y;
                    try {
                        y = starting ? d.start() : d.resume(sent, thrown);
                        starting = false;
                        if (y != Delegation.DONE) {
                            kind = Woven.Frame.YIELDED;
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
                if (kind != Woven.Frame.DELEGATED) {
                    return out;
                }
                sent = null;
                thrown = null;
                try {
                    if (out instanceof Generator<?, ?, ?> g && g.core.body instanceof Woven.Step
                            && g.core.claimInline()) {
                        return g;
                    }
                    delegation = Delegation.of(out, owner);
                    starting = true;
                } catch (Throwable e) {
                    thrown = e;
                }
            }
        } catch (StopIteration e) {
            throw Generator.raisedStopIteration(e);
        } catch (Throwable e) {
            throw Strand.sneakyThrow(e);
        }
    }
}
