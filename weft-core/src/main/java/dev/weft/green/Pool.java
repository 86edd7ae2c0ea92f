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
    /** The number of slots, or -1 for no limit. */
    private final int size;
    /** The slots; null for no limit. */
    private final Semaphore slots;

    /**
     * Creates a pool of {@code size} slots on the calling thread's hub. A pool of 0 never has a
     * free slot: spawning in it waits forever, so it serves only code that checks
     * {@link #freeCount()} or calls {@link #waitAvailable(double)} with a timeout (as in gevent).
     *
     * @throws IllegalArgumentException if {@code size < 0}
     */
    public Pool(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("weft: size must not be negative: " + size + " (Pool(" + size
                    + ")); pass the number of tasks allowed at once, or use new Pool() or a Group for no limit");
        }
        this.size = size;
        this.slots = new Semaphore(size);
    }

    /**
     * Creates a pool with no limit: it tracks its members as a {@link Group} does and never waits.
     * Python: {@code Pool()} ({@code size=None}).
     */
    public Pool() {
        this.size = -1;
        this.slots = null;
    }

    /**
     * The number of slots ({@code Integer.MAX_VALUE} without a limit). Python: {@code pool.size}
     * ({@link #size()} is the number of members, {@code len(pool)}).
     */
    public int capacity() {
        return slots == null ? Integer.MAX_VALUE : size;
    }

    /**
     * How many more tasks could be spawned without waiting ({@code Integer.MAX_VALUE} without a
     * limit, where gevent answers 1). Python: {@code free_count()}.
     */
    public int freeCount() {
        return slots == null ? Integer.MAX_VALUE : slots.value();
    }

    /** Whether {@link #spawn} would wait. Python: {@code full()}. */
    @Override
    public boolean full() {
        return slots != null && slots.locked();
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

    /**
     * Adds a task, waiting at most {@code timeout} seconds for a slot if {@code blocking}, or not
     * at all; a task that is dead already, or a member already, is left alone (no slot taken).
     * Python: {@code pool.add(greenlet, blocking, timeout)}.
     *
     * @throws PoolFull if no slot was free (not blocking) or none became free within {@code timeout}
     * @suspends if {@code blocking} and the pool is full, until a slot is free or the timeout
     * @cancellation takes no slot
     * @thread the hub's thread
     */
    public void add(GreenTask<?> task, boolean blocking, double timeout) {
        if (!admits(task)) {
            return;
        }
        if (!take("add", blocking, timeout)) {
            throw new PoolFull("weft: " + this + " has no free slot for " + task
                    + (blocking ? " after waiting " + timeout + " s" : " (add without blocking)")
                    + "; wait with waitAvailable(timeout), add with blocking, or use a bigger pool");
        }
        enter(task);
    }

    /**
     * Adds a task made with {@link GreenTask#create} as {@link #add(GreenTask, boolean, double)}
     * does, then starts it. Python: {@code pool.start(greenlet, blocking, timeout)}.
     *
     * @throws PoolFull as {@code add} does (the task is then not started)
     * @suspends as {@code add}
     */
    public void start(GreenTask<?> task, boolean blocking, double timeout) {
        add(task, blocking, timeout);
        task.start();
    }

    /** Takes a slot: at once if one is free; else waits (at most {@code timeout}) if {@code blocking}. */
    private boolean take(String what, boolean blocking, double timeout) {
        if (slots == null) {
            return true;
        }
        if (!full()) {
            slots.acquire(); // a free slot: never suspends, needs no hub
            return true;
        }
        if (!blocking) {
            return false;
        }
        return Hub.block(hub, "Pool." + what + " (pool of " + size + " full)",
                () -> Hub.within(Hub.deadline(hub, timeout), () -> {
                    slots.acquire();
                    return true;
                }, () -> false));
    }

    @Override
    void reserve(String what) {
        take(what, true, Gevent.FOREVER);
    }

    @Override
    void unreserve() {
        if (slots != null) {
            slots.release();
        }
    }

    @Override
    int defaultMaxsize() {
        return slots == null ? Integer.MAX_VALUE : Math.max(1, size);
    }

    /** The size, the free slots and the members. */
    @Override
    public String toString() {
        return "Pool[size=" + (slots == null ? "unlimited" : size) + ", free="
                + (slots == null ? "unlimited" : String.valueOf(freeCount())) + ", " + size() + " tasks]";
    }
}
