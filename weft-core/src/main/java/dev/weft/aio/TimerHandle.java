package dev.weft.aio;

/**
 * A callback scheduled at a point in loop time with {@code callLater} or {@code callAt}.
 *
 * <pre>
 *   SCHEDULED -> CANCELLED   // cancel() before it is due
 *   SCHEDULED -> RAN         // the loop reached when() and ran it
 * </pre>
 *
 * <p>Python: {@code asyncio.TimerHandle}.
 */
public final class TimerHandle extends Handle implements Comparable<TimerHandle> {
    private final double when;
    final long seq;
    boolean scheduled;

    TimerHandle(EventLoop loop, double when, long seq, Runnable callback) {
        super(loop, callback);
        this.when = when;
        this.seq = seq;
    }

    /** The loop time ({@link EventLoop#time()}) at which the callback is due. */
    public double when() {
        return when;
    }

    @Override
    void onCancel() {
        if (scheduled) {
            loop.timerCancelled();
        }
    }

    /** Orders timers by due time, then by the order they were scheduled in. */
    @Override
    public int compareTo(TimerHandle o) {
        int c = Double.compare(when, o.when);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public String toString() {
        return "TimerHandle[when=" + when + ", " + callback + (cancelled ? ", cancelled" : "") + "]";
    }
}
