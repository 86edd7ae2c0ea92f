package dev.weft.green;

import dev.weft.aio.Aio;
import dev.weft.aio.CancelledError;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Task;
import dev.weft.aio.TimeoutError;
import dev.weft.internal.strand.Strand;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.Callable;

/**
 * The one place where a gevent-style call waits: inside a task of the hub it waits in that task;
 * outside any task (a plain {@code main}) it runs the hub until the wait is over.
 */
/* Implementation notes
 *
 * gevent's main greenlet "blocks" by switching to the hub, which runs every other greenlet until
 * the awaited thing happens and then switches back. weft's equivalent is runUntilComplete on the
 * thread's loop with the wait as a small task ("hub wait: <what>"): the loop runs the spawned
 * tasks, timers and I/O until that task ends, then stops and control returns to main. Inside a
 * task the same wait is just a suspension of that task. Every public waiting method of the green
 * layer (Gevent.sleep, joinAll, iwait, GreenTask.get/join, Group.join, Pool.spawn when full,
 * Timeout.run) goes through block(), so the rule "main runs the hub, a task suspends" lives here
 * once. A callback of a running hub, or a foreign thread, cannot wait: gevent calls this
 * BlockingSwitchOutError, weft says what to do instead.
 */
final class Hub {

    private Hub() {
    }

    /** The calling thread's hub: the running loop inside a task, else the thread's event loop. */
    static EventLoop current() {
        return EventLoop.getEventLoop();
    }

    /** Whether the caller is a task of {@code loop} (so it may suspend there). */
    static boolean inTaskOf(EventLoop loop) {
        if (!loop.isRunning()) {
            return false;
        }
        Task<?> t;
        try {
            t = Task.current();
        } catch (IllegalStateException notInTask) {
            return false; // a callback of the loop, or another thread: block() explains what to do
        }
        return t.loop() == loop;
    }

    /**
     * Runs {@code op}, which may suspend, as the caller's wait on {@code loop}: directly inside a
     * task of {@code loop}; from a thread where no loop runs, as a task while this thread runs
     * {@code loop} until it ends.
     *
     * @param what the operation, for messages and the helper task's name
     */
    static <T> T block(EventLoop loop, String what, Callable<T> op) {
        if (inTaskOf(loop)) {
            try {
                return op.call();
            } catch (Exception e) {
                throw Strand.sneakyThrow(e);
            }
        }
        if (loop.isRunning()) {
            throw new IllegalStateException("weft: " + what + " cannot wait on " + Thread.currentThread()
                    + ": the hub " + loop + " is running, and this is not one of its tasks but a callback of it "
                    + "(or another thread). A callback must not block the hub (gevent: BlockingSwitchOutError); "
                    + "spawn a green task to do the waiting, use link(...) to be told, or from another thread "
                    + "use loop.runCoroutineThreadsafe(...)");
        }
        return loop.runUntilComplete(loop.createTask(op, "hub wait: " + what));
    }

    /**
     * Runs {@code op} (inside a task) until loop time {@code deadline}; if the deadline passes
     * first, {@code op} is cancelled and the result is {@code onExpiry}'s. Only this scope's own
     * expiry counts: an outer scope's, or an inner asyncio-style scope's, passes through.
     * {@code op} must be safe to cancel (a primitive's wait, a block of the user's), not an await
     * of a task that should live on (cancelling the awaiter cancels the awaited task).
     */
    static <T> T within(double deadline, Callable<T> op, Callable<T> onExpiry) throws Exception {
        if (deadline == Double.POSITIVE_INFINITY) {
            return op.call();
        }
        dev.weft.aio.Timeout[] mine = new dev.weft.aio.Timeout[1];
        try {
            return Aio.timeoutAt(deadline, scope -> {
                mine[0] = scope;
                return op.call();
            });
        } catch (TimeoutError e) {
            if (mine[0] == null || !mine[0].expired()) {
                throw e;
            }
            return onExpiry.call();
        } catch (CancelledError e) {
            throw e; // an outer scope's, or a kill
        } catch (Exception | Error e) {
            if (mine[0] == null || !mine[0].expired() || !endedByInterrupt(e)) {
                throw e;
            }
            // Loop-scheduled backend: the expiry interrupted a blocking JDK call, which threw its own
            // exception (SocketException "Closed by interrupt", InterruptedException, ...) instead of
            // a CancelledError. It is still our expiry; clear the interrupt so later calls work.
            Thread.interrupted();
            return onExpiry.call();
        }
    }

    private static boolean endedByInterrupt(Throwable e) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        int depth = 0;
        for (Throwable x = e; x != null && depth < 32; x = x.getCause(), depth++) {
            if (x instanceof InterruptedException || x instanceof InterruptedIOException
                    || x instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** The loop time {@code seconds} from now on {@code loop}; infinity for none, a negative delay counts as 0. */
    static double deadline(EventLoop loop, double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("weft: a timeout of NaN seconds; pass a number of seconds, "
                    + "or Gevent.FOREVER for no timeout");
        }
        return seconds == Double.POSITIVE_INFINITY ? seconds : loop.time() + Math.max(0, seconds);
    }
}
