package dev.weft.aio;

/**
 * A fair mutual-exclusion lock for the tasks of one event loop.
 *
 * <p>Python: {@code asyncio.Lock}. {@code async with lock:} becomes
 * {@code try (var held = lock.hold())}; the lock is not reentrant and not owned: any task may
 * release it, as in asyncio.
 *
 * {@snippet :
 * Lock lock = new Lock();
 * try (var held = lock.hold()) {   // suspends while another task holds it
 *     shared.update();
 * }
 * }
 *
 * <p>States ({@link #toString()} shows them):
 * <pre>
 * UNLOCKED -> LOCKED    // acquire() with no task in line
 * LOCKED   -> UNLOCKED  // release(): the first waiter is woken and takes it when it runs
 * </pre>
 *
 * <p>Fairness: tasks acquire in the order they called {@link #acquire()}; a task that arrives
 * while a woken waiter has not run yet queues behind it.
 */
public final class Lock {
    /*
     * Implementation notes
     *
     * release() does not hand the lock over: it clears `locked` and wakes the first parked task,
     * which sets `locked` again when it runs. Newcomers cannot barge in between because the fast
     * path requires an empty line (a woken task stays in line until it runs). A task woken and
     * then cancelled before it runs passes its wake-up on, once (the ParkingLot rule); a task
     * cancelled while parked was never woken and wakes nobody. So exactly one task is woken per
     * release() and at most one holds the lock (issue 11 §8: the old wait block woke a second
     * one when a cancelled waiter's handler saw the lock free).
     */

    private final ParkingLot waiters = ParkingLot.passingOn(null);
    private final Held held = this::release;
    private boolean locked;
    private EventLoop loop;

    /** Creates an unlocked lock; it binds to the loop of the first task that waits on it. */
    public Lock() {
    }

    /**
     * Acquires the lock, suspending while another task holds it or is ahead in line.
     *
     * <p>@suspends only if the lock is held or other tasks wait for it.
     * <p>@cancellation a cancelled waiter does not acquire the lock and leaves the line; if it had
     * already been woken, it wakes the next waiter instead.
     * <p>@thread the loop thread, inside a task.
     */
    public void acquire() {
        ParkingLot.checkThread(loop, "Lock.acquire");
        if (!locked && waiters.isEmpty()) {
            locked = true;
            return;
        }
        loop = ParkingLot.bind(loop, this, "Lock.acquire");
        waiters.park(loop, null);
        if (locked) {
            throw new AssertionError("weft bug: " + this + " was woken for a task while another holds it");
        }
        locked = true;
    }

    /**
     * Acquires the lock and returns a handle whose {@code close()} releases it, for
     * try-with-resources.
     *
     * <p>@suspends as {@link #acquire()}. @cancellation as {@link #acquire()}: if cancelled while
     * waiting, the block does not run and nothing is released. @thread the loop thread, in a task.
     */
    public Held hold() {
        acquire();
        return held;
    }

    /**
     * Releases the lock and wakes the first waiting task, if any. Never suspends.
     *
     * @throws IllegalStateException if the lock is not held ("Lock is not acquired")
     */
    public void release() {
        ParkingLot.checkThread(loop, "Lock.release");
        if (!locked) {
            throw new IllegalStateException("Lock is not acquired: release() was called on " + this
                    + "; call release() once per acquire(), or use try (var held = lock.hold())");
        }
        locked = false;
        waiters.unpark(1);
    }

    /** Whether some task holds the lock. */
    public boolean locked() {
        return locked;
    }

    /** The state and the number of waiting tasks, e.g. {@code Lock[locked, waiters=2]}. */
    @Override
    public String toString() {
        return "Lock[" + (locked ? "locked" : "unlocked")
                + (waiters.isEmpty() ? "" : ", waiters=" + waiters.statistics().inLine()) + "]";
    }
}
