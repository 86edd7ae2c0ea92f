package dev.weft.aio;

import dev.weft.internal.strand.LoopScheduledThreads;
import dev.weft.internal.strand.Strand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A single-threaded event loop: one thread runs its callbacks, timers and tasks, one at a time.
 *
 * <pre>
 *   IDLE    -> RUNNING   // runForever() / runUntilComplete(...) on some platform thread
 *   RUNNING -> IDLE      // stop(), or the future given to runUntilComplete is done
 *   IDLE    -> CLOSED    // close(): pending tasks and never-retrieved exceptions are reported
 * </pre>
 *
 * {@snippet :
 * EventLoop.run(() -> {
 *     EventLoop loop = EventLoop.current();
 *     Task<String> t = loop.createTask(() -> { Aio.sleep(2); return "slow"; });
 *     Aio.sleep(1);
 *     System.out.println(loop.time() + " " + t.await()); // 1.0 slow, then the task's result at 2.0
 *     return null;
 * });
 * }
 *
 * <p>Threads: only the methods named {@code ...Threadsafe} (and {@link #stop()}, {@link #isRunning()},
 * {@link #isClosed()}, {@link #time()}) may be called from a thread other than the loop's while it
 * runs; the others fail with a message naming the loop, the thread and the thread-safe alternative.
 * A loop that is not running may be prepared from any thread.
 *
 * <p>Python: {@code asyncio} event loop ({@code BaseEventLoop}); tasks can be loop-scheduled virtual
 * threads ({@link TaskBackend}), so blocking JDK calls need not stall it; a virtual clock
 * ({@link #createVirtual()}) is built in.
 */
/* Implementation notes
 *
 * The loop is the _run_once shape: a ready queue (ArrayDeque of Handles, loop thread only), a timer
 * heap (PriorityQueue ordered by when, then by a sequence number, so equal times run in scheduling
 * order), a thread-safe inbox (ConcurrentLinkedQueue) drained into the ready queue each iteration,
 * and a java.nio Selector the loop waits on with the next timer's timeout; other threads wake it with
 * selector.wakeup(), at most once per iteration (wakeupPending). Each iteration runs exactly the
 * handles that were ready when it began, so callbacks scheduled now run next iteration.
 *
 * "On the loop thread" means Thread.currentThread() is `owner` (the platform thread running the
 * loop) or `stepThread` (the thread of the task step running now: the task's virtual thread for
 * the loop-scheduled and hand-off backends; for the continuation backend it is `owner` itself).
 *
 * Virtual clock: `virtualNow` replaces System.nanoTime(). When nothing is ready and no outside work
 * is pending (thread-safe inbox, toThread/wrap calls in flight, registered I/O, tasks blocked in JDK
 * calls) the clock jumps to the earliest timer; otherwise the loop waits, without a timeout, for
 * that outside work. Nothing else moves the clock, so runs are reproducible. One exception: when
 * the only outside work is tasks blocked in JDK calls (loop-scheduled backend) and a timer is
 * waiting, the loop waits BLOCKED_GRACE_MS of real time and then jumps anyway, with a one-time
 * warning: such a task may be waiting for another task of this loop that waits for the timer
 * (a BlockingQueue fed after an Aio.sleep), and waiting for ever would be a silent deadlock.
 */
public final class EventLoop implements AutoCloseable {
    static final ThreadLocal<EventLoop> RUNNING = new ThreadLocal<>();
    private static final ThreadLocal<EventLoop> DEFAULT = new ThreadLocal<>();
    private static final System.Logger LOG = System.getLogger("dev.weft.aio");
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final double CLOCK_RESOLUTION = 1e-9;

    final TaskBackend backend;
    private final boolean virtual;
    private final int id = IDS.incrementAndGet();
    private final long origin = System.nanoTime();
    private double virtualNow;
    private final ArrayDeque<Handle> ready = new ArrayDeque<>();
    private final PriorityQueue<TimerHandle> timers = new PriorityQueue<>();
    private int cancelledTimers;
    private long timerSeq;
    private final ConcurrentLinkedQueue<Handle> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Selector selector;
    volatile Thread owner;
    Thread stepThread;
    Task<?> currentTask;
    private volatile boolean stopping;
    private volatile boolean closed;
    private boolean failWhenStuck;
    /** Set by run(main), which cancels leftover tasks itself: its stops are not reported. */
    private boolean leftoversHandled;
    private final TaskList tasks = new TaskList();
    private int taskCount;
    int inflight;
    final Set<Future.Unretrieved> unretrieved = ConcurrentHashMap.newKeySet();
    boolean debug;
    private double slowCallbackDuration = 0.1;
    private BiConsumer<EventLoop, ExceptionContext> exceptionHandler;

    private EventLoop(boolean virtual, TaskBackend backend) {
        this.virtual = virtual;
        this.backend = backend;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("weft: could not open the event loop's selector", e);
        }
    }

    /** Creates a loop on the real monotonic clock, with the JVM's {@link TaskBackend}. */
    public static EventLoop create() {
        return new EventLoop(false, TaskBackend.defaultBackend());
    }

    /**
     * Creates a loop on a virtual clock: {@link #time()} starts at 0 and jumps to the next timer
     * whenever nothing is ready and no outside work (thread-safe calls, {@code toThread}, I/O, a task
     * blocked in a JDK call) is pending, and only then. A test that sleeps for hours runs in
     * milliseconds, with the same interleaving every run.
     *
     * <p>A task blocked in a JDK call (loop-scheduled backend) holds the clock; if a timer is due
     * and nothing arrives for a second of real time, the clock jumps anyway and a warning says why
     * (a blocking call waiting for another task of the same loop would otherwise never return).
     * Virtual-clock code should wait with {@code Aio.sleep} and weft's own primitives.
     */
    public static EventLoop createVirtual() {
        return new EventLoop(true, TaskBackend.defaultBackend());
    }

    /** Creates a loop with an explicit task backend (tests run both on one JVM). */
    static EventLoop create(boolean virtual, TaskBackend backend) {
        if (!backend.isAvailable()) {
            throw new IllegalStateException("weft: task backend " + backend + " is not available on this JVM");
        }
        return new EventLoop(virtual, backend);
    }

    /**
     * Runs {@code main} as a task on a new loop and returns its result: afterwards cancels the
     * tasks still pending, runs them until they finish, and closes the loop.
     *
     * @throws IllegalStateException if a loop is already running on this thread
     * @thread any thread not already running a loop
     */
    public static <T> T run(Callable<T> main) {
        Objects.requireNonNull(main, "main");
        if (running() != null && running().isRunning()) {
            throw new IllegalStateException("EventLoop.run() cannot be called from a running event loop ("
                    + running() + "): await a task instead, or start the new loop on another thread");
        }
        EventLoop loop = create();
        loop.leftoversHandled = true;
        try {
            return loop.runUntilComplete(main);
        } finally {
            try {
                loop.cancelAllTasks();
            } finally {
                loop.close();
            }
        }
    }

    /**
     * The loop running on this thread (or whose task is running on it).
     *
     * @throws IllegalStateException if there is none
     */
    public static EventLoop current() {
        EventLoop l = running();
        if (l == null || !l.isRunning()) {
            throw new IllegalStateException("no running event loop on " + Thread.currentThread()
                    + "; call this inside EventLoop.run(...) or a task, or use getEventLoop()");
        }
        return l;
    }

    /** The running loop if there is one, else this thread's default loop, created on first use. */
    public static EventLoop getEventLoop() {
        EventLoop l = running();
        if (l != null && l.isRunning()) {
            return l;
        }
        l = DEFAULT.get();
        if (l == null || l.isClosed()) {
            l = create();
            DEFAULT.set(l);
        }
        return l;
    }

    /** Sets this thread's default loop (null clears it). */
    public static void setEventLoop(EventLoop loop) {
        if (loop == null) {
            DEFAULT.remove();
        } else {
            DEFAULT.set(loop);
        }
    }

    /**
     * The loop bound to the calling thread: the loop of the loop-scheduled task whose virtual thread
     * this is (found through the thread's scheduler, so task threads need no ThreadLocal entry, which
     * would cost each waiting task about 150 bytes), else the loop this thread runs or last bound.
     */
    static EventLoop running() {
        Thread t = Thread.currentThread();
        if (t.isVirtual() && LoopScheduledThreads.schedulerOf(t) instanceof TaskRunner.LoopThread r && r.thread == t) {
            return r.loop;
        }
        return RUNNING.get();
    }

    static void bindTaskThread(EventLoop loop) {
        if (RUNNING.get() != loop) {
            RUNNING.set(loop);
        }
    }

    /** The task backend this loop runs its tasks on. */
    public TaskBackend taskBackend() {
        return backend;
    }

    /** Whether this loop runs on a virtual clock. */
    public boolean isVirtual() {
        return virtual;
    }

    // ---- running --------------------------------------------------------------------------

    /**
     * Runs the loop until {@code f} is done and returns its result (or throws its exception).
     *
     * @throws IllegalStateException if the loop is already running, or is closed, or (virtual clock)
     *     if nothing can ever progress; the message lists the waiting tasks
     * @thread any thread, if the loop is not running
     */
    public <T> T runUntilComplete(Future<T> f) {
        checkClosed();
        if (isRunning() || (running() != null && running().isRunning())) {
            throw new IllegalStateException("runUntilComplete() cannot be called from a running event loop ("
                    + (isRunning() ? this : running()) + "): inside a task, await the future instead");
        }
        if (f.loop != this) {
            throw new IllegalArgumentException(f + " belongs to " + f.loop + ", not to " + this);
        }
        java.util.function.Consumer<Future<T>> stopper = x -> stop();
        f.addDoneCallback(stopper);
        boolean prevFail = failWhenStuck;
        failWhenStuck = virtual;
        try {
            runForever();
        } finally {
            failWhenStuck = prevFail;
            f.removeDoneCallback(stopper);
        }
        if (!f.done()) {
            throw new IllegalStateException("Event loop stopped before Future completed: " + f);
        }
        return f.result();
    }

    /**
     * Runs {@code coro} as a task until it is done and returns its result.
     *
     * @see #runUntilComplete(Future)
     */
    public <T> T runUntilComplete(Callable<T> coro) {
        checkClosed();
        if (isRunning() || (running() != null && running().isRunning())) {
            throw new IllegalStateException("runUntilComplete() cannot be called from a running event loop ("
                    + (isRunning() ? this : running()) + "): inside a task, use createTask(...).await()");
        }
        checkRunnableHere();
        return runUntilComplete(createTask(coro));
    }

    /**
     * Runs the loop until {@link #stop()} is called. In debug mode, if tasks are still pending when
     * it returns, the exception handler gets a task dump.
     *
     * @throws IllegalStateException if the loop is running or closed, or (loop-scheduled backend)
     *     if the calling thread is virtual
     */
    public void runForever() {
        checkClosed();
        if (isRunning()) {
            throw new IllegalStateException("This event loop is already running: " + this);
        }
        EventLoop other = running();
        if (other != null && other.isRunning()) {
            throw new IllegalStateException("Cannot run the event loop while another loop is running on this "
                    + "thread (" + other + "); run it on its own thread");
        }
        checkRunnableHere();
        owner = Thread.currentThread();
        RUNNING.set(this);
        boolean stopped = false;
        try {
            while (true) {
                runOnce();
                if (stopping) {
                    stopped = true;
                    break;
                }
            }
        } finally {
            stopping = false;
            owner = null;
            stepThread = null;
            currentTask = null;
            RUNNING.remove();
        }
        if (stopped && debug && !leftoversHandled && !tasks.isEmpty()) {
            callExceptionHandler(LoopReports.stoppedPending(tasks.size(), dumpTasks()));
        }
    }

    private void checkRunnableHere() {
        Thread me = Thread.currentThread();
        if (backend == TaskBackend.LOOP && me.isVirtual()) {
            throw new IllegalStateException("weft: " + this + " runs its tasks as loop-scheduled virtual threads, "
                    + "so it must run on a platform thread, not on " + me + "; start the loop on a platform thread "
                    + "(Thread.ofPlatform()), or run with -D" + TaskBackend.PROPERTY + "=strand");
        }
    }

    /**
     * Stops the loop after the current iteration: callbacks already ready still run.
     *
     * @thread any thread
     */
    public void stop() {
        stopping = true;
        wakeup();
    }

    /** Whether the loop is running. */
    public boolean isRunning() {
        return owner != null;
    }

    /** Whether the loop is closed. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the loop: reports tasks still pending ("destroyed while pending", with a task dump in
     * debug mode) and ends them with a {@link CancelledError} at their suspension point, so their
     * {@code finally} blocks run and their threads end; reports exceptions never retrieved; drops
     * scheduled callbacks and releases the selector. Closing a closed loop does nothing.
     *
     * @throws IllegalStateException if the loop is running
     */
    @Override
    public void close() {
        if (isRunning()) {
            throw new IllegalStateException("Cannot close a running event loop: " + this + "; stop() it first");
        }
        if (closed) {
            return;
        }
        String dump = debug && !tasks.isEmpty() ? "\n" + dumpTasks() : "";
        for (Task<?> t : new ArrayList<>(tasks)) {
            callExceptionHandler(LoopReports.destroyedPending(t, dump));
            dump = "";
        }
        if (!tasks.isEmpty()) {
            unwindPendingTasks();
        }
        for (Future.Unretrieved u : new ArrayList<>(unretrieved)) {
            reportUnretrieved(u);
        }
        closed = true;
        ready.clear();
        timers.clear();
        inbox.clear();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "weft: closing the selector of " + this + " failed", e);
        }
    }

    /**
     * Ends the tasks still pending at close, as CPython closes the coroutine of a destroyed task:
     * each gets a CancelledError at its suspension point (at every one, if it insists), its finally
     * blocks run, and its thread ends instead of staying parked for ever. Timers are dropped; what
     * the unwinding schedules runs, for a bounded number of rounds. A loop-scheduled task blocked in
     * a call that ignores interrupts, or a close() called on a virtual thread, leaves threads parked
     * (they were reported as destroyed while pending).
     */
    private void unwindPendingTasks() {
        Thread me = Thread.currentThread();
        if (backend == TaskBackend.LOOP && me.isVirtual()) {
            return;
        }
        EventLoop prev = RUNNING.get();
        owner = me;
        RUNNING.set(this);
        try {
            timers.clear();
            for (Task<?> t : new ArrayList<>(tasks)) {
                t.abandon();
            }
            for (int round = 0; round < 100 && !tasks.isEmpty(); round++) {
                drainInbox();
                if (ready.isEmpty()) {
                    break;
                }
                for (int n = ready.size(); n > 0; n--) {
                    Handle h = ready.poll();
                    if (!h.cancelled) {
                        runHandle(h);
                    }
                }
            }
        } finally {
            owner = null;
            stepThread = null;
            currentTask = null;
            if (prev == null) {
                RUNNING.remove();
            } else {
                RUNNING.set(prev);
            }
        }
    }

    void cancelAllTasks() {
        List<Task<?>> pending = new ArrayList<>(tasks);
        if (pending.isEmpty()) {
            return;
        }
        for (Task<?> t : pending) {
            t.cancel();
        }
        Future<Void> all = createFuture();
        int[] left = {pending.size()};
        for (Task<?> t : pending) {
            t.addDoneCallback(x -> {
                if (--left[0] == 0 && !all.done()) {
                    all.setResult(null);
                }
            });
        }
        runUntilComplete(all);
        for (Task<?> t : pending) {
            if (!t.cancelled() && t.exception() != null) {
                callExceptionHandler(new ExceptionContext("unhandled exception during EventLoop.run() shutdown",
                        t.exception(), t, null));
            }
        }
    }

    private void runOnce() {
        wakeupPending.set(false);
        drainInbox();
        purgeCancelledTimers();
        long timeoutMs; // -1: wait without timeout; 0: do not wait
        if (!ready.isEmpty() || stopping) {
            timeoutMs = 0;
        } else if (virtual) {
            int outside = outsideWork();
            if (outside == OUTSIDE_WORK) {
                timeoutMs = -1;
            } else if (outside == BLOCKED_TASKS) {
                timeoutMs = timers.isEmpty() ? -1 : BLOCKED_GRACE_MS;
                graceWait = timeoutMs > 0;
            } else if (!timers.isEmpty()) {
                virtualNow = Math.max(virtualNow, timers.peek().when());
                timeoutMs = 0;
            } else if (failWhenStuck) {
                throw new IllegalStateException("weft: nothing can ever progress on " + this + ": every task waits, "
                        + "and no timer, I/O or thread-safe work is pending (a deadlock). Tasks:\n" + dumpTasks());
            } else {
                timeoutMs = -1;
            }
        } else if (!timers.isEmpty()) {
            double d = timers.peek().when() - time();
            timeoutMs = d <= 0 ? 0 : Math.max(1, (long) Math.ceil(d * 1000));
        } else {
            timeoutMs = -1;
        }
        select(timeoutMs);
        drainInbox();
        if (graceWait) {
            graceWait = false;
            if (ready.isEmpty() && outsideWork() == BLOCKED_TASKS && !timers.isEmpty()) {
                virtualNow = Math.max(virtualNow, timers.peek().when());
                if (!warnedBlockedClock) {
                    warnedBlockedClock = true;
                    warn(LoopReports.blockedClock(this, BLOCKED_GRACE_MS));
                }
            }
        }
        double end = time() + CLOCK_RESOLUTION;
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
        for (int n = ready.size(); n > 0; n--) {
            Handle h = ready.poll();
            if (h.cancelled) {
                continue;
            }
            runHandle(h);
        }
    }

    /** The task whose step ran inside the current handle (debug reports name it). */
    private Task<?> steppedTask;

    private void runHandle(Handle h) {
        // Timed only if debug was on when the handle started: a callback may switch debug on.
        boolean timed = debug;
        long t0 = 0;
        if (timed) {
            t0 = System.nanoTime();
            steppedTask = null;
        }
        try {
            h.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            callExceptionHandler(new ExceptionContext("Exception in callback " + h, e, null, h));
        }
        if (timed) {
            double dt = (System.nanoTime() - t0) / 1e9;
            if (dt >= slowCallbackDuration) {
                warn(LoopReports.slowCallback(h, dt, steppedTask));
            }
        }
    }

    private void select(long timeoutMs) {
        try {
            int n;
            if (timeoutMs == 0) {
                n = selector.selectNow();
            } else if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("weft: the thread running " + this + " was interrupted while "
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
                        ready.add(new Handle(this, r));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("weft: the selector of " + this + " failed", e);
        }
    }

    private void drainInbox() {
        Handle h;
        while ((h = inbox.poll()) != null) {
            ready.add(h);
        }
    }

    private static final int NO_OUTSIDE_WORK = 0;
    private static final int OUTSIDE_WORK = 1;
    private static final int BLOCKED_TASKS = 2;
    /** How long a virtual clock waits for tasks blocked in JDK calls before it jumps anyway. */
    static final long BLOCKED_GRACE_MS = 1000;
    private boolean graceWait;
    private boolean warnedBlockedClock;

    /** What may still arrive from other threads: nothing, outside work, or only blocked tasks' wakeups. */
    private int outsideWork() {
        if (inflight > 0 || !inbox.isEmpty() || hasIo()) {
            return OUTSIDE_WORK;
        }
        if (backend == TaskBackend.LOOP) {
            for (Task<?> t : tasks) {
                if (t.started() && !t.runner.parked) {
                    return BLOCKED_TASKS; // blocked in a JDK call: its wakeup will come from another thread
                }
            }
        }
        return NO_OUTSIDE_WORK;
    }

    private boolean hasIo() {
        for (SelectionKey k : selector.keys()) {
            if (k.isValid() && k.interestOps() != 0) {
                return true;
            }
        }
        return false;
    }

    /** The selector, for I/O on this loop (package-private hook for streams). */
    Selector selector() {
        return selector;
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

    private void wakeup() {
        if (Thread.currentThread() != owner && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    // ---- scheduling ------------------------------------------------------------------------

    /**
     * Schedules {@code callback} to run on the loop in the next iteration, after the callbacks
     * already scheduled.
     *
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public Handle callSoon(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        checkThread("callSoon");
        Handle h = new Handle(this, callback);
        ready.add(h);
        return h;
    }

    /**
     * Schedules {@code callback} to run after {@code delaySeconds} of loop time.
     *
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public TimerHandle callLater(double delaySeconds, Runnable callback) {
        if (Double.isNaN(delaySeconds)) {
            throw new IllegalArgumentException("callLater: the delay is NaN");
        }
        return callAt(time() + delaySeconds, callback);
    }

    /**
     * Schedules {@code callback} to run after {@code delay} of loop time.
     *
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public TimerHandle callLater(Duration delay, Runnable callback) {
        return callLater(delay.toNanos() / 1e9, callback);
    }

    /**
     * Schedules {@code callback} to run when {@link #time()} reaches {@code when}; callbacks due at
     * the same time run in the order they were scheduled.
     *
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public TimerHandle callAt(double when, Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        if (Double.isNaN(when)) {
            throw new IllegalArgumentException("callAt: the time is NaN");
        }
        checkThread("callAt");
        TimerHandle h = new TimerHandle(this, when, timerSeq++, callback);
        h.scheduled = true;
        timers.add(h);
        return h;
    }

    /**
     * The loop's time in seconds: monotonic, with an arbitrary origin; on a virtual loop it starts at
     * 0 and moves only by jumps to due timers.
     *
     * @thread any thread
     */
    public double time() {
        return virtual ? virtualNow : (System.nanoTime() - origin) / 1e9;
    }

    /**
     * Schedules {@code callback} from any thread, waking the loop if it waits.
     *
     * @throws IllegalStateException if the loop is closed
     * @thread any thread
     */
    public Handle callSoonThreadsafe(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        checkClosed();
        Handle h = new Handle(this, callback);
        inbox.add(h);
        wakeup();
        return h;
    }

    /** Queues a task step (loop-scheduled backend): locally on the loop, else through the inbox. */
    void enqueueStep(Task<?> task, Runnable r) {
        Handle h = new StepHandle(this, task, r);
        Thread c = Thread.currentThread();
        if (c == owner || c == stepThread) {
            ready.add(h);
        } else {
            inbox.add(h);
            wakeup();
        }
    }

    /** Schedules a ready-made handle like callSoon (a future's done callback is its own handle). */
    void callSoonHandle(Handle h) {
        checkThread("callSoon");
        ready.add(h);
    }

    /** Schedules runner.wake() like callSoon, from inside one of this loop's tasks (Aio.sleep(0)). */
    void callSoonWake(TaskRunner runner) {
        checkThread("callSoon");
        ready.add(new WakeHandle(this, runner));
    }

    /** A handle that wakes a task: no callback object per sleep(0). */
    private static final class WakeHandle extends Handle {
        private final TaskRunner runner;

        WakeHandle(EventLoop loop, TaskRunner runner) {
            super(loop, null);
            this.runner = runner;
        }

        @Override
        void run() {
            runner.wake();
        }

        @Override
        public String toString() {
            return "Handle[" + runner + (cancelled ? ", cancelled" : "") + "]";
        }
    }

    /** Queues the continuation of a virtual thread a task started (it inherited the loop as scheduler). */
    void enqueueForeignThread(Runnable r) {
        Handle h = new Handle(this, r);
        Thread c = Thread.currentThread();
        if (c == owner || c == stepThread) {
            ready.add(h);
        } else {
            inbox.add(h);
            wakeup();
        }
    }

    void runStep(Task<?> task, Runnable continuation) {
        Task<?> prevTask = currentTask;
        Thread prevThread = stepThread;
        currentTask = task;
        stepThread = task.thread;
        steppedTask = task;
        try {
            continuation.run();
        } finally {
            currentTask = prevTask;
            stepThread = prevThread;
        }
    }

    void runStrandStep(Task<?> task, Strand strand) {
        if (strand.isDone()) {
            return;
        }
        Task<?> prevTask = currentTask;
        Thread prevThread = stepThread;
        currentTask = task;
        stepThread = task.thread;
        steppedTask = task;
        try {
            strand.resume(null);
        } finally {
            currentTask = prevTask;
            stepThread = prevThread;
        }
    }

    private static final class StepHandle extends Handle {
        private final Task<?> task;

        StepHandle(EventLoop loop, Task<?> task, Runnable r) {
            super(loop, r);
            this.task = task;
        }

        @Override
        void run() {
            loop.runStep(task, callback);
        }

        @Override
        public String toString() {
            return "step of " + task;
        }
    }

    // ---- futures and tasks -----------------------------------------------------------------

    /**
     * Creates a pending future bound to this loop.
     *
     * @thread any thread
     */
    public <T> Future<T> createFuture() {
        return new Future<>(this);
    }

    /**
     * Creates a task running {@code coro}, named {@code Task-<n>}; it starts on the next iteration.
     *
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public <T> Task<T> createTask(Callable<T> coro) {
        return createTask(coro, null);
    }

    /**
     * Creates a named task running {@code coro}; it starts on the next iteration.
     *
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public <T> Task<T> createTask(Callable<T> coro, String name) {
        Objects.requireNonNull(coro, "coro");
        checkThread("createTask");
        Task<T> t = new Task<>(this, coro, name, name != null ? 0 : ++taskCount);
        tasks.add(t);
        callSoon(t.runner::start);
        return t;
    }

    void taskEnded(Task<?> t) {
        tasks.unlink(t);
    }

    /** The tasks of this loop that are not done yet, in creation order. */
    public Set<Task<?>> allTasks() {
        return new LinkedHashSet<>(tasks);
    }

    // ---- other threads ---------------------------------------------------------------------

    /**
     * Runs {@code coro} as a task of this loop, submitted from any thread; the returned
     * {@link CompletableFuture} completes with its outcome, and cancelling it cancels the task.
     *
     * @thread any thread
     */
    public <T> CompletableFuture<T> runCoroutineThreadsafe(Callable<T> coro) {
        Objects.requireNonNull(coro, "coro");
        return ThreadBridge.runCoroutineThreadsafe(this, coro);
    }

    /**
     * Runs {@code fn} on a shared pool of daemon platform threads and returns a future of this loop
     * for its outcome: the way to call blocking or long-running code from a task.
     *
     * {@snippet :
     * String body = loop.toThread(() -> Files.readString(path)).await();
     * }
     *
     * @thread the loop's thread
     */
    public <T> Future<T> toThread(Callable<T> fn) {
        return runInExecutor(null, fn);
    }

    /**
     * Runs {@code fn} on {@code executor} (null: the shared pool of {@link #toThread}) and returns a future
     * of this loop for its outcome. Cancelling the future does not stop {@code fn}; its outcome is
     * then dropped.
     *
     * @thread the loop's thread
     */
    public <T> Future<T> runInExecutor(Executor executor, Callable<T> fn) {
        Objects.requireNonNull(fn, "fn");
        checkThread("runInExecutor");
        return ThreadBridge.runInExecutor(this, executor, fn);
    }

    // ---- checks ----------------------------------------------------------------------------

    void checkThread(String op) {
        Thread o = owner;
        if (o != null) {
            Thread c = Thread.currentThread();
            if (c != o && c != stepThread) {
                throw new IllegalStateException("weft: " + op + "() called on " + this + " from " + c
                        + ", but the loop runs on " + o + ": a loop is single-threaded; from another thread use "
                        + "callSoonThreadsafe(...) or runCoroutineThreadsafe(...)");
            }
        }
        if (closed) {
            throw closedError(op);
        }
    }

    private void checkClosed() {
        if (closed) {
            throw closedError("this operation");
        }
    }

    private IllegalStateException closedError(String op) {
        return new IllegalStateException("Event loop is closed: " + this + " refuses " + op
                + "; create a new loop (EventLoop.create()) or use EventLoop.run(...)");
    }

    // ---- errors, debug ---------------------------------------------------------------------

    /** Sets the handler for errors that have no caller; null restores the default (logging). */
    public void setExceptionHandler(BiConsumer<EventLoop, ExceptionContext> handler) {
        this.exceptionHandler = handler;
    }

    /** The handler set with {@link #setExceptionHandler}, or null for the default. */
    public BiConsumer<EventLoop, ExceptionContext> getExceptionHandler() {
        return exceptionHandler;
    }

    /**
     * Passes an error to the exception handler; if the handler itself fails, both are logged.
     *
     * @thread the loop's thread
     */
    public void callExceptionHandler(ExceptionContext context) {
        BiConsumer<EventLoop, ExceptionContext> h = exceptionHandler;
        if (h == null) {
            defaultExceptionHandler(context);
            return;
        }
        try {
            h.accept(this, context);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.log(Level.ERROR, "weft: the exception handler of " + this + " failed", e);
            defaultExceptionHandler(context);
        }
    }

    /** Logs the error through {@code System.Logger} ("dev.weft.aio"), with the task's creation site in debug mode. */
    public void defaultExceptionHandler(ExceptionContext context) {
        LOG.log(Level.ERROR, LoopReports.describe(context), context.exception());
    }

    /** Turns debug mode on or off (see {@link #isDebug()}). */
    public void setDebug(boolean enabled) {
        this.debug = enabled;
    }

    /**
     * Whether debug mode is on: slow callbacks and task steps (over {@link #getSlowCallbackDuration()})
     * are logged, tasks record where they were created, a task that swallows its cancellation is
     * reported, and stopping or closing with pending tasks prints a task dump (except for the stops
     * {@link #run(Callable)} makes before it cancels the leftovers itself).
     */
    public boolean isDebug() {
        return debug;
    }

    /** The threshold in seconds above which debug mode reports a callback as slow (0.1). */
    public double getSlowCallbackDuration() {
        return slowCallbackDuration;
    }

    /** Sets the slow-callback threshold in seconds. */
    public void setSlowCallbackDuration(double seconds) {
        this.slowCallbackDuration = seconds;
    }

    /** Where debug-mode warnings go; tests replace it. */
    java.util.function.Consumer<String> warningSink;

    private void warn(String message) {
        java.util.function.Consumer<String> sink = warningSink;
        if (sink != null) {
            sink.accept(message);
        } else {
            LOG.log(Level.WARNING, message);
        }
    }

    void reportUnretrievedLater(Future.Unretrieved u) {
        if (!closed) {
            try {
                callSoonThreadsafe(() -> reportUnretrieved(u));
                return;
            } catch (IllegalStateException closedMeanwhile) {
                // fall through: report directly
            }
        }
        reportUnretrieved(u);
    }

    private void reportUnretrieved(Future.Unretrieved u) {
        if (u.retrieved) {
            return;
        }
        u.retrieved = true;
        unretrieved.remove(u);
        callExceptionHandler(LoopReports.neverRetrieved(u));
    }

    /**
     * A dump of every pending task of this loop: its state, what it awaits, and its stack.
     *
     * @thread the loop's thread, or any thread while the loop is not running
     */
    public String dumpTasks() {
        return LoopReports.dump(this, tasks);
    }

    @Override
    public String toString() {
        String state = closed ? "closed" : isRunning() ? "running" : "idle";
        return "EventLoop-" + id + "[" + state + (virtual ? ", virtual time=" + virtualNow : "")
                + ", " + backend.name().toLowerCase(java.util.Locale.ROOT) + " tasks, ready=" + ready.size()
                + ", timers=" + timers.size() + ", tasks=" + tasks.size() + "]";
    }
}
