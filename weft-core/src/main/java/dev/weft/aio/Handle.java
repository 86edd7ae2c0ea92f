package dev.weft.aio;

/**
 * A callback scheduled on an {@link EventLoop} with {@code callSoon}; {@link #cancel()} keeps it
 * from running.
 *
 * <pre>
 *   SCHEDULED -> CANCELLED   // cancel() before it runs
 *   SCHEDULED -> RAN         // the loop ran it (cancel() afterwards has no effect)
 * </pre>
 *
 * <p>Python: {@code asyncio.Handle}.
 */
public class Handle {
    final EventLoop loop;
    final Runnable callback;
    boolean cancelled;

    Handle(EventLoop loop, Runnable callback) {
        this.loop = loop;
        this.callback = callback;
    }

    /**
     * Keeps the callback from running if it has not run yet.
     *
     * @thread the loop's thread
     */
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            onCancel();
        }
    }

    void onCancel() {
    }

    /** Whether {@link #cancel()} was called. */
    public boolean cancelled() {
        return cancelled;
    }

    /** The task this handle starts, resumes or wakes, if any: a seeded {@link Schedule} permutes these. */
    Task<?> task() {
        return null;
    }

    /** Runs the callback; the loop calls this. */
    void run() {
        callback.run();
    }

    @Override
    public String toString() {
        return "Handle[" + callback + (cancelled ? ", cancelled" : "") + "]";
    }
}
