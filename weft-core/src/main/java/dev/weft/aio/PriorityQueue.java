package dev.weft.aio;

import java.util.Comparator;

/**
 * A {@link Queue} that returns the smallest item first (by natural order or a comparator).
 *
 * <p>Python: {@code asyncio.PriorityQueue}, where items are usually {@code (priority, data)}
 * tuples; in weft use a record that is {@link Comparable}, or pass a {@link Comparator}. The
 * same differences as {@link Queue}. Equal items come out in no particular order.
 *
 * {@snippet :
 * PriorityQueue<Job> jobs = new PriorityQueue<>(0, Comparator.comparingInt(Job::priority));
 * }
 *
 * @param <E> the item type
 */
public final class PriorityQueue<E> extends Queue<E> {
    /** Creates an unbounded queue of {@link Comparable} items. */
    public PriorityQueue() {
        this(0, null);
    }

    /** Creates a queue of {@link Comparable} items holding at most {@code maxsize} items ({@code <= 0}: unbounded). */
    public PriorityQueue(int maxsize) {
        this(maxsize, null);
    }

    /**
     * Creates a queue ordered by {@code comparator} ({@code null}: natural order) holding at most
     * {@code maxsize} items ({@code <= 0}: unbounded).
     */
    public PriorityQueue(int maxsize, Comparator<? super E> comparator) {
        super(maxsize, new java.util.PriorityQueue<>(comparator));
    }
}
