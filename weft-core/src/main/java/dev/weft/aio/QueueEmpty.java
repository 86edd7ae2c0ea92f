package dev.weft.aio;

/**
 * Thrown by {@link Queue#getNowait()} when the queue has no item.
 *
 * <p>Python: {@code asyncio.QueueEmpty}. Not a bug: call {@link Queue#get()} to wait for an item.
 */
public class QueueEmpty extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with {@code message}. */
    public QueueEmpty(String message) {
        super(message);
    }
}
