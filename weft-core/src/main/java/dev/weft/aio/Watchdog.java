package dev.weft.aio;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The loop watchdog: one daemon thread ({@code weft-watchdog}) for every running loop of the JVM.
 * When a loop's thread has been inside one callback or task step for longer than the loop's
 * threshold ({@link EventLoop#setWatchdog}), it reports once, through the loop's exception
 * handler, which task is stuck, its stack and the fix; the loop reports again, on its own thread,
 * when it recovers, with the time lost.
 */
/* Implementation notes
 *
 * The loop's cost: runHandle writes `beat` (a fresh number per handle, a release store: no
 * fence; the watchdog's volatile read sees it at most a moment late) and the idle point of each
 * iteration writes 0; nothing else on the hot path. The watchdog samples every
 * running loop's beat every threshold/4 (at least 1 ms): a non-zero beat unchanged since the
 * sample that first saw it, for at least the threshold, is a loop stuck in one handle. The lost
 * time it reports is measured from that first sample, so it may be short by up to a period.
 *
 * Who reports what: the stuck report comes from the watchdog thread (the loop's thread is the one
 * that is stuck), holding the Stuck object's monitor, which it publishes in the loop's `stuck`
 * field first; the loop reads `stuck` at its idle point (once per iteration, not per step), and
 * makes the recovery report on its own thread, under the same monitor: so the recovery report
 * always follows the stuck report, and comes once. If the loop moved on before the field was
 * published (and may never be idle again), the watchdog makes the recovery report itself; if it
 * reads a stale beat there (the loop's store is a release store), the loop's next idle point
 * reports instead, at the latest when runForever returns.
 *
 * The thread starts with the first loop that runs, parks without a timeout's cost while loops
 * run quietly, and ends after IDLE_EXIT with no loop to watch (the leak check after each test
 * treats it like the shared toThread pool). Loops register in runForever and in close()'s
 * unwinding, and unregister when those end, so the watchdog never holds a loop that is not running.
 *
 * The racy reads of loop.currentTask and loop.owner happen only after a stuck beat was seen, for
 * the report's text; a reference read is atomic and the loop has not moved since.
 */
final class Watchdog {
    /** System property: the default threshold in seconds for every loop; 0 turns the watchdog off. */
    static final String PROPERTY = "weft.watchdog";
    /** The default threshold (seconds) when the property is not set. */
    static final double DEFAULT_SECONDS = 1.0;
    private static final long IDLE_EXIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int MAX_FRAMES = 40;
    private static final System.Logger LOG = System.getLogger("dev.weft.aio");

    private static final Object LOCK = new Object();
    /** The running loops and what the watchdog saw of each; guarded by LOCK. */
    private static final Map<EventLoop, Seen> WATCHED = new IdentityHashMap<>();
    private static Thread thread;

    /** The last sample of one loop. */
    private static final class Seen {
        long beat;
        long since;
        boolean reported;
    }

    /**
     * A stuck report, published in EventLoop.stuck; its monitor orders the two reports (the
     * recovery waits until the stuck report is delivered) and makes the recovery report once.
     */
    static final class Stuck {
        final Task<?> task;
        final long sinceNanos;
        private boolean recoveryReported;

        Stuck(Task<?> task, long sinceNanos) {
            this.task = task;
            this.sinceNanos = sinceNanos;
        }
    }

    private Watchdog() {
    }

    /** The threshold every new loop starts with: -Dweft.watchdog, else {@link #DEFAULT_SECONDS}. */
    static double defaultSeconds() {
        String s = System.getProperty(PROPERTY);
        if (s == null || s.isBlank()) {
            return DEFAULT_SECONDS;
        }
        try {
            double d = Double.parseDouble(s.trim());
            if (d >= 0 && !Double.isInfinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.log(Level.WARNING, "weft: -D" + PROPERTY + "=" + s + " is not a number of seconds >= 0; the loop "
                + "watchdog uses its default threshold of " + DEFAULT_SECONDS + " s (0 turns it off)");
        return DEFAULT_SECONDS;
    }

    /** Starts watching {@code loop} (it is about to run handles); any thread. */
    static void watch(EventLoop loop) {
        synchronized (LOCK) {
            WATCHED.put(loop, new Seen());
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name("weft-watchdog").start(Watchdog::loop);
                return;
            }
        }
        LockSupport.unpark(thread());
    }

    /** Stops watching {@code loop}; it no longer runs handles. */
    static void unwatch(EventLoop loop) {
        synchronized (LOCK) {
            WATCHED.remove(loop);
        }
    }

    /** Makes the watchdog recompute its period (a loop's threshold changed). */
    static void thresholdChanged() {
        LockSupport.unpark(thread());
    }

    private static Thread thread() {
        synchronized (LOCK) {
            return thread;
        }
    }

    private static void loop() {
        long emptySince = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            long period = sampleAll(now); // holds no loop while parked: a closed loop is garbage
            if (period < 0) {
                if (now - emptySince >= IDLE_EXIT_NANOS) {
                    synchronized (LOCK) {
                        if (WATCHED.isEmpty()) {
                            thread = null;
                            return;
                        }
                    }
                }
                period = Math.max(1, IDLE_EXIT_NANOS - (now - emptySince));
            } else {
                emptySince = now;
            }
            LockSupport.parkNanos(period);
        }
    }

    /** Samples every watched loop; returns the next period, or -1 if there is no loop to watch. */
    private static long sampleAll(long now) {
        List<Map.Entry<EventLoop, Seen>> loops;
        synchronized (LOCK) {
            if (WATCHED.isEmpty()) {
                return -1;
            }
            loops = new ArrayList<>(WATCHED.entrySet());
        }
        long period = IDLE_EXIT_NANOS;
        for (Map.Entry<EventLoop, Seen> e : loops) {
            double threshold = e.getKey().getWatchdog();
            if (threshold > 0) {
                period = Math.min(period, Math.max(MIN_PERIOD_NANOS, (long) (threshold * 1e9 / 4)));
                check(e.getKey(), e.getValue(), (long) (threshold * 1e9), now);
            }
        }
        return period;
    }

    private static void check(EventLoop loop, Seen seen, long thresholdNanos, long now) {
        long beat = loop.core.beat;
        if (beat == 0 || beat != seen.beat) {
            seen.beat = beat;
            seen.since = now;
            seen.reported = false;
            return;
        }
        if (seen.reported || now - seen.since < thresholdNanos) {
            return;
        }
        seen.reported = true;
        Task<?> task = loop.currentTask;
        Thread t = task != null && task.thread != null ? task.thread : loop.owner;
        StackTraceElement[] stack = t == null ? new StackTraceElement[0] : t.getStackTrace();
        Stuck s = new Stuck(task, seen.since);
        synchronized (s) {
            loop.stuck = s; // from here on the loop reports the recovery at its next idle point
            report(loop, LoopReports.stuck(loop, task, (now - seen.since) / 1e9, thresholdNanos / 1e9, stack,
                    MAX_FRAMES));
        }
        if (loop.core.beat != beat) {
            recovered(loop, s); // it moved on before it could see `stuck`, and may never be idle again
        }
    }

    private static void report(EventLoop loop, ExceptionContext context) {
        try {
            loop.callExceptionHandler(context);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.log(Level.ERROR, "weft: the watchdog's report on " + loop + " failed", e);
        }
    }

    /**
     * The recovery report, once per stuck report: on the loop's thread at its next idle point
     * (EventLoop.idle), or on the watchdog's if the loop had moved on already. Waits until the
     * stuck report has been delivered, so the two always arrive in order.
     */
    static void recovered(EventLoop loop, Stuck s) {
        synchronized (s) {
            if (s.recoveryReported) {
                return;
            }
            s.recoveryReported = true;
            report(loop, LoopReports.recovered(loop, s.task, (System.nanoTime() - s.sinceNanos) / 1e9));
        }
    }
}
