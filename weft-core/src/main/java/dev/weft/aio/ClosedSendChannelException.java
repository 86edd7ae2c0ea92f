package dev.weft.aio;

/**
 * Thrown by a send to a {@link Channel} that was closed ({@link Channel#close()}) or cancelled
 * ({@link Channel#cancel()}) before the element could be sent.
 *
 * <p>Python: none (trio raises {@code ClosedResourceError} / {@code BrokenResourceError}); the name
 * is kotlinx.coroutines'. Usually a programming error: a producer kept sending after the channel
 * was closed; close a channel from the side that sends. The {@link #getCause() cause} is the one
 * given to {@code close(cause)} or {@code cancel(cause)}, if any.
 */
public class ClosedSendChannelException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with {@code message} and the close or cancel {@code cause} (may be null). */
    public ClosedSendChannelException(String message, Throwable cause) {
        super(message, cause);
    }
}
