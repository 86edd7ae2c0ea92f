package dev.weft.aio;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * How a loop starts and ends: {@code EventLoop.run} (run the main task, cancel what is left, wait
 * for it within a bound, close) and {@code close()} (report, end every pending task with a bounded
 * unwinding, report the ones that refused, release the loop).
 */
/* Implementation notes
 *
 * Closing always finishes. Three bounds make sure of it:
 *   1. EventLoop.run waits for the leftovers it cancelled at most shutdownTimeout seconds of loop
 *      time (5 s; instant on a virtual clock), then closes anyway. asyncio.run waits without a
 *      bound; a task that swallows its cancellation and waits again would keep run() from ever
 *      returning, so weft bounds the wait and reports the tasks that outlived it.
 *   2. A task abandoned by close() gets CancelledError at its next MAX_ABANDONED_DELIVERIES (100)
 *      suspension points (Task.deliverCancel), then Abandoned (an Error its catch (CancelledError)
 *      lets through) at the next 100, and after that its suspension points really suspend.
 *      Without this, `while (true) { try { Aio.sleep(1); } catch (CancelledError e) { } }` spins
 *      inside one step for ever: Aio.sleep rethrows at once without suspending (issue 11 §2).
 *      Such a task is ended by Abandoned (and reported); only one that catches every Throwable
 *      and waits again is left suspended.
 *   3. The unwinding runs at most UNWIND_ROUNDS rounds of ready handles, and stops early as soon
 *      as nothing is ready.
 * A task still pending after that refused to end: it is reported by name and abandoned, and the
 * closed loop forgets it (allTasks() is empty afterwards). It holds no platform thread: a
 * continuation holds no thread at all; a loop-scheduled task's or hand-off strand's virtual
 * thread stays parked for good (the JDK tracks every virtual thread, and the hand-off thread's
 * own stack reaches its strand handle, so the strand Cleaner cannot end it): memory, not a
 * thread, and only for a task that catches Throwable and waits again, which the report names.
 *
 * The entry queue is closed before the unwinding, so every thread-safe call it accepted is run
 * by the unwinding (see EntryQueue). Tasks created while closing (by such a call) are abandoned
 * at once: their bodies never run and they end cancelled, which completes the CompletableFuture
 * of runCoroutineThreadsafe.
 */
final class LoopRunner {
    /** At most this many rounds of ready handles while a closing loop unwinds its tasks. */
    static final int UNWIND_ROUNDS = 100;
    /** How long EventLoop.run waits, by default, for the leftovers it cancelled (seconds of loop time). */
    static final double SHUTDOWN_TIMEOUT = 5.0;

    private static final System.Logger LOG = System.getLogger("dev.weft.aio");

    /**
     * Ends a task that swallowed every CancelledError the closing loop delivered: an Error, not a
     * CancelledError, so that the {@code catch (CancelledError e)} that swallowed them lets it
     * through; the task then ends cancelled, its finally blocks run, and its thread ends.
     */
    static final class Abandoned extends Error {
        Abandoned(Task<?> t) {
            super("weft: the closing event loop ended " + t.name() + ", which swallowed "
                    + Task.MAX_ABANDONED_DELIVERIES + " CancelledErrors in a row; let CancelledError propagate",
                    null, false, false);
        }
    }

    private LoopRunner() {
    }

    /** EventLoop.run: main as a task on a new loop, then the leftovers cancelled, then close. */
    static <T> T run(Callable<T> main, Clock clock, TaskBackend backend) {
        Objects.requireNonNull(clock, "clock");
        checkNotInLoop();
        return run(main, EventLoop.create(clock, backend));
    }

    /** EventLoop.run on a loop made for it (EventLoopBuilder.run). */
    static <T> T run(Callable<T> main, EventLoop loop) {
        Objects.requireNonNull(main, "main");
        checkNotInLoop();
        loop.leftoversHandled = true;
        try {
            return loop.runUntilComplete(main);
        } finally {
            try {
                cancelLeftovers(loop);
            } finally {
                loop.close();
            }
        }
    }

    static void checkNotInLoop() {
        EventLoop other = EventLoop.running();
        if (other != null && other.isRunning()) {
            throw new IllegalStateException("EventLoop.run() cannot be called from a running event loop ("
                    + other + "): await a task instead, or start the new loop on another thread");
        }
    }

    /**
     * Cancels every pending task and runs the loop until they have all ended, or until the loop's
     * shutdown timeout; reports the ones that failed with something else than cancellation.
     */
    static void cancelLeftovers(EventLoop loop) {
        List<Task<?>> pending = new ArrayList<>(loop.tasks);
        if (pending.isEmpty()) {
            return;
        }
        for (Task<?> t : pending) {
            t.cancel();
        }
        Future<Void> all = loop.createFuture();
        int[] left = {pending.size()};
        for (Task<?> t : pending) {
            t.addDoneCallback(x -> {
                if (--left[0] == 0 && !all.done()) {
                    all.setResult(null);
                }
            });
        }
        TimerHandle deadline = loop.callLater(loop.shutdownTimeout(), () -> {
            if (!all.done()) {
                all.setResult(null);
            }
        });
        try {
            loop.runUntilComplete(all);
        } finally {
            deadline.cancel();
        }
        for (Task<?> t : pending) {
            if (t.done() && !t.cancelled() && t.exception() != null) {
                loop.callExceptionHandler(new ExceptionContext(
                        "unhandled exception during EventLoop.run() shutdown", t.exception(), t, null));
            }
        }
    }

    /**
     * Counts a CancelledError about to be delivered to a task the closing loop abandoned (the loop
     * counts, so that tasks carry no field for it). Past MAX_ABANDONED_DELIVERIES it throws
     * Abandoned instead, as many times again; past that it returns true: deliver nothing.
     */
    static boolean refusedTooOften(Task<?> t) {
        EventLoop loop = t.loop;
        if (loop.abandonedDeliveries == null) {
            loop.abandonedDeliveries = new IdentityHashMap<>();
        }
        int n = loop.abandonedDeliveries.merge(t, 1, Integer::sum);
        if (n <= Task.MAX_ABANDONED_DELIVERIES) {
            return false;
        }
        if (n <= 2 * Task.MAX_ABANDONED_DELIVERIES) {
            throw new Abandoned(t); // an Error its catch (CancelledError) lets through
        }
        return true;
    }

    private static int deliveries(EventLoop loop, Task<?> t) {
        return loop.abandonedDeliveries == null ? 0 : loop.abandonedDeliveries.getOrDefault(t, 0);
    }

    /** EventLoop.close() on a loop that is neither running nor closed. */
    static void close(EventLoop loop) {
        String dump = loop.debug && !loop.tasks.isEmpty() ? "\n" + loop.dumpTasks() : "";
        for (Task<?> t : new ArrayList<>(loop.tasks)) {
            loop.callExceptionHandler(loop.leftoversHandled
                    ? LoopReports.outlivedRun(t, loop.shutdownTimeout(), dump)
                    : LoopReports.destroyedPending(t, dump));
            dump = "";
        }
        loop.core.entries.close();
        List<Task<?>> unwound = new ArrayList<>(loop.tasks);
        boolean ran = true;
        if (!loop.tasks.isEmpty() || !loop.core.entries.isEmpty()) {
            ran = unwind(loop);
        }
        for (Task<?> t : unwound) {
            if (t.done() && deliveries(loop, t) > Task.MAX_ABANDONED_DELIVERIES) {
                loop.callExceptionHandler(LoopReports.refusedToEnd(t, true));
            }
        }
        for (Task<?> t : new ArrayList<>(loop.tasks)) {
            loop.callExceptionHandler(LoopReports.refusedToEnd(t, false));
            loop.taskEnded(t);
        }
        if (!ran) {
            // the unwinding could not run here: say what will never run. (After an unwinding,
            // what is left in the queue is internal: wakeups of the tasks just reported.)
            List<Handle> neverRan = new ArrayList<>();
            loop.core.entries.drainTo(neverRan);
            for (Handle h : neverRan) {
                if (!(h instanceof TaskSteps.StepHandle)) {
                    loop.callExceptionHandler(LoopReports.entryNeverRan(loop, h));
                }
            }
        }
        for (Future.Unretrieved u : new ArrayList<>(loop.unretrieved)) {
            loop.reportUnretrieved(u);
        }
        loop.markClosed();
    }

    /**
     * Ends the tasks still pending at close, as CPython closes the coroutine of a destroyed task:
     * each gets a CancelledError at its suspension points (bounded, see the notes), its finally
     * blocks run, and its thread ends instead of staying parked for ever. Timers are dropped; the
     * accepted thread-safe calls and what the unwinding schedules run, for a bounded number of
     * rounds. A close() called on a virtual thread cannot run loop-scheduled tasks: it leaves them
     * (and they are reported). Returns whether it ran.
     */
    private static boolean unwind(EventLoop loop) {
        Thread me = Thread.currentThread();
        if (loop.backend == TaskBackend.LOOP && me.isVirtual()) {
            return false;
        }
        EventLoop prev = EventLoop.RUNNING.get();
        loop.owner = me;
        loop.closing = true;
        EventLoop.RUNNING.set(loop);
        Watchdog.watch(loop); // a finally block stuck in a blocking call would stall close()
        try {
            loop.core.timers.clear();
            loop.core.entries.drainTo(loop.core.ready);
            for (Task<?> t : new ArrayList<>(loop.tasks)) {
                t.abandon();
            }
            for (int round = 0; round < UNWIND_ROUNDS; round++) {
                loop.core.entries.drainTo(loop.core.ready);
                if (loop.core.ready.isEmpty()) {
                    break;
                }
                for (int n = loop.core.ready.size(); n > 0; n--) {
                    Handle h = loop.core.ready.poll();
                    if (!h.cancelled) {
                        loop.core.runHandle(h);
                    }
                }
            }
        } finally {
            Watchdog.unwatch(loop);
            loop.owner = null;
            loop.stepThread = null;
            loop.currentTask = null;
            loop.core.idle();
            if (prev == null) {
                EventLoop.RUNNING.remove();
            } else {
                EventLoop.RUNNING.set(prev);
            }
        }
        return true;
    }

    /** Closes a selector, logging (not throwing) a failure: the loop is closed either way. */
    static void closeQuietly(java.nio.channels.Selector selector, EventLoop loop) {
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "weft: closing the selector of " + loop + " failed", e);
        }
    }
}
