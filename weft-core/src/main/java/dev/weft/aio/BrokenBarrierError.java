package dev.weft.aio;

/**
 * Thrown by {@link Barrier#waitParties()} when the barrier is aborted, or reset while the task
 * waits.
 *
 * <p>Python: {@code asyncio.BrokenBarrierError}. Usually not a bug: another task chose to
 * {@link Barrier#abort()} or {@link Barrier#reset()} the barrier.
 */
public class BrokenBarrierError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with {@code message}. */
    public BrokenBarrierError(String message) {
        super(message);
    }
}
