package dev.weft.green;

import dev.weft.aio.QueueFull;

/**
 * Raised by {@link Pool#add(GreenTask, boolean, double)} when the pool has no free slot: at once
 * when not blocking, or when the wait for a slot timed out. Usually expected by the caller, who
 * asked not to wait; otherwise a sign the pool is too small.
 *
 * <p>Python: {@code gevent.pool.PoolFull} (a {@code queue.Full}; here a {@link QueueFull}).
 */
public final class PoolFull extends QueueFull {
    private static final long serialVersionUID = 1L;

    /** Creates the error with {@code message}. */
    public PoolFull(String message) {
        super(message);
    }
}
