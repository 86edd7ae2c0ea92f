package dev.weft.aio;

/**
 * Thrown when an operation does not fit a future's state: {@code result()} of a pending future,
 * {@code setResult} on a done one. Usually a programming error.
 *
 * <p>Python: {@code asyncio.InvalidStateError}.
 */
public class InvalidStateError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message that says what state was found and what to do. */
    public InvalidStateError(String message) {
        super(message);
    }
}
