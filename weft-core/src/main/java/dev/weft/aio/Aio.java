package dev.weft.aio;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
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
        EventLoop running = EventLoop.running();
        Task<?> t = Task.currentForAwait(running, "Aio.sleep(" + seconds + ")");
        if (seconds <= 0) {
            t.yieldNow();
            return;
        }
        EventLoop loop = t.loop;
        Future<Void> f = loop.createFuture();
        if (seconds == Double.POSITIVE_INFINITY) {
            t.suspendOn(f); // no timer: even a virtual clock must not jump to infinity
            f.result();
            return;
        }
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

    /**
     * Runs {@code coro} as a new task of the running loop; see {@link EventLoop#createTask(Callable)}.
     *
     * <p>Python: {@code asyncio.create_task(coro)}.
     *
     * @thread the loop's thread or one of its tasks
     */
    public static <T> Task<T> createTask(Callable<T> coro) {
        return EventLoop.current().createTask(coro);
    }

    /**
     * Runs {@code coro} as a new task named {@code name} of the running loop; see
     * {@link EventLoop#createTask(Callable, String)}.
     *
     * <p>Python: {@code asyncio.create_task(coro, name=name)}.
     *
     * @thread the loop's thread or one of its tasks
     */
    public static <T> Task<T> createTask(Callable<T> coro, String name) {
        return EventLoop.current().createTask(coro, name);
    }

    // ---- Combinators: gather, wait, asCompleted, waitFor, timeout, shield (implemented in Combinators) ----

    /**
     * Returns a future of the results of {@code futures}, in argument order, once all are done.
     *
     * <p>Python: {@code asyncio.gather(*aws)}. If a future fails (or is cancelled), the returned
     * future fails at once with that exception (or {@link CancelledError}); the others keep
     * running. Cancelling the returned future cancels every future given to it.
     *
     * {@snippet :
     * List<Integer> sums = Aio.gather(loop.createTask(() -> sum(1, 2)), loop.createTask(() -> sum(3, 4))).await();
     * }
     *
     * @thread the loop's thread (the futures' loop)
     */
    @SafeVarargs
    public static <T> Future<List<T>> gather(Future<? extends T>... futures) {
        return gather(List.of(futures));
    }

    /**
     * Returns a future of the results of {@code futures}, in order, once all are done; see
     * {@link #gather(Future...)}.
     *
     * @thread the loop's thread
     */
    public static <T> Future<List<T>> gather(List<? extends Future<? extends T>> futures) {
        return Combinators.gather(loopOf(futures), futures, false);
    }

    /**
     * Returns a future of the outcomes of {@code futures}, in order; with {@code returnExceptions}
     * a failure is not raised but takes its future's place in the list (a cancelled future's
     * place holds its {@link CancelledError}).
     *
     * <p>Python: {@code asyncio.gather(*aws, return_exceptions=True)}.
     *
     * @thread the loop's thread
     */
    public static Future<List<Object>> gather(List<? extends Future<?>> futures, boolean returnExceptions) {
        return Combinators.gather(loopOf(futures), futures, returnExceptions);
    }

    /**
     * Runs each of {@code coros} as a task of the running loop and gathers their results; see
     * {@link #gather(Future...)}.
     *
     * @thread inside a task, or on the loop's thread
     */
    @SafeVarargs
    public static <T> Future<List<T>> gather(Callable<? extends T>... coros) {
        EventLoop loop = EventLoop.current();
        return Combinators.<T>gather(loop, Combinators.<T>tasks(loop, List.of(coros)), false);
    }

    private static EventLoop loopOf(List<? extends Future<?>> futures) {
        return futures.isEmpty() ? EventLoop.current() : futures.get(0).loop();
    }

    /**
     * Waits until every one of {@code futures} is done: {@code wait(futures, ALL_COMPLETED, infinity)}.
     *
     * @suspends until all are done. @cancellation the futures are not cancelled. @thread a task
     */
    public static <F extends Future<?>> WaitResult<F> wait(Collection<F> futures) {
        return Combinators.wait(futures, ReturnWhen.ALL_COMPLETED, Double.POSITIVE_INFINITY);
    }

    /**
     * Waits until {@code returnWhen} is met; see {@link #wait(Collection, ReturnWhen, double)}.
     *
     * @suspends until the condition holds. @cancellation the futures are not cancelled. @thread a task
     */
    public static <F extends Future<?>> WaitResult<F> wait(Collection<F> futures, ReturnWhen returnWhen) {
        return Combinators.wait(futures, returnWhen, Double.POSITIVE_INFINITY);
    }

    /**
     * Waits until {@code returnWhen} is met or {@code timeoutSeconds} pass, and returns the done
     * and the pending futures. Never raises on timeout and never cancels the futures.
     *
     * <p>Python: {@code asyncio.wait(aws, timeout=..., return_when=...)}; the sets keep argument order.
     *
     * {@snippet :
     * WaitResult<Task<String>> r = Aio.wait(tasks, ReturnWhen.FIRST_COMPLETED, 5);
     * r.pending().forEach(Task::cancel);
     * }
     *
     * @suspends until the condition holds or the timeout passes ({@code Double.POSITIVE_INFINITY}: none)
     * @cancellation the futures are not cancelled
     * @thread a task
     * @throws IllegalArgumentException if {@code futures} is empty
     */
    public static <F extends Future<?>> WaitResult<F> wait(Collection<F> futures, ReturnWhen returnWhen,
            double timeoutSeconds) {
        return Combinators.wait(futures, returnWhen, timeoutSeconds);
    }

    /**
     * Yields {@code futures} in the order they complete; each step of the iteration suspends
     * until the next one is done.
     *
     * <p>Python: {@code asyncio.as_completed(aws)}; {@code async for} becomes a plain for-each:
     * {@snippet :
     * for (Task<String> t : Aio.asCompleted(tasks)) {
     *     System.out.println(t.result());   // already done: never suspends
     * }
     * }
     *
     * @thread a task (iterate inside it)
     */
    public static <F extends Future<?>> Iterable<F> asCompleted(Collection<F> futures) {
        return new AsCompleted<>(loopOf(List.copyOf(futures)), futures, Double.POSITIVE_INFINITY);
    }

    /**
     * Yields {@code futures} in completion order; once {@code timeoutSeconds} (counted from this
     * call) have passed, the next step that would suspend throws {@link TimeoutError}.
     *
     * @thread a task (iterate inside it)
     */
    public static <F extends Future<?>> Iterable<F> asCompleted(Collection<F> futures, double timeoutSeconds) {
        return new AsCompleted<>(loopOf(List.copyOf(futures)), futures, timeoutSeconds);
    }

    /**
     * Awaits {@code f} for at most {@code timeoutSeconds}; on timeout cancels it, waits until it
     * has ended, and throws {@link TimeoutError}.
     *
     * <p>Python: {@code asyncio.wait_for(aw, timeout)}.
     *
     * @suspends until {@code f} is done or the timeout passes
     * @cancellation cancelling the caller cancels {@code f}
     * @thread a task
     * @throws TimeoutError if the timeout passed first (its cause is the {@link CancelledError})
     */
    public static <T> T waitFor(Future<T> f, double timeoutSeconds) {
        return Combinators.waitFor(f, timeoutSeconds);
    }

    /**
     * Runs {@code coro} as a task and awaits it for at most {@code timeoutSeconds}; see
     * {@link #waitFor(Future, double)}.
     */
    public static <T> T waitFor(Callable<T> coro, double timeoutSeconds) {
        return Combinators.waitFor(EventLoop.current().createTask(coro), timeoutSeconds);
    }

    /**
     * Runs {@code block} in the current task under a deadline {@code delaySeconds} from now; when
     * it passes, the block is cancelled and this method throws {@link TimeoutError}.
     *
     * <p>Python: {@code async with asyncio.timeout(delay) as scope:}. The block is a lambda, not
     * a try-with-resources, because the scope must replace the block's {@link CancelledError} by a
     * {@link TimeoutError}, which a {@code close()} cannot do; see {@link Timeout}.
     *
     * {@snippet :
     * String page = Aio.timeout(10, scope -> fetch(url));
     * }
     *
     * @suspends as the block does
     * @cancellation an outside cancellation stays a {@link CancelledError}; only the scope's own
     *     expiry becomes a {@link TimeoutError}
     * @thread a task
     */
    public static <T> T timeout(double delaySeconds, Timeout.Block<T> block) {
        double now = EventLoop.current().time();
        return Timeout.run(delaySeconds == Double.POSITIVE_INFINITY ? delaySeconds : now + delaySeconds, block);
    }

    /** Runs {@code block} under a deadline {@code delay} from now ({@code null}: none); see {@link #timeout(double, Timeout.Block)}. */
    public static <T> T timeout(Duration delay, Timeout.Block<T> block) {
        return timeout(delay == null ? Double.POSITIVE_INFINITY : delay.toNanos() / 1e9, block);
    }

    /**
     * Runs {@code block} under a deadline {@code delaySeconds} from now and returns its value, or
     * {@code null} if the deadline passed (the block is cancelled, as with
     * {@link #timeout(double, Timeout.Block)}).
     *
     * <p>Python has no such function; kotlinx.coroutines calls it {@code withTimeoutOrNull}. Only
     * this scope's own expiry becomes {@code null}: an inner scope's {@link TimeoutError} and an
     * outside cancellation propagate. A block whose value is {@code null} cannot be told from a
     * timeout; use {@link #timeout(double, Timeout.Block)} and catch {@link TimeoutError} then.
     *
     * {@snippet :
     * String page = Aio.timeoutOrNull(5, scope -> fetch(url));
     * if (page == null) {
     *     page = cached(url);
     * }
     * }
     *
     * @suspends as the block does
     * @cancellation as {@link #timeout(double, Timeout.Block)}
     * @thread a task
     */
    public static <T> T timeoutOrNull(double delaySeconds, Timeout.Block<T> block) {
        double now = EventLoop.current().time();
        return Timeout.runOrNull(delaySeconds == Double.POSITIVE_INFINITY ? delaySeconds : now + delaySeconds, block);
    }

    /**
     * Runs {@code block} under a deadline at loop time {@code when} ({@link EventLoop#time()});
     * see {@link #timeout(double, Timeout.Block)}.
     *
     * <p>Python: {@code asyncio.timeout_at(when)}.
     */
    public static <T> T timeoutAt(double when, Timeout.Block<T> block) {
        return Timeout.run(when, block);
    }

    /**
     * Returns a future that follows {@code f} but whose cancellation does not cancel {@code f}.
     *
     * <p>Python: {@code asyncio.shield(aw)}. Cancelling the task that awaits the returned future
     * still raises {@link CancelledError} in that task; {@code f} runs on.
     *
     * @thread the loop's thread
     */
    public static <T> Future<T> shield(Future<T> f) {
        return Combinators.shield(f);
    }

    /** Runs {@code coro} as a task and shields it; see {@link #shield(Future)}. */
    public static <T> Future<T> shield(Callable<T> coro) {
        return Combinators.shield(EventLoop.current().createTask(coro));
    }

    // ---- Files: blocking file calls run on toThread (where asyncio users reach for aiofiles) ----
    //
    // The JDK cannot park a task in file I/O, even on a loop-scheduled virtual thread: the read or
    // write would hold the loop's thread (and the watchdog would say so). Each helper runs the
    // java.nio.file.Files call on the loop's toThread pool and awaits it.

    /**
     * Reads a whole file as UTF-8 text, off the loop's thread.
     *
     * @throws IOException as {@link Files#readString(Path)} does (the same exception object)
     * @suspends the current task until the read is done
     * @cancellation the task gets {@link CancelledError} at once; the read runs on to its end on
     *     the pool thread and its result is dropped
     * @thread a task
     */
    public static String readString(Path path) throws IOException {
        return readString(path, StandardCharsets.UTF_8);
    }

    /**
     * Reads a whole file as text in {@code charset}, off the loop's thread.
     *
     * @throws IOException as {@link Files#readString(Path, Charset)} does
     * @suspends the current task until the read is done
     * @cancellation as {@link #readString(Path)}
     * @thread a task
     */
    public static String readString(Path path, Charset charset) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(charset, "charset");
        return offLoop(() -> Files.readString(path, charset));
    }

    /**
     * Reads a whole file's bytes, off the loop's thread.
     *
     * @throws IOException as {@link Files#readAllBytes(Path)} does
     * @suspends the current task until the read is done
     * @cancellation as {@link #readString(Path)}
     * @thread a task
     */
    public static byte[] readAllBytes(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        return offLoop(() -> Files.readAllBytes(path));
    }

    /**
     * Reads a whole file's lines as UTF-8, off the loop's thread.
     *
     * @throws IOException as {@link Files#readAllLines(Path)} does
     * @suspends the current task until the read is done
     * @cancellation as {@link #readString(Path)}
     * @thread a task
     */
    public static List<String> readAllLines(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        return offLoop(() -> Files.readAllLines(path));
    }

    /**
     * Writes text as UTF-8, off the loop's thread; options as {@link Files#writeString} (default:
     * create, truncate, write).
     *
     * @return {@code path}
     * @throws IOException as {@link Files#writeString(Path, CharSequence, OpenOption...)} does
     * @suspends the current task until the write is done
     * @cancellation the task gets {@link CancelledError} at once, but the write is not stopped: it
     *     runs on to its end on the pool thread, so the file may still change afterwards
     * @thread a task
     */
    public static Path writeString(Path path, CharSequence text, OpenOption... options) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(text, "text");
        String copy = text.toString(); // the caller may change a StringBuilder while the pool writes
        return offLoop(() -> Files.writeString(path, copy, options.clone()));
    }

    /**
     * Writes bytes, off the loop's thread; options as {@link Files#write(Path, byte[], OpenOption...)}.
     *
     * @return {@code path}
     * @throws IOException as {@link Files#write(Path, byte[], OpenOption...)} does
     * @suspends the current task until the write is done
     * @cancellation as {@link #writeString}: the write is not stopped
     * @thread a task
     */
    public static Path write(Path path, byte[] bytes, OpenOption... options) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(bytes, "bytes");
        byte[] copy = bytes.clone(); // the caller may reuse its buffer while the pool writes
        return offLoop(() -> Files.write(path, copy, options.clone()));
    }

    /** Runs a blocking file call on the current loop's toThread pool and awaits it. */
    private static <T> T offLoop(Callable<T> call) throws IOException {
        return EventLoop.current().toThread(call).await();
    }
}
