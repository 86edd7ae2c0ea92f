package dev.weft.testing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asserts the order in which the parts of a concurrent test run: each part calls
 * {@code expect(n)} with the step number it expects to be, and the test ends with
 * {@code finish(n)}.
 *
 * <p>Python: trio's {@code Sequencer} and kotlinx.coroutines' {@code expect}/{@code finish}
 * idiom; weft's version is a plain object, usable from any thread.
 *
 * {@snippet :
 * Steps steps = new Steps();
 * Generator<Void, Void, Void> g = Generator.of(ctx -> {
 *     steps.expect(2);
 *     ctx.yield(null);
 *     steps.expect(4);
 *     return null;
 * });
 * steps.expect(1);
 * g.next();
 * steps.expect(3);
 * g.close(); // GeneratorExit at the yield: step 4 never runs
 * steps.finish(4);
 * }
 */
public final class Steps {
    private final AtomicInteger last = new AtomicInteger();
    private volatile boolean finished;

    /** Creates a sequence that expects step 1 first. */
    public Steps() {
    }

    /**
     * Records step {@code n}.
     *
     * @throws AssertionError if {@code n} is not the step after the last one recorded, or the
     *     sequence is finished
     */
    public void expect(int n) {
        if (finished) {
            throw new AssertionError("step " + n + " ran after finish(" + last.get() + ")");
        }
        int prev = last.getAndSet(n);
        if (prev != n - 1) {
            throw new AssertionError("step " + n + " ran out of order: the previous step was " + prev
                    + ", so step " + (prev + 1) + " was expected");
        }
    }

    /** Asserts that this code is never reached. */
    public void expectUnreached() {
        throw new AssertionError("code that must not run ran, after step " + last.get());
    }

    /**
     * Records the final step {@code n}; any {@code expect} afterwards fails.
     *
     * @throws AssertionError if {@code n} is not the step after the last one recorded
     */
    public void finish(int n) {
        expect(n);
        finished = true;
    }

    /** The last step recorded (0 before any). */
    public int last() {
        return last.get();
    }

    @Override
    public String toString() {
        return "Steps[last=" + last.get() + (finished ? ", finished" : "") + "]";
    }
}
