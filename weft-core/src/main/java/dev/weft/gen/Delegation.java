package dev.weft.gen;

import dev.weft.internal.strand.Strand;
import java.util.Iterator;

/**
 * One {@code yield from} in progress, as a machine: PEP 380's expansion written once, driven by
 * a stackful delegator's loop ({@code Generator.Core.forward}) and by a woven delegator's runner
 * alike.
 *
 * <p>{@link #start()} and {@link #resume} return the next value to yield, or {@link #DONE} when
 * the target has finished ({@link #result} is then its return value). An exception the target
 * raises propagates out of them, to be raised in the delegator.
 *
 * <p>The rules: a sent value goes to the target's {@code send} ({@code next} for null); an
 * exception thrown in goes to its {@code throwIn}, except {@link GeneratorExit}, which closes the
 * target and is then raised in the delegator as the same object; a target's
 * {@link StopIteration} ends the delegation with its value. A plain iterator cannot receive a
 * value (Python raises AttributeError) and has no {@code throw} or {@code close}: an exception
 * thrown in is raised in the delegator at once.
 */
final class Delegation {
    static final Object DONE = new Object();

    private final Generator<Object, Object, ?> sub;
    private final Iterator<?> items;
    /** The woven delegator that claimed sub (see Generator.Core.claimant); null if none. */
    private Generator.Core<?, ?, ?> claimant;
    Object result;

    @SuppressWarnings("unchecked")
    private Delegation(Generator<?, ?, ?> sub, Iterator<?> items) {
        this.sub = (Generator<Object, Object, ?>) sub;
        this.items = items;
    }

    /**
     * A woven delegator's yieldFrom: as {@link #of(Object)}, after the checks a stackful
     * delegator makes; a sub that has not started is claimed, so that, as when a stackful
     * delegator runs it inline, it can only be advanced through the delegator.
     */
    static Delegation of(Object target, Generator.Core<?, ?, ?> delegator) {
        if (target instanceof Generator<?, ?, ?> g) {
            delegator.checkDelegable(g);
            Delegation d = new Delegation(g, null);
            if (Generator.Core.claimable(g)) {
                d.claimant = delegator;
                g.core.claimant = delegator;
            }
            return d;
        }
        return of(target);
    }

    /** Delegation to a generator (PEP 380), or to the items of an Iterable / Iterator. */
    static Delegation of(Object target) {
        if (target instanceof Generator<?, ?, ?> g) {
            return new Delegation(g, null);
        }
        Iterator<?> it = target instanceof Iterable<?> iterable ? iterable.iterator() : (Iterator<?>) target;
        if (it instanceof Generator<?, ?, ?> g) { // a Generator's iterator() is itself
            return new Delegation(g, null);
        }
        if (it == null) {
            throw new NullPointerException("yieldFrom: the iterable or iterator to delegate to is null");
        }
        return new Delegation(null, it);
    }

    /** The target's first value, or DONE. */
    Object start() {
        if (sub == null) {
            return items.hasNext() ? items.next() : DONE;
        }
        return call(null, null);
    }

    /** Resumes the target with what the delegator's caller sent or threw in. */
    Object resume(Object sent, Throwable thrown) {
        if (sub == null) {
            if (thrown != null) {
                throw Strand.sneakyThrow(thrown);
            }
            if (sent != null) {
                throw new UnsupportedOperationException("cannot send " + sent + " while delegating to " + items
                        + " with yieldFrom: a plain iterator cannot receive values (Python raises "
                        + "AttributeError here); send null, or delegate to a Generator instead");
            }
            return items.hasNext() ? items.next() : DONE;
        }
        return call(sent, thrown);
    }

    /** One resume of the sub generator, lifting the claim around it and releasing it at the end. */
    private Object call(Object sent, Throwable thrown) {
        Generator.Core<?, ?, ?> c = sub.core;
        c.claimant = null;
        boolean yielded = false;
        try {
            if (thrown instanceof GeneratorExit) {
                sub.close();
                throw thrown;
            }
            Object y;
            if (thrown != null) {
                y = sub.throwIn(thrown);
            } else {
                y = sent == null ? sub.next() : sub.send(sent);
            }
            yielded = true;
            return y;
        } catch (StopIteration e) {
            result = e.value();
            return DONE;
        } catch (Throwable t) {
            throw Strand.sneakyThrow(t);
        } finally {
            if (yielded) {
                c.claimant = claimant;
            }
        }
    }
}
