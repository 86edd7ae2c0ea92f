package dev.weft.green;

import dev.weft.aio.Semaphore;

/**
 * A {@link Group} with at most {@code size} members: {@link #spawn} waits while it is full, so a
 * pool bounds how many green tasks run at once.
 *
 * {@snippet :
 * Pool pool = new Pool(10);
 * for (String url : urls) {
 *     pool.spawn(() -> fetch(url));     // waits here while 10 fetches are running
 * }
 * pool.join();
 * List<byte[]> pages = pool.map(Example::fetch, urls);   // at most 10 at a time, in input order
 * }
 *
 * <p>Slots are a {@link Semaphore} of the loop: waiting spawners are served in arrival order,
 * and one cancelled while it waits takes no slot. A member gives its slot back when it dies or
 * is discarded.
 *
 * <p>Python: {@code gevent.pool.Pool(size)}. {@code imap} keeps at most {@code size} tasks ahead
 * of its consumer unless told otherwise.
 */
public final class Pool extends Group {
    private final int size;
    private final Semaphore slots;

    /**
     * Creates a pool of {@code size} slots on the calling thread's hub.
     *
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public Pool(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("weft: Pool(" + size + "): a pool needs at least one slot; "
                    + "use a Group for no limit");
        }
        this.size = size;
        this.slots = new Semaphore(size);
    }

    /** The number of slots. Python: {@code pool.size} ({@link #size()} is the number of members, {@code len(pool)}). */
    public int capacity() {
        return size;
    }

    /** How many more tasks could be spawned without waiting. Python: {@code free_count()}. */
    public int freeCount() {
        return slots.value();
    }

    /** Whether {@link #spawn} would wait. Python: {@code full()}. */
    public boolean full() {
        return slots.locked();
    }

    /**
     * Waits until a slot is free or {@code timeout} seconds pass, and returns the number of free
     * slots (0 on timeout). Python: {@code wait_available(timeout)}.
     *
     * @suspends while the pool is full; in a plain {@code main}, runs the hub
     * @cancellation takes no slot
     */
    public int waitAvailable(double timeout) {
        if (!full()) {
            return freeCount();
        }
        return Hub.block(hub, "Pool.waitAvailable", () -> Hub.within(Hub.deadline(hub, timeout), () -> {
            slots.acquire();
            slots.release(); // only waiting for a slot, not taking it
            return freeCount();
        }, () -> 0));
    }

    @Override
    void reserve(String what) {
        if (!full()) {
            slots.acquire(); // a free slot: never suspends, needs no hub
            return;
        }
        Hub.block(hub, "Pool." + what + " (pool of " + size + " full)", () -> {
            slots.acquire();
            return null;
        });
    }

    @Override
    void unreserve() {
        slots.release();
    }

    @Override
    int defaultMaxsize() {
        return size;
    }

    /** The size, the free slots and the members. */
    @Override
    public String toString() {
        return "Pool[size=" + size + ", free=" + freeCount() + ", " + size() + " tasks]";
    }
}
