package dev.weft.aio;

import java.util.ArrayDeque;
import java.util.Collections;

/**
 * A {@link Queue} that returns the most recently added item first.
 *
 * <p>Python: {@code asyncio.LifoQueue}; the same differences as {@link Queue}.
 *
 * @param <E> the item type
 */
public final class LifoQueue<E> extends Queue<E> {
    /** Creates an unbounded LIFO queue. */
    public LifoQueue() {
        this(0);
    }

    /** Creates a LIFO queue holding at most {@code maxsize} items; {@code maxsize <= 0} means unbounded. */
    public LifoQueue(int maxsize) {
        super(maxsize, Collections.asLifoQueue(new ArrayDeque<>()));
    }
}
