package dev.weft.aio;

import java.util.NoSuchElementException;

/**
 * Thrown by a receive from a {@link Channel} that was closed and has nothing left, or that was
 * cancelled.
 *
 * <p>Python: none (trio raises {@code EndOfChannel}); the name is kotlinx.coroutines'. Not a bug:
 * it is how a receiver learns that no more elements will come; {@link Channel#receiveCatching()}
 * and for-each iteration report the end without it. The {@link #getCause() cause} is the one given
 * to {@code close(cause)} or {@code cancel(cause)}, if any.
 */
public class ClosedReceiveChannelException extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with {@code message} and the close or cancel {@code cause} (may be null). */
    public ClosedReceiveChannelException(String message, Throwable cause) {
        super(message, cause);
    }
}
