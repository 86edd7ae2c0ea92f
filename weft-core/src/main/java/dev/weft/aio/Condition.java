package dev.weft.aio;

import java.util.function.BooleanSupplier;

/**
 * A condition variable for the tasks of one event loop: tasks holding its lock wait until another
 * task notifies them.
 *
 * <p>Python: {@code asyncio.Condition}. Java's {@code Object.wait()}, {@code notify()} and
 * {@code notifyAll()} are final, so {@code wait()} is {@link #waitNotified()},
 * {@code notify(n)} is {@link #notifyWaiters(int)} (and {@link #notifyOne()}),
 * {@code notify_all()} is {@link #notifyAllWaiters()}; {@code wait_for} is {@link #waitFor}.
 *
 * {@snippet :
 * try (var held = cond.hold()) {
 *     cond.waitFor(() -> !items.isEmpty());   // releases the lock while waiting
 *     use(items.remove());
 * }
 * }
 *
 * <p>States: those of its {@link Lock}; waiters are served in the order they started waiting.
 * {@link #toString()} shows the lock state and the number of waiters.
 */
public final class Condition {
    /*
     * Implementation notes
     *
     * waitNotified() always re-acquires the lock before it returns or throws, even when cancelled
     * (a cancellation during the re-acquire is remembered and thrown once the lock is held). A
     * notification is a token: a task notified and then cancelled before it runs passes it on
     * inside ParkingLot.park; a task that was notified (park returned) and then fails while
     * re-acquiring the lock passes it on here, once. A task cancelled before any notification
     * reached it passes nothing on, so no spurious wake-up is made up and none is lost.
     */

    private final Lock lock;
    private final ParkingLot waiters = ParkingLot.passingOn(null);
    private EventLoop loop;

    /** Creates a condition with its own new {@link Lock}. */
    public Condition() {
        this(new Lock());
    }

    /** Creates a condition over {@code lock}, which other conditions or code may share. */
    public Condition(Lock lock) {
        if (lock == null) {
            throw new NullPointerException("lock is null: pass a Lock, or use new Condition()");
        }
        this.lock = lock;
    }

    /** Acquires the underlying lock (see {@link Lock#acquire()}). */
    public void acquire() {
        lock.acquire();
    }

    /** Acquires the underlying lock for try-with-resources (see {@link Lock#hold()}). */
    public Held hold() {
        return lock.hold();
    }

    /** Releases the underlying lock (see {@link Lock#release()}). */
    public void release() {
        lock.release();
    }

    /** Whether the underlying lock is held. */
    public boolean locked() {
        return lock.locked();
    }

    /**
     * Releases the lock, waits until notified, and re-acquires the lock.
     *
     * <p>@suspends always.
     * <p>@cancellation the lock is re-acquired before the {@link CancelledError} leaves, and the
     * notification this waiter may have consumed is passed to another waiter.
     * <p>@thread the loop thread, inside a task that holds the lock.
     *
     * @throws IllegalStateException if the lock is not held ("cannot wait on un-acquired lock")
     */
    public void waitNotified() {
        if (!lock.locked()) {
            throw new IllegalStateException("cannot wait on un-acquired lock: " + this
                    + "; acquire it first, e.g. try (var held = cond.hold()) { cond.waitNotified(); }");
        }
        loop = ParkingLot.bind(loop, this, "Condition.waitNotified");
        lock.release();
        boolean notified = false;
        try {
            try {
                waiters.park(loop, null);
                notified = true;
            } finally {
                CancelledError err = null;
                while (true) {
                    try {
                        lock.acquire();
                        break;
                    } catch (CancelledError e) {
                        err = e;
                    }
                }
                if (err != null) {
                    throw err;
                }
            }
        } catch (Throwable t) {
            if (notified) {
                waiters.unpark(1); // the notification this task will not act on
            }
            throw t;
        }
    }

    /**
     * Waits until {@code predicate} is true: checks it, and calls {@link #waitNotified()} until
     * it holds.
     *
     * <p>@suspends while the predicate is false. @cancellation as {@link #waitNotified()}.
     * @thread the loop thread, inside a task that holds the lock.
     *
     * @return true (the last value of the predicate)
     */
    public boolean waitFor(BooleanSupplier predicate) {
        boolean result = predicate.getAsBoolean();
        while (!result) {
            waitNotified();
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /**
     * Wakes up to {@code n} waiting tasks, in the order they started waiting. Never suspends.
     *
     * @throws IllegalStateException if the lock is not held ("cannot notify on un-acquired lock")
     */
    public void notifyWaiters(int n) {
        if (!lock.locked()) {
            throw new IllegalStateException("cannot notify on un-acquired lock: " + this
                    + "; acquire it first, e.g. try (var held = cond.hold()) { cond.notifyOne(); }");
        }
        ParkingLot.checkThread(loop, "Condition.notifyWaiters");
        waiters.unpark(n);
    }

    /** Wakes the task that has waited longest: {@code notifyWaiters(1)}. */
    public void notifyOne() {
        notifyWaiters(1);
    }

    /** Wakes every waiting task. */
    public void notifyAllWaiters() {
        notifyWaiters(Integer.MAX_VALUE);
    }

    /** The lock state and waiters, e.g. {@code Condition[locked, waiters=2]}. */
    @Override
    public String toString() {
        return "Condition[" + (lock.locked() ? "locked" : "unlocked")
                + (waiters.isEmpty() ? "" : ", waiters=" + waiters.statistics().inLine()) + "]";
    }
}
