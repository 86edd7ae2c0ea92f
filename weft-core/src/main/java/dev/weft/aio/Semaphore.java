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
     * Waking a waiter reserves a permit for it (value is decremented by the waker). A waiter that
     * is cancelled after its future was completed gives the reserved permit back, and every
     * waiter leaving acquire() wakes as many others as there are free permits, so that permits
     * released while someone queued are never stranded.
     */

    private final Waiters waiters = new Waiters();
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
        return value == 0 || waiters.anyActive();
    }

    /**
     * Takes a permit, suspending until one is available and every earlier waiter was served.
     *
     * <p>@suspends if no permit is free or tasks wait already.
     * <p>@cancellation a cancelled waiter takes no permit; a permit already reserved for it is
     * returned and passed to the next waiter.
     * <p>@thread the loop thread, inside a task.
     */
    public void acquire() {
        Waiters.checkThread(loop, "Semaphore.acquire");
        if (!locked()) {
            value--;
            return;
        }
        loop = Waiters.bind(loop, this);
        Future<Object> fut = loop.createFuture();
        Waiters.Node node = waiters.add(fut);
        try {
            try {
                // suspendOn, not fut.await(): one frame less in the waiting task's stack chunk
                Task.currentForAwait(loop, fut).suspendOn(fut);
                fut.result();
            } finally {
                waiters.remove(node);
            }
        } catch (CancelledError e) {
            if (fut.done() && !fut.cancelled()) {
                value++; // the permit reserved by the waker goes back
            }
            throw e;
        } finally {
            while (value > 0) {
                if (!wakeUpNext()) {
                    break;
                }
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
        Waiters.checkThread(loop, "Semaphore.release");
        value++;
        wakeUpNext();
    }

    private boolean wakeUpNext() {
        if (waiters.isEmpty()) {
            return false;
        }
        // Reserve the permit before the wake-up so that no newcomer can take it.
        value--;
        if (waiters.wakeFirst(Boolean.TRUE)) {
            return true;
        }
        value++;
        return false;
    }

    /** The number of free permits. */
    public int value() {
        return value;
    }

    /** The free permits and the waiters, e.g. {@code Semaphore[value=0, waiters=2]}. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[value=" + value
                + (waiters.isEmpty() ? "" : ", waiters=" + waiters.size()) + "]";
    }
}
