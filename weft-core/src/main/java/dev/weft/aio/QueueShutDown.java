package dev.weft.aio;

/**
 * Thrown by a {@link Queue}'s put methods after {@link Queue#shutdown()}, and by its get methods
 * once it is shut down and empty.
 *
 * <p>Python: {@code asyncio.QueueShutDown} (3.13). Not a bug: it tells producers and consumers
 * that the queue is finished.
 */
public class QueueShutDown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with {@code message}. */
    public QueueShutDown(String message) {
        super(message);
    }
}
