package dev.weft.gen;

/**
 * The four states of a {@link Generator}.
 *
 * <p>Python: the strings {@code inspect.getgeneratorstate} returns ({@code GEN_CREATED},
 * {@code GEN_RUNNING}, {@code GEN_SUSPENDED}, {@code GEN_CLOSED}).
 *
 * <pre>
 *   CREATED   -> RUNNING    // next() / send(null)
 *   CREATED   -> CLOSED     // close(), or throwIn(t) (the body never runs; t is thrown)
 *   RUNNING   -> SUSPENDED  // the body calls ctx.yield(v)
 *   SUSPENDED -> RUNNING    // next() / send(v) / throwIn(t) / close()
 *   RUNNING   -> CLOSED     // the body returns or throws
 * </pre>
 */
public enum GeneratorState {
    /** Created and not yet started: the body has not run. */
    CREATED,
    /** The body is running now (seen from inside the body, or from another thread). */
    RUNNING,
    /** Paused at a {@code ctx.yield}, waiting for {@code next}, {@code send}, {@code throwIn} or {@code close}. */
    SUSPENDED,
    /** Finished: the body returned or threw, or the generator was closed. */
    CLOSED
}
