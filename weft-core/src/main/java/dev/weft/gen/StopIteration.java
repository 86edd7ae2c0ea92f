package dev.weft.gen;

import java.util.NoSuchElementException;

/**
 * Thrown when a generator is advanced but has nothing more to yield; carries the body's return
 * value, if any.
 *
 * <p>Python: {@code StopIteration} with {@code .value}. It extends
 * {@link NoSuchElementException}, so iterator code that expects that exception reads naturally.
 * Like Python's, it is control flow: it carries no stack trace. The first {@code StopIteration} a
 * generator throws carries the return value; advancing it again throws one with no value.
 *
 * {@snippet :
 * Generator<Integer, Integer, String> g = Generator.of(ctx -> {
 *     ctx.yield(1);
 *     return "done";
 * });
 * g.next();
 * try {
 *     g.next();
 * } catch (StopIteration e) {
 *     String result = (String) e.value(); // "done"
 * }
 * }
 */
public class StopIteration extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    private final transient Object value;

    /** Creates a {@code StopIteration} carrying {@code value} (may be null). */
    public StopIteration(Object value) {
        super(value == null ? "generator exhausted" : "generator returned " + value);
        this.value = value;
    }

    /** The generator's return value, or null if it returned none or had already ended. */
    public Object value() {
        return value;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
