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
    /**
     * What the callback runs in: null (weft's own handles: no context), a {@link Context} given to
     * callSoon and friends, or the variables captured when it was scheduled (run in a fresh copy).
     */
    Object context;

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
        Object c = context;
        if (c == null) {
            invoke();
            return;
        }
        Runnable r = callback != null ? callback : this::invoke; // a plain handle's invoke() is its callback
        if (c instanceof Context ctx) {
            ctx.run(r);
        } else {
            ContextSlot.runInCopy((Object[]) c, r);
        }
    }

    /** What the handle does, in whatever context run() chose. */
    void invoke() {
        callback.run();
    }

    /** Makes the callback run in {@code ctx}, or (null) in a copy of the caller's current context. */
    final void runIn(Context ctx) {
        context = ctx != null ? ctx : ContextSlot.currentVars();
    }

    @Override
    public String toString() {
        return "Handle[" + callback + (cancelled ? ", cancelled" : "") + "]";
    }
}
