package dev.weft.aio;

/**
 * Thrown when an operation runs out of time (a timeout scope, {@code waitFor}).
 *
 * <p>Python: {@code TimeoutError} (which {@code asyncio.TimeoutError} aliases since 3.11); weft's is
 * unchecked.
 */
public class TimeoutError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates a timeout error without a message. */
    public TimeoutError() {
        super();
    }

    /** Creates a timeout error with a message. */
    public TimeoutError(String message) {
        super(message);
    }

    /** Creates a timeout error with a message and a cause (usually the {@link CancelledError}). */
    public TimeoutError(String message, Throwable cause) {
        super(message, cause);
    }
}
