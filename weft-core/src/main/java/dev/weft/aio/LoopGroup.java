package dev.weft.aio;

import dev.weft.internal.strand.Strand;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Several event loops in one JVM, each on its own platform thread with its own clock: a loop per
 * core, with placement of new work by policy or by key, and awaitable hand-over between loops.
 *
 * <pre>
 *   RUNNING -> CLOSED   // close() / shutdown(): resources registered with closeFirst close (servers
 *                       // stop accepting), every loop cancels what is left and waits (bounded),
 *                       // refusals are reported, every loop thread is joined
 * </pre>
 *
 * {@snippet :
 * int total = LoopGroup.run(4, () -> {
 *     LoopGroup group = LoopGroup.current();
 *     List<Future<Integer>> parts = new ArrayList<>();
 *     for (int i = 0; i < 8; i++) {
 *         int n = i;
 *         parts.add(group.submit(() -> n * n)); // runs on another loop, awaited on this one
 *     }
 *     int sum = 0;
 *     for (Future<Integer> f : parts) {
 *         sum += f.await();
 *     }
 *     return sum;                               // 140
 * });
 * }
 *
 * <p>Placement: {@link #submit(Callable)} follows the group's {@link Placement} (round robin, or
 * the loop with the least work the group placed there and that has not finished);
 * {@link #submit(Object, Callable)} sends the same key to the same loop every time, so state keyed
 * that way is touched by one thread only and needs no lock; {@link #submitTo} names the loop.
 *
 * <p>Python: none in asyncio, whose answer to many cores is one process per core (multiprocessing
 * plus SO_REUSEPORT); a group is that, in one JVM, with futures that cross loops. Each loop is an
 * ordinary {@link EventLoop}: one thread, nothing of it touched from another thread except its
 * {@code ...Threadsafe} entry points, which is all the group uses.
 */
/* Implementation notes
 *
 * Each member thread runs EventLoop.run(keeper): the keeper task publishes the loop, then awaits a
 * `stop` future of that loop. Closing completes `stop` through callSoonThreadsafe, so the keeper
 * returns and EventLoop.run does what it always does after main: cancel the leftovers, wait for
 * them (bounded by the loop's shutdown timeout), close the loop, report the tasks that refused to
 * end. The group adds nothing to that rule; it only records the refusals its exception handler
 * sees and joins the threads (bounded too, so a thread stuck in a computation is reported, not
 * waited for: loop threads are daemons for that reason).
 *
 * Crossing loops is runCoroutineThreadsafe on the target (a task there; its CompletableFuture
 * always completes, even if the target closes first) wrapped by Future.wrap on the caller's loop
 * (the outcome comes back through the caller's entry queue; cancelling the wrapper cancels the
 * CompletableFuture, which cancels the remote task; a remote cancellation arrives as a
 * CancellationException whose cause is the CancelledError, and Future.wrap cancels the wrapper
 * with it). So the one hand-over rule lives in ThreadBridge and Future.wrap, not here.
 *
 * Load = work the group placed on a loop (submit, submitTo, spread connections) whose
 * CompletableFuture has not completed: an AtomicInteger per loop, readable from any thread. A
 * loop's own tasks are not counted: their count is loop-thread state.
 */
public final class LoopGroup implements AutoCloseable {
    /** How new work without a key picks its loop. */
    public enum Placement {
        /** Loop 0, 1, ..., n-1, 0, ...: even by count. */
        ROUND_ROBIN,
        /** The loop with the least unfinished work placed by the group; ties go round robin. */
        LEAST_LOADED
    }

    private static final Map<EventLoop, LoopGroup> GROUPS = new ConcurrentHashMap<>();
    private static final AtomicInteger IDS = new AtomicInteger();
    /** Real seconds on top of the loops' shutdown timeout before a loop thread counts as stuck. */
    private static final double JOIN_GRACE = 5.0;
    /** The start of the text of LoopReports.refusedToEnd (same package, kept in step by LoopGroupTest). */
    static final String REFUSED = "Task refused to end";

    private final int id = IDS.incrementAndGet();
    private final Member[] members;
    private final Placement placement;
    private final AtomicInteger next = new AtomicInteger();
    private final List<AutoCloseable> closeFirst = new CopyOnWriteArrayList<>();
    private final double shutdownTimeout;
    private volatile BiConsumer<EventLoop, ExceptionContext> exceptionHandler;
    private boolean closed;
    private Shutdown shutdown;

    private LoopGroup(int n, Placement placement, Supplier<Clock> clocks, double shutdownTimeout) {
        this.placement = Objects.requireNonNull(placement, "placement");
        this.shutdownTimeout = shutdownTimeout;
        this.members = new Member[n];
        for (int i = 0; i < n; i++) {
            members[i] = new Member(this, i, clocks.get());
        }
        try {
            for (Member m : members) {
                m.thread.start();
            }
            for (Member m : members) {
                m.awaitStarted();
            }
        } catch (RuntimeException | Error e) {
            shutdown();
            throw e;
        }
    }

    /**
     * Starts one loop per available processor, placing work round robin.
     *
     * @thread any thread
     */
    public static LoopGroup create() {
        return create(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Starts {@code n} loops, placing work round robin.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     * @thread any thread
     */
    public static LoopGroup create(int n) {
        return create(n, Placement.ROUND_ROBIN);
    }

    /**
     * Starts {@code n} loops, each on its own platform thread ({@code weft-loop-<group>-<i>}) with
     * its own real clock, placing work without a key by {@code placement}. Each loop's leftovers
     * get 5 s to end when the group closes.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     * @thread any thread
     */
    public static LoopGroup create(int n, Placement placement) {
        return create(n, placement, Clock::real, LoopRunner.SHUTDOWN_TIMEOUT);
    }

    /** create(n, placement) with a clock per loop and the leftovers' shutdown timeout (tests). */
    static LoopGroup create(int n, Placement placement, Supplier<Clock> clocks, double shutdownTimeout) {
        if (n < 1) {
            throw new IllegalArgumentException("LoopGroup.create: a group needs at least one loop, not " + n);
        }
        return new LoopGroup(n, placement, clocks, shutdownTimeout);
    }

    /**
     * Runs {@code main} as a task on loop 0 of a new group of one loop per available processor,
     * waits for it on the calling thread, closes the group (see {@link #close()}) and returns main's
     * result, or throws its exception.
     *
     * @thread any thread that is not a loop's
     */
    public static <T> T run(Callable<T> main) {
        return run(Runtime.getRuntime().availableProcessors(), main);
    }

    /**
     * Like {@link #run(Callable)}, with {@code n} loops.
     *
     * @thread any thread that is not a loop's
     */
    public static <T> T run(int n, Callable<T> main) {
        Objects.requireNonNull(main, "main");
        checkNotOnLoop("LoopGroup.run");
        try (LoopGroup group = create(n)) {
            return waitFor(group.members[0].loop.runCoroutineThreadsafe(main));
        }
    }

    private static <T> T waitFor(CompletableFuture<T> cf) {
        try {
            return cf.get();
        } catch (ExecutionException e) {
            throw Strand.sneakyThrow(e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
            throw e.getCause() instanceof CancelledError c ? c : new CancelledError(e.getMessage(), e);
        } catch (InterruptedException e) {
            cf.cancel(false);
            Thread.currentThread().interrupt();
            throw new CancelledError("LoopGroup.run: the waiting thread was interrupted; main is cancelled", e);
        }
    }

    /**
     * The group whose loop runs the calling task or callback.
     *
     * @throws IllegalStateException if the running loop belongs to no group (or none runs)
     * @thread a task or callback of a group's loop
     */
    public static LoopGroup current() {
        EventLoop loop = EventLoop.current();
        LoopGroup g = GROUPS.get(loop);
        if (g == null) {
            throw new IllegalStateException("LoopGroup.current(): " + loop + " belongs to no LoopGroup; "
                    + "run the code with LoopGroup.run(...) or submit it to a group's loop");
        }
        return g;
    }

    /** The number of loops. */
    public int size() {
        return members.length;
    }

    /** The group's loops, in index order. */
    public List<EventLoop> loops() {
        List<EventLoop> l = new ArrayList<>(members.length);
        for (Member m : members) {
            l.add(m.loop);
        }
        return Collections.unmodifiableList(l);
    }

    /** The placement policy of work without a key. */
    public Placement placement() {
        return placement;
    }

    /**
     * The unfinished work the group placed on {@code loop}: what {@link Placement#LEAST_LOADED}
     * compares.
     *
     * @thread any thread
     */
    public int load(EventLoop loop) {
        return member(loop).load.get();
    }

    /**
     * The loop of this group whose thread (or task) is the calling one, or null if the caller runs
     * on none of them.
     *
     * @thread any thread
     */
    public EventLoop loopOfCurrentThread() {
        EventLoop l = EventLoop.running();
        return l != null && l.isRunning() && GROUPS.get(l) == this ? l : null;
    }

    /**
     * Picks the loop for the next piece of work without a key, by the group's placement, and counts
     * nothing: the caller places the work itself (a server handing over a connection does).
     *
     * @thread any thread
     */
    public EventLoop next() {
        return pick().loop;
    }

    /**
     * The loop that every piece of work with this key goes to: the same loop for equal keys, for
     * the life of the group (a spread of {@code key.hashCode()}).
     *
     * @thread any thread
     */
    public EventLoop loopFor(Object key) {
        return forKey(key).loop;
    }

    /**
     * Runs {@code task} as a task on the loop the placement picks and returns a future of the
     * calling loop for its outcome: see {@link #submitTo}.
     *
     * @throws IllegalStateException if the group is closed, or the caller is not on a loop
     * @thread a task or callback of any loop (the returned future belongs to that loop)
     */
    public <T> Future<T> submit(Callable<T> task) {
        return placeOn(pick(), task);
    }

    /**
     * Runs {@code task} on the loop of {@code key} ({@link #loopFor}): work with equal keys always
     * runs on the same loop, one piece at a time when each is short, so per-key state needs no lock.
     *
     * @throws IllegalStateException if the group is closed, or the caller is not on a loop
     * @thread a task or callback of any loop (the returned future belongs to that loop)
     */
    public <T> Future<T> submit(Object key, Callable<T> task) {
        return placeOn(forKey(key), task);
    }

    /**
     * Runs {@code task} as a task of {@code loop} and returns a future of the calling loop for its
     * outcome: awaiting it suspends only the calling task. The result, or the exception the task
     * threw (the same object), crosses intact. Cancelling the returned future (or the task awaiting
     * it) cancels the remote task; a remote task that is cancelled there (its loop closed, or its
     * code cancelled it) cancels the returned future, so the awaiting task sees a
     * {@link CancelledError}. On the calling loop itself it is simply {@code createTask}.
     *
     * {@snippet :
     * EventLoop other = group.loops().get(1);
     * String where = group.submitTo(other, () -> Thread.currentThread().getName()).await();
     * }
     *
     * @throws IllegalArgumentException if {@code loop} is not one of this group's
     * @throws IllegalStateException if the group is closed, or the caller is not on a loop
     * @thread a task or callback of any loop (the returned future belongs to that loop)
     */
    public <T> Future<T> submitTo(EventLoop loop, Callable<T> task) {
        return placeOn(member(loop), task);
    }

    /**
     * Runs {@code task} on the loop the placement picks, submitted from any thread; the returned
     * {@link CompletableFuture} completes with its outcome and cancelling it cancels the task (as
     * {@link EventLoop#runCoroutineThreadsafe}).
     *
     * @throws IllegalStateException if the group is closed
     * @thread any thread
     */
    public <T> CompletableFuture<T> submitThreadsafe(Callable<T> task) {
        return remote(pick(), task);
    }

    private <T> Future<T> placeOn(Member m, Callable<T> task) {
        Objects.requireNonNull(task, "task");
        EventLoop here = EventLoop.current();
        if (here == m.loop) {
            checkOpen();
            Task<T> t = here.createTask(task);
            m.load.incrementAndGet();
            t.addDoneCallback(f -> m.load.decrementAndGet());
            return t;
        }
        return Future.wrap(remote(m, task), here);
    }

    private <T> CompletableFuture<T> remote(Member m, Callable<T> task) {
        Objects.requireNonNull(task, "task");
        checkOpen();
        m.load.incrementAndGet();
        CompletableFuture<T> inner;
        try {
            inner = m.loop.runCoroutineThreadsafe(task);
        } catch (RuntimeException | Error e) {
            m.load.decrementAndGet();
            throw e;
        }
        // the load falls before the caller can see the outcome (CompletableFuture runs dependents
        // in no promised order, so a second whenComplete could not promise it)
        CompletableFuture<T> out = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean r = super.cancel(mayInterruptIfRunning);
                inner.cancel(mayInterruptIfRunning);
                return r;
            }
        };
        inner.whenComplete((v, e) -> {
            m.load.decrementAndGet();
            if (e == null) {
                out.complete(v);
            } else {
                out.completeExceptionally(e);
            }
        });
        return out;
    }

    /**
     * Registers {@code resource} to be closed first when the group closes, before any loop cancels
     * its leftovers: a server spread over the group registers itself, so closing the group stops
     * accepting before it cancels the connections. Its {@code close()} is called from the closing
     * thread and must be thread-safe; a failure is reported through the exception handler.
     *
     * @throws IllegalStateException if the group is closed
     * @thread any thread
     */
    public void closeFirst(AutoCloseable resource) {
        Objects.requireNonNull(resource, "resource");
        synchronized (this) {
            checkOpen();
            closeFirst.add(resource);
        }
    }

    /**
     * Removes a resource registered with {@link #closeFirst} (it closed on its own).
     *
     * @thread any thread
     */
    public void forget(AutoCloseable resource) {
        closeFirst.remove(resource);
    }

    /**
     * Sets the handler for errors without a caller on every loop of the group (the handler learns
     * which loop); null restores each loop's default (logging).
     *
     * @thread any thread
     */
    public void setExceptionHandler(BiConsumer<EventLoop, ExceptionContext> handler) {
        this.exceptionHandler = handler;
    }

    /** Whether the group is closed (or closing). */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Closes the group and waits for it: see {@link #shutdown()}, whose report goes to the
     * exception handler as it happens. Closing twice does nothing.
     *
     * @throws IllegalStateException if called from one of the group's loops
     * @thread any thread that is not one of the group's loops
     */
    @Override
    public void close() {
        shutdown();
    }

    /**
     * Closes the group in order, from the calling thread: refuses new work; closes the resources
     * registered with {@link #closeFirst} (servers stop accepting); tells every loop to stop, and
     * each one, in parallel, cancels the tasks it still has, waits for them (at most 5 s of its
     * time), closes, and reports by name each task that refused to end; then joins every loop
     * thread, each at most 5 s beyond that. Returns what refused: tasks (by the loops' reports) and
     * loop threads still alive (stuck in a computation or a call that ignores interrupts; they are
     * daemons, so they do not hold the JVM). A second call returns the first report.
     *
     * @throws IllegalStateException if called from one of the group's loops (it would wait for itself)
     * @thread any thread that is not one of the group's loops
     */
    public Shutdown shutdown() {
        checkNotMine();
        synchronized (this) {
            if (closed) {
                while (shutdown == null) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("LoopGroup.shutdown: interrupted while another thread "
                                + "closes " + this, e);
                    }
                }
                return shutdown;
            }
            closed = true;
        }
        for (AutoCloseable r : closeFirst) {
            try {
                r.close();
            } catch (Exception | Error e) {
                report(members[0].loop, new ExceptionContext("LoopGroup.close: closing " + r + " failed; the group "
                        + "closes anyway", e, null, null));
            }
        }
        closeFirst.clear();
        for (Member m : members) {
            m.stop();
        }
        List<String> refused = new ArrayList<>();
        List<String> stuck = new ArrayList<>();
        for (Member m : members) {
            m.join(shutdownTimeout + JOIN_GRACE);
            refused.addAll(m.refused);
            if (m.thread.isAlive()) {
                stuck.add(m.thread.getName() + " (" + m.loop + ") did not end within " + (shutdownTimeout + JOIN_GRACE)
                        + " s: it is stuck inside one step; its stack: " + java.util.Arrays.toString(m.thread.getStackTrace()));
            }
        }
        Shutdown s = new Shutdown(List.copyOf(refused), List.copyOf(stuck));
        for (Member m : members) {
            if (!m.thread.isAlive()) {
                GROUPS.remove(m.loop);
            }
        }
        if (!stuck.isEmpty()) {
            report(members[0].loop, new ExceptionContext("LoopGroup.close: " + stuck.size() + " loop thread(s) of "
                    + this + " refused to finish: " + stuck + ". Move long computations and calls that ignore "
                    + "interrupts to loop.toThread(...)", null, null, null));
        }
        synchronized (this) {
            shutdown = s;
            notifyAll();
        }
        return s;
    }

    /**
     * What {@link #shutdown()} could not end.
     *
     * @param refusedTasks the loops' reports of tasks that refused to end (caught
     *     {@code CancelledError} and waited again), one text each
     * @param stuckThreads loop threads still alive after the bounded wait, with their stacks
     */
    public record Shutdown(List<String> refusedTasks, List<String> stuckThreads) {
        /** Whether everything ended. */
        public boolean clean() {
            return refusedTasks.isEmpty() && stuckThreads.isEmpty();
        }
    }

    private Member pick() {
        int n = members.length;
        int start = Math.floorMod(next.getAndIncrement(), n);
        if (placement == Placement.ROUND_ROBIN || n == 1) {
            return members[start];
        }
        Member best = members[start];
        int bestLoad = best.load.get();
        for (int i = 1; i < n && bestLoad > 0; i++) {
            Member m = members[(start + i) % n];
            int l = m.load.get();
            if (l < bestLoad) {
                best = m;
                bestLoad = l;
            }
        }
        return best;
    }

    private Member forKey(Object key) {
        int h = Objects.requireNonNull(key, "key").hashCode() * 0x9E3779B9; // Fibonacci spread of poor hashes
        return members[Math.floorMod(h ^ (h >>> 16), members.length)];
    }

    private Member member(EventLoop loop) {
        Objects.requireNonNull(loop, "loop");
        for (Member m : members) {
            if (m.loop == loop) {
                return m;
            }
        }
        throw new IllegalArgumentException(loop + " is not a loop of " + this + "; pick one from loops(), next() "
                + "or loopFor(key)");
    }

    private synchronized void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed: it takes no new work; create a new group, or submit "
                    + "before close()");
        }
    }

    private static void checkNotOnLoop(String op) {
        EventLoop l = EventLoop.running();
        if (l != null && l.isRunning()) {
            throw new IllegalStateException(op + " called from " + l + ", a running loop: it would block that loop "
                    + "while it waits; call it from a plain thread (main), or submit work to the group instead");
        }
    }

    private void checkNotMine() {
        EventLoop l = EventLoop.running();
        if (l != null && GROUPS.get(l) == this) {
            throw new IllegalStateException("LoopGroup.close called from " + l + ", one of the loops of " + this
                    + ": the group would wait for itself; close it from the thread that created it (with "
                    + "LoopGroup.run, return from main instead)");
        }
    }

    void report(EventLoop loop, ExceptionContext c) {
        BiConsumer<EventLoop, ExceptionContext> h = exceptionHandler;
        if (h == null) {
            loop.defaultExceptionHandler(c);
            return;
        }
        try {
            h.accept(loop, c);
        } catch (RuntimeException | Error e) {
            loop.defaultExceptionHandler(new ExceptionContext("the exception handler of " + this + " failed", e,
                    null, null));
            loop.defaultExceptionHandler(c);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("LoopGroup-" + id + "[" + (isClosed() ? "closed" : "running") + ", "
                + placement.name().toLowerCase(java.util.Locale.ROOT) + ", loads=[");
        for (int i = 0; i < members.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(members[i].load.get());
        }
        return sb.append("]]").toString();
    }

    /** One loop of the group and its thread. */
    private static final class Member {
        final LoopGroup group;
        final Thread thread;
        final AtomicInteger load = new AtomicInteger();
        final List<String> refused = new CopyOnWriteArrayList<>();
        private final CompletableFuture<EventLoop> started = new CompletableFuture<>();
        volatile EventLoop loop;
        private volatile Future<Void> stop;

        Member(LoopGroup group, int index, Clock clock) {
            this.group = group;
            this.thread = Thread.ofPlatform().daemon().name("weft-loop-" + group.id + "-" + index)
                    .unstarted(() -> runLoop(clock));
        }

        private void runLoop(Clock clock) {
            try {
                EventLoop.run(() -> {
                    EventLoop l = EventLoop.current();
                    l.setShutdownTimeout(group.shutdownTimeout);
                    l.setExceptionHandler(this::handle);
                    Future<Void> s = l.createFuture();
                    stop = s;
                    loop = l;
                    GROUPS.put(l, group);
                    started.complete(l);
                    s.await();
                    return null;
                }, clock);
            } catch (Throwable t) {
                started.completeExceptionally(t);
                if (loop != null) {
                    loop.defaultExceptionHandler(new ExceptionContext("weft: " + thread.getName() + " of " + group
                            + " ended with an error", t, null, null));
                }
            }
        }

        void awaitStarted() {
            waitFor(started);
        }

        private void handle(EventLoop l, ExceptionContext c) {
            if (c.message() != null && c.message().startsWith(REFUSED)) {
                refused.add(l + ": " + c.message());
            }
            group.report(l, c);
        }

        void stop() {
            Future<Void> s = stop;
            if (s == null) {
                return; // never started
            }
            try {
                loop.callSoonThreadsafe(() -> {
                    if (!s.done()) {
                        s.setResult(null);
                    }
                });
            } catch (IllegalStateException alreadyClosed) {
                // the loop ended on its own (its run failed): nothing left to stop; failure says why
                Objects.requireNonNull(alreadyClosed);
            }
        }

        void join(double seconds) {
            try {
                thread.join(java.time.Duration.ofMillis((long) (seconds * 1000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
