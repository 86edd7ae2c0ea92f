package dev.weft.aio;

/**
 * Thrown by {@link Queue#putNowait(Object)} when the queue holds {@code maxsize} items.
 *
 * <p>Python: {@code asyncio.QueueFull}. Not a bug: call {@link Queue#put(Object)} to wait for room.
 */
public class QueueFull extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with {@code message}. */
    public QueueFull(String message) {
        super(message);
    }
}
