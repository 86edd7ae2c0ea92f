package dev.weft.gen;

/**
 * Thrown inside a generator's body, at the {@code ctx.yield} where it is paused, when the generator
 * is closed.
 *
 * <p>Python: {@code GeneratorExit}. As in Python, it is not an {@link Exception} (it extends
 * {@link Error}), so a body's {@code catch (Exception e)} does not swallow a close. A body may
 * catch it to clean up, but must then return or throw; yielding again makes {@code close()} fail
 * with "generator ignored GeneratorExit". It carries no stack trace.
 */
public class GeneratorExit extends Error {
    private static final long serialVersionUID = 1L;

    /** Creates a {@code GeneratorExit}. */
    public GeneratorExit() {
        super("generator closed", null, false, false);
    }
}
