package dev.weft.aio;

/**
 * A counter of permits for the tasks of one event loop: {@link #acquire()} takes one, suspending
 * while none is left; {@link #release()} returns one.
 *
 * <p>Python: {@code asyncio.Semaphore}; {@code async with sem:} becomes
 * {@code try (var held = sem.hold())}. {@link BoundedSemaphore} refuses to grow past its start.
 *
 * {@snippet :
 * Semaphore sem = new Semaphore(2);     // at most two downloads at a time
 * try (var held = sem.hold()) {
 *     download(url);
 * }
 * }
 *
 * <p>States ({@link #toString()} shows them):
 * <pre>
 * AVAILABLE(v > 0)  -> AVAILABLE(v - 1)  // acquire() with nobody in line
 * AVAILABLE(1)      -> EXHAUSTED(0)      // acquire()
 * EXHAUSTED         -> EXHAUSTED         // release() with waiters: the permit goes to the first one
 * EXHAUSTED         -> AVAILABLE(1)      // release() with no waiter
 * </pre>
 *
 * <p>Fairness: permits go to waiters in arrival order; a newcomer queues behind any waiter.
 */
public class Semaphore {
    /*
     * Implementation notes
     *
     * Waking a task reserves a permit for it (the waker decrements value). A task woken and then
     * cancelled before it runs hands the reserved permit to the next parked task, or, with nobody
     * parked, back to value (the ParkingLot's pass-on rule, with `value++` as the unclaimed
     * action). A task cancelled while parked had no permit reserved and gives nothing back. Every
     * task leaving acquire() wakes as many parked tasks as there are free permits, so that permits
     * released while someone queued behind a woken task are never stranded.
     */

    private final ParkingLot waiters = ParkingLot.passingOn(() -> this.value++);
    private final Held held = this::release;
    int value;
    private EventLoop loop;

    /**
     * Creates a semaphore with {@code value} permits.
     *
     * @throws IllegalArgumentException if {@code value < 0}
     */
    public Semaphore(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("Semaphore initial value must be >= 0, got " + value
                    + "; pass the number of tasks allowed in at once");
        }
        this.value = value;
    }

    /** Whether {@link #acquire()} would suspend: no permit left, or tasks in line. */
    public boolean locked() {
        return value == 0 || !waiters.isEmpty();
    }

    /**
     * Takes a permit, suspending until one is available and every earlier waiter was served.
     *
     * <p>@suspends if no permit is free or tasks wait already.
     * <p>@cancellation a cancelled waiter takes no permit; a permit already reserved for it is
     * passed to the next waiter (or returned, if none waits).
     * <p>@thread the loop thread, inside a task.
     */
    public void acquire() {
        ParkingLot.checkThread(loop, "Semaphore.acquire");
        if (!locked()) {
            value--;
            return;
        }
        loop = ParkingLot.bind(loop, this, "Semaphore.acquire");
        try {
            waiters.park(loop, null);
        } finally {
            while (value > 0 && wakeUpNext()) {
                // each wake-up reserves one of the free permits
            }
        }
    }

    /** Takes a permit for try-with-resources: {@code close()} releases it. Suspends as {@link #acquire()}. */
    public Held hold() {
        acquire();
        return held;
    }

    /** Returns a permit, waking the first waiter, if any. Never suspends. */
    public void release() {
        ParkingLot.checkThread(loop, "Semaphore.release");
        value++;
        wakeUpNext();
    }

    /** Wakes the first parked task with a permit reserved for it; false if none is parked. */
    private boolean wakeUpNext() {
        if (waiters.unpark(1) == 0) {
            return false;
        }
        value--;
        return true;
    }

    /** The number of free permits. */
    public int value() {
        return value;
    }

    /** The free permits and the waiters, e.g. {@code Semaphore[value=0, waiters=2]}. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[value=" + value
                + (waiters.isEmpty() ? "" : ", waiters=" + waiters.statistics().inLine()) + "]";
    }
}
