package dev.weft.aio;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Static entry points for code running inside a task, like the functions of Python's
 * {@code asyncio} module.
 *
 * {@snippet :
 * EventLoop.run(() -> {
 *     for (int i = 3; i > 0; i--) {
 *         System.out.println(i);
 *         Aio.sleep(1); // other tasks run meanwhile
 *     }
 *     return null;
 * });
 * }
 *
 * <p>Python: {@code asyncio.sleep}, {@code asyncio.ensure_future}; the combinators ({@code gather},
 * {@code wait}, {@code timeout}, ...) live beside them.
 */
public final class Aio {
    private Aio() {
    }

    /**
     * Suspends the current task for {@code seconds} of loop time; {@code sleep(0)} (or less) just
     * lets every other ready callback and task run once.
     *
     * @suspends the current task
     * @cancellation raises {@link CancelledError}; the timer is cancelled
     * @thread a task
     */
    public static void sleep(double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("sleep: the delay is NaN");
        }
        EventLoop running = EventLoop.RUNNING.get();
        Task<?> t = Task.currentForAwait(running, "Aio.sleep(" + seconds + ")");
        if (seconds <= 0) {
            t.yieldNow();
            return;
        }
        EventLoop loop = t.loop;
        Future<Void> f = loop.createFuture();
        TimerHandle h = loop.callLater(seconds, () -> {
            if (!f.done()) {
                f.completeResult(null);
            }
        });
        try {
            t.suspendOn(f);
            f.result();
        } finally {
            h.cancel();
        }
    }

    /**
     * Suspends the current task for {@code d} of loop time.
     *
     * @suspends the current task
     * @cancellation raises {@link CancelledError}; the timer is cancelled
     * @thread a task
     * @see #sleep(double)
     */
    public static void sleep(Duration d) {
        sleep(d.toNanos() / 1e9);
    }

    /**
     * Returns {@code f} itself.
     *
     * @thread any
     */
    public static <T> Future<T> ensureFuture(Future<T> f) {
        return Objects.requireNonNull(f, "f");
    }

    /**
     * Wraps {@code coro} in a task of the running loop.
     *
     * @thread the loop's thread or one of its tasks
     */
    public static <T> Task<T> ensureFuture(Callable<T> coro) {
        return EventLoop.current().createTask(coro);
    }

    /**
     * Wraps a {@link CompletableFuture} in a future of the running loop.
     *
     * @thread the loop's thread or one of its tasks
     */
    public static <T> Future<T> ensureFuture(CompletableFuture<T> cf) {
        return Future.wrap(cf, EventLoop.current());
    }
}
