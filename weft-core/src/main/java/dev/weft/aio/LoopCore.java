package dev.weft.aio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The run-once core of an {@link EventLoop}: its ready queue, timer heap, entry queue and
 * selector, and one iteration at a time ({@link #runOnce()}).
 */
/* Implementation notes
 *
 * The shape of asyncio's _run_once. The ready queue is an ArrayDeque of Handles (loop thread
 * only); the timer heap is ordered by when, then by a sequence number, so equal times run in
 * scheduling order; the entry queue (other threads) is drained into the ready queue each
 * iteration; the loop waits on the java.nio Selector for as long as its clock allows
 * (Clock.waitMillis: the autojump rule is the clock's, not this file's), and other threads wake
 * it with selector.wakeup(), at most once per iteration (wakeupPending). Each iteration runs
 * exactly the handles that were ready when it began, so callbacks scheduled now run next
 * iteration. The selector and its select-with-timeout stay here for the stream layer, which
 * registers channels through EventLoop.selector().
 *
 * runHandle is the loop's unit of work: the one place that writes the watchdog's `beat` (a
 * release store per handle, the watchdog's whole cost on the hot path) and that times a
 * handle in debug mode; idle() is the point between handles where the loop waits.
 */
final class LoopCore {
    private static final double CLOCK_RESOLUTION = 1e-9;
    private static final VarHandle BEAT;

    static {
        try {
            BEAT = MethodHandles.lookup().findVarHandle(LoopCore.class, "beat", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final EventLoop loop;
    final Clock clock;
    final ArrayDeque<Handle> ready = new ArrayDeque<>();
    final PriorityQueue<TimerHandle> timers = new PriorityQueue<>();
    private int cancelledTimers;
    private long timerSeq;
    final EntryQueue entries = new EntryQueue();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    final Selector selector;
    /** The readiness callbacks on the selector (EventLoop.addReader and friends). */
    final IoWatch io;
    private final Supplier<Clock.Outside> outside = this::outsideWork;
    /**
     * For the watchdog: a fresh number per handle, 0 while the loop is between handles. Read as
     * volatile by the watchdog; written with release semantics (no store-load fence on the hot
     * path): the watchdog only needs to see it eventually, one sampling period late at worst.
     */
    volatile long beat;
    private long beats;
    /** The loop time at the start of this iteration's callbacks: when a task changed state (inspection). */
    double now;

    LoopCore(EventLoop loop, Clock clock) {
        this.loop = loop;
        this.clock = clock;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("weft: could not open the event loop's selector", e);
        }
        this.io = new IoWatch(selector);
        this.now = clock.now();
    }

    /** Callbacks and task steps run so far (LoopInspection's statistics). */
    long handlesRun() {
        return beats;
    }

    /** Adds a timer; the loop's thread (EventLoop.callAt checked it). */
    TimerHandle addTimer(double when, Runnable callback) {
        Schedule s = loop.schedule;
        long seq = timerSeq++;
        TimerHandle h = new TimerHandle(loop, when, s == null ? seq : s.tiebreak(seq), callback);
        h.scheduled = true;
        timers.add(h);
        return h;
    }

    /** Queues an internal handle from any thread, even while the loop closes (see EntryQueue). */
    void enqueueFromAnyThread(Handle h) {
        entries.offerInternal(h);
        wakeup();
    }

    /** What close() drops once it has run what it promised to run. */
    void clear() {
        ready.clear();
        timers.clear();
        entries.clear();
    }

    void runOnce() {
        Schedule schedule = loop.schedule;
        if (schedule != null) {
            schedule.throwIfDiverged();
        }
        wakeupPending.set(false);
        entries.drainTo(ready);
        purgeCancelledTimers();
        long timeoutMs; // -1: wait without timeout; 0: do not wait
        double next = timers.isEmpty() ? Double.NaN : timers.peek().when();
        if (!ready.isEmpty() || loop.stopping()) {
            timeoutMs = 0;
        } else {
            timeoutMs = clock.waitMillis(next, outside);
            if (timeoutMs == Clock.STUCK) {
                if (loop.failWhenStuck()) {
                    throw new IllegalStateException("weft: nothing can ever progress on " + loop + ": every task "
                            + "waits, and no timer, I/O or thread-safe work is pending (a deadlock). Tasks:\n"
                            + loop.dumpTasks());
                }
                timeoutMs = Clock.FOREVER;
            }
        }
        idle();
        select(timeoutMs);
        entries.drainTo(ready);
        if (clock.afterWait(ready.isEmpty(), next, outside)) {
            loop.warn(LoopReports.blockedClock(loop, clock.graceMillis()));
        }
        now = clock.now();
        double end = now + CLOCK_RESOLUTION;
        while (!timers.isEmpty()) {
            TimerHandle h = timers.peek();
            if (h.cancelled) {
                timers.poll();
                cancelledTimers--;
                continue;
            }
            if (h.when() >= end) {
                break;
            }
            timers.poll();
            h.scheduled = false;
            ready.add(h);
        }
        if (schedule != null && ready.size() > 1) {
            schedule.permuteTasks(ready);
            schedule.throwIfDiverged();
        }
        for (int n = ready.size(); n > 0; n--) {
            Handle h = ready.poll();
            if (h.cancelled) {
                continue;
            }
            runHandle(h);
        }
    }

    /** Runs one handle: the loop's unit of work, which the watchdog times and debug mode measures. */
    void runHandle(Handle h) {
        BEAT.setRelease(this, ++beats);
        // Timed only if debug was on when the handle started: a callback may switch debug on.
        boolean timed = loop.debug;
        long t0 = 0;
        Flight.SlowCallback flight = null;
        if (timed | Flight.on) {
            t0 = System.nanoTime();
            loop.steppedTask = null;
            flight = Flight.on ? Flight.beginHandle() : null;
        }
        try {
            h.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            loop.callExceptionHandler(new ExceptionContext("Exception in callback " + h, e, null, h));
        }
        if (flight != null) {
            Flight.endHandle(flight, loop, h, loop.steppedTask);
        }
        if (timed) {
            double dt = (System.nanoTime() - t0) / 1e9;
            if (dt >= loop.getSlowCallbackDuration()) {
                loop.slowCallbacks++;
                loop.warn(LoopReports.slowCallback(h, dt, loop.steppedTask));
            }
        }
    }

    /** The loop is between handles: tells the watchdog, and reports a recovery it is owed. */
    void idle() {
        BEAT.setRelease(this, 0L);
        Watchdog.Stuck s = loop.stuck;
        if (s != null) {
            loop.stuck = null;
            Watchdog.recovered(loop, s);
        }
    }

    private void select(long timeoutMs) {
        try {
            int n;
            if (timeoutMs == 0) {
                n = selector.selectNow();
            } else if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("weft: the thread running " + loop + " was interrupted while "
                        + "the loop waited; the loop stops (its interrupt status is kept). Use stop() to end a loop");
            } else if (timeoutMs < 0) {
                n = selector.select();
            } else {
                n = selector.select(timeoutMs);
            }
            if (n > 0) {
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (k.attachment() instanceof Runnable r) {
                        ready.add(new Handle(loop, r));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("weft: the selector of " + loop + " failed", e);
        }
    }

    /** What may still arrive from other threads (asked by the virtual clock when nothing is ready). */
    private Clock.Outside outsideWork() {
        if (loop.inflight > 0 || !entries.isEmpty()) {
            return Clock.Outside.WORK;
        }
        if (loop.backend == TaskBackend.LOOP) {
            for (Task<?> t : loop.tasks) {
                if (t.started() && !t.runner.parked) {
                    return Clock.Outside.BLOCKED_TASKS; // blocked in a JDK call: woken from another thread
                }
            }
        }
        return io.watching() ? Clock.Outside.IO_WAIT : Clock.Outside.NONE;
    }

    private void purgeCancelledTimers() {
        if (cancelledTimers > 64 && cancelledTimers > timers.size() / 2) {
            timers.removeIf(h -> {
                if (h.cancelled) {
                    h.scheduled = false;
                    return true;
                }
                return false;
            });
            cancelledTimers = 0;
        }
        while (!timers.isEmpty() && timers.peek().cancelled) {
            timers.poll().scheduled = false;
            cancelledTimers--;
        }
    }

    void timerCancelled() {
        cancelledTimers++;
    }

    void wakeup() {
        if (Thread.currentThread() != loop.owner && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }
}
