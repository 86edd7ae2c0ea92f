package dev.weft.aio;

import java.util.function.Supplier;

/**
 * The time source of an {@link EventLoop}: the real monotonic clock, or a virtual clock that jumps
 * to the next timer whenever the loop has nothing else to do.
 *
 * {@snippet :
 * double t = EventLoop.run(() -> {
 *     Aio.sleep(3600);                  // an hour of loop time, in microseconds of real time
 *     return EventLoop.current().time(); // exactly 3600.0
 * }, Clock.virtual());
 * }
 *
 * <p>A clock belongs to one loop: pass a new one to each {@link EventLoop#create(Clock)} or
 * {@link EventLoop#run(java.util.concurrent.Callable, Clock)}.
 *
 * <p>Python: trio's {@code Clock} and {@code MockClock(autojump_threshold=0)}; asyncio has no clock
 * object (its test loops drive time by hand).
 */
/* Implementation notes
 *
 * The loop asks its clock one question per iteration in which nothing is ready: how long may I
 * wait for I/O and other threads (waitMillis)? The real clock answers with the time to the next
 * timer. The virtual clock answers with the autojump rule, which lives here and nowhere else:
 *
 *   outside work pending (thread-safe calls, toThread/wrap in flight)
 *       -> wait for it without a timeout; time stands still;
 *   only watched channels (IoWatch), and a timer is due
 *       -> wait GRACE of real time, then jump, without a warning: idle I/O is normal (trio's
 *          MockClock autojump threshold); loopback bytes between tasks of one loop are readable
 *          long before GRACE ends, so such exchanges never see the clock move;
 *   only tasks blocked in JDK calls (loop-scheduled backend), and a timer is due
 *       -> wait GRACE of real time; if still nothing is ready afterwards (afterWait), jump to the
 *          timer anyway and tell the loop to warn (once): such a task may wait for another task of
 *          this loop that waits for the timer (a BlockingQueue fed after an Aio.sleep), and
 *          waiting for ever would be a silent deadlock;
 *   nothing outside, a timer is due -> jump to it, do not wait;
 *   nothing outside, no timer -> STUCK: nothing can ever progress (the loop decides whether
 *          that is an error: it is while runUntilComplete waits for a future).
 *
 * Nothing else moves virtual time, so runs are reproducible. `now` is volatile because time() is
 * documented as callable from any thread.
 */
public abstract sealed class Clock permits Clock.Real, Clock.Virtual {
    /** waitMillis: wait without a timeout. */
    static final long FOREVER = -1;
    /** waitMillis: nothing can ever progress (virtual clock only). */
    static final long STUCK = -2;
    /** How long a virtual clock waits for tasks blocked in JDK calls before it jumps anyway. */
    static final long BLOCKED_GRACE_MS = 1000;

    /** What may still arrive from other threads while nothing is ready. */
    enum Outside {
        /** Nothing: only timers can make progress. */
        NONE,
        /** Thread-safe calls or toThread/wrap results are pending. */
        WORK,
        /** Only watched channels (I/O readiness): held for the grace period, then idle. */
        IO_WAIT,
        /** Only the wakeups of tasks blocked in JDK calls (loop-scheduled backend). */
        BLOCKED_TASKS
    }

    private Object owner;

    Clock() {
    }

    /** A clock reading {@link System#nanoTime()}; loop time starts near 0 when the clock is made. */
    public static Clock real() {
        return new Real();
    }

    /**
     * A virtual clock: time starts at 0 and jumps to the next timer whenever nothing is ready and
     * no outside work (thread-safe calls, {@code toThread}, I/O, a task blocked in a JDK call) is
     * pending, and only then. A task blocked in a JDK call holds the clock for at most a second of
     * real time before it jumps anyway, with a one-time warning.
     */
    public static Clock virtual() {
        return new Virtual(BLOCKED_GRACE_MS);
    }

    /** A virtual clock with a shorter grace period for blocked tasks (tests). */
    static Clock virtual(long graceMs) {
        return new Virtual(graceMs);
    }

    /** Whether this clock is virtual. */
    public abstract boolean isVirtual();

    /** The time in seconds; any thread. */
    abstract double now();

    /**
     * How long the loop may wait (ms) for I/O and other threads in an iteration where nothing is
     * ready; 0: do not wait, {@link #FOREVER}, or {@link #STUCK}. A virtual clock may jump here.
     *
     * @param nextTimer when the earliest live timer is due, NaN if there is none
     * @param outside what may still arrive from other threads (asked only by the virtual clock)
     */
    abstract long waitMillis(double nextTimer, Supplier<Outside> outside);

    /**
     * Called after the wait that {@link #waitMillis} allowed; returns true the first time the
     * virtual clock jumped because blocked tasks held it past its grace period (the loop warns).
     */
    boolean afterWait(boolean nothingReady, double nextTimer, Supplier<Outside> outside) {
        return false;
    }

    /** The grace period for blocked tasks, in ms (virtual clock). */
    long graceMillis() {
        return 0;
    }

    /** Binds this clock to its loop; a clock drives one loop only. */
    final synchronized void bind(Object loop) {
        if (owner != null) {
            throw new IllegalArgumentException("weft: " + this + " already drives " + owner
                    + "; a clock belongs to one loop: pass a new Clock.real() or Clock.virtual()");
        }
        owner = loop;
    }

    /** The real monotonic clock. */
    static final class Real extends Clock {
        private final long origin = System.nanoTime();

        @Override
        public boolean isVirtual() {
            return false;
        }

        @Override
        double now() {
            return (System.nanoTime() - origin) / 1e9;
        }

        @Override
        long waitMillis(double nextTimer, Supplier<Outside> outside) {
            if (Double.isNaN(nextTimer)) {
                return FOREVER;
            }
            double d = nextTimer - now();
            return d <= 0 ? 0 : Math.max(1, (long) Math.ceil(d * 1000));
        }

        @Override
        public String toString() {
            return "Clock[real]";
        }
    }

    /** The virtual clock and its autojump rule. */
    static final class Virtual extends Clock {
        private final long graceMs;
        private volatile double now;
        /** The last waitMillis allowed a grace wait for blocked tasks. */
        private boolean graceWait;
        private boolean warned;

        Virtual(long graceMs) {
            this.graceMs = graceMs;
        }

        @Override
        public boolean isVirtual() {
            return true;
        }

        @Override
        double now() {
            return now;
        }

        private void jumpTo(double when) {
            if (when > now) {
                now = when;
            }
        }

        @Override
        long waitMillis(double nextTimer, Supplier<Outside> outside) {
            boolean timer = !Double.isNaN(nextTimer);
            switch (outside.get()) {
                case WORK:
                    return FOREVER;
                case BLOCKED_TASKS, IO_WAIT:
                    if (!timer) {
                        return FOREVER;
                    }
                    graceWait = true;
                    return graceMs;
                default:
                    if (!timer) {
                        return STUCK;
                    }
                    jumpTo(nextTimer);
                    return 0;
            }
        }

        @Override
        boolean afterWait(boolean nothingReady, double nextTimer, Supplier<Outside> outside) {
            if (!graceWait) {
                return false;
            }
            graceWait = false;
            Outside now = nothingReady && !Double.isNaN(nextTimer) ? outside.get() : Outside.WORK;
            if (now == Outside.BLOCKED_TASKS || now == Outside.IO_WAIT) {
                jumpTo(nextTimer);
                if (now == Outside.BLOCKED_TASKS && !warned) {
                    warned = true;
                    return true;
                }
            }
            return false;
        }

        @Override
        long graceMillis() {
            return graceMs;
        }

        @Override
        public String toString() {
            return "Clock[virtual, time=" + now + "]";
        }
    }
}
