package dev.weft.aio;

/**
 * Raised in a task at its suspension point when the task is cancelled, and by {@link Future#result()}
 * of a cancelled future.
 *
 * <p>It is an {@link Error}, not an {@link Exception}, so that {@code catch (Exception e)} in a task
 * does not swallow cancellation by accident. Code that must clean up uses {@code finally}; code
 * that catches it on purpose should re-throw it (or call {@link Task#uncancel()} when it means to
 * absorb exactly one cancellation, as timeouts do).
 *
 * <p>Python: {@code asyncio.CancelledError}, which is a {@code BaseException} since 3.8 for the same
 * reason.
 */
public class CancelledError extends Error {
    private static final long serialVersionUID = 1L;

    /** Creates a cancellation error without a message. */
    public CancelledError() {
        super();
    }

    /** Creates a cancellation error with the message given to {@code cancel(msg)} (may be null). */
    public CancelledError(String message) {
        super(message);
    }

    /** Creates a cancellation error with a message and the error or exception that caused it. */
    public CancelledError(String message, Throwable cause) {
        super(message, cause);
    }
}
