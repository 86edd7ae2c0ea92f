package dev.weft.aio;

import dev.weft.internal.strand.LoopScheduledThreads;
import dev.weft.internal.strand.Strand;
import java.lang.System.Logger.Level;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A single-threaded event loop: one thread runs its callbacks, timers and tasks, one at a time.
 *
 * <pre>
 *   IDLE    -> RUNNING   // runForever() / runUntilComplete(...) on some platform thread
 *   RUNNING -> IDLE      // stop(), or the future given to runUntilComplete is done
 *   IDLE    -> CLOSED    // close(): pending tasks are reported and ended (bounded), thread-safe
 *                        // calls already accepted run, never-retrieved exceptions are reported
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
 * <p>Watchdog: while the loop runs, a shared daemon thread checks that its thread does not stay
 * inside one callback or task step for longer than {@link #getWatchdog()} seconds (1 s unless
 * {@code -Dweft.watchdog=seconds} says otherwise); if it does, the exception handler hears which
 * task, its stack and the fix, once, and again when the loop recovers. See {@link #setWatchdog}.
 *
 * <p>Python: {@code asyncio} event loop ({@code BaseEventLoop}); tasks can be loop-scheduled virtual
 * threads ({@link TaskBackend}), so blocking JDK calls need not stall it; the time source is a
 * {@link Clock}, real or virtual ({@link #runVirtual}), as in trio.
 */
/* Implementation notes
 *
 * The loop's inside, by concern (one file each):
 *   EventLoop   the public surface (this file): factories, run, scheduling, tasks, threads,
 *               diagnostics; it holds the state the others share;
 *   LoopCore    the run-once core: ready queue, timers, entry queue, selector, one iteration
 *               at a time (asyncio's _run_once);
 *   Clock       real or virtual time, and the virtual clock's autojump rule;
 *   EntryQueue  the door for other threads, with its promise at close();
 *   LoopRunner  run(main): cancel the leftovers, bounded unwinding, close();
 *   TaskSteps   the glue between a task step and the loop ("who runs now");
 *   Watchdog    the shared thread that notices a loop stuck in one step;
 *   LoopReports the texts of every report.
 *
 * "On the loop thread" means Thread.currentThread() is `owner` or `stepThread` (see TaskSteps).
 */
public final class EventLoop implements AutoCloseable {
    static final ThreadLocal<EventLoop> RUNNING = new ThreadLocal<>();
    private static final ThreadLocal<EventLoop> DEFAULT = new ThreadLocal<>();
    private static final System.Logger LOG = System.getLogger("dev.weft.aio");
    private static final AtomicInteger IDS = new AtomicInteger();

    final TaskBackend backend;
    final Clock clock;
    private final int id = IDS.incrementAndGet();

    /** Ready queue, timers, entry queue, selector: one iteration at a time. */
    final LoopCore core;

    // who runs now (see TaskSteps)
    volatile Thread owner;
    Thread stepThread;
    Task<?> currentTask;
    /** The task whose step ran inside the current handle (debug reports name it). */
    Task<?> steppedTask;

    // life cycle
    private volatile boolean stopping;
    private volatile boolean closed;
    /** close() is unwinding: tasks created now are abandoned at once. */
    boolean closing;
    /** CancelledErrors delivered to each abandoned task while closing (null before; LoopRunner). */
    java.util.Map<Task<?>, Integer> abandonedDeliveries;
    private boolean failWhenStuck;
    /** Set by run(main), which cancels leftover tasks itself: its stops are not reported. */
    boolean leftoversHandled;
    private double shutdownTimeout = LoopRunner.SHUTDOWN_TIMEOUT;

    // tasks and outside work
    final TaskList tasks = new TaskList();
    private int taskCount;
    /** Future.wrap calls whose CompletableFuture has not completed: outside work for the virtual clock. */
    int inflight;
    /** Where the next Select starts trying its clauses (rotates, so no ready clause is starved). */
    int selectTurn;
    final Set<Future.Unretrieved> unretrieved = ConcurrentHashMap.newKeySet();

    // errors and debug
    boolean debug;
    /** Callbacks and steps over the slow-callback threshold (debug mode only; LoopInspection). */
    long slowCallbacks;
    /** Non-null while inspection knows this loop (LoopInspection); null costs nothing. */
    LoopInspection.Tracker inspection;
    private double slowCallbackDuration = 0.1;
    private BiConsumer<EventLoop, ExceptionContext> exceptionHandler;
    /** The seeded (recorded, replayed) choices of EventLoopBuilder.seed/replay; null: arrival order. */
    Schedule schedule;
    /** Where debug-mode warnings go; tests replace it. */
    Consumer<String> warningSink;
    /** Flight events made inside a task's step off the loop's thread, committed after the step (Flight). */
    final java.util.List<jdk.jfr.Event> flightPending = new java.util.ArrayList<>(0);

    // watchdog (see Watchdog; LoopCore.beat is what it samples)
    private volatile double watchdogSeconds = Watchdog.defaultSeconds();
    /** Set by the watchdog after it reported this loop stuck; the loop reports the recovery. */
    volatile Watchdog.Stuck stuck;

    private EventLoop(Clock clock, TaskBackend backend) {
        clock.bind(this);
        this.backend = backend;
        this.clock = clock;
        this.core = new LoopCore(this, clock);
        if (LoopInspection.on()) {
            LoopInspection.register(this);
        }
    }

    /**
     * Creates a loop on the real monotonic clock, with the JVM's task backend ({@link Backends#tasks()};
     * a loop created on a virtual thread runs its tasks on strands).
     */
    public static EventLoop create() {
        return create(Clock.real());
    }

    /**
     * Creates a loop on {@code clock} (a new {@link Clock#real()} or {@link Clock#virtual()}), with
     * the JVM's task backend ({@link Backends#tasks()}; a loop created on a virtual thread runs its
     * tasks on strands).
     *
     * @throws IllegalArgumentException if the clock already drives another loop
     */
    public static EventLoop create(Clock clock) {
        return new EventLoop(Objects.requireNonNull(clock, "clock"), Backends.forLoopOn(Thread.currentThread()));
    }

    /**
     * Creates a loop on a virtual clock ({@link Clock#virtual()}): {@link #time()} starts at 0 and
     * jumps to the next timer whenever nothing is ready and no outside work (thread-safe calls,
     * {@code toThread}, I/O, a task blocked in a JDK call) is pending, and only then. A test that
     * sleeps for hours runs in milliseconds, with the same interleaving every run.
     *
     * <p>A task blocked in a JDK call (loop-scheduled backend) holds the clock; if a timer is due
     * and nothing arrives for a second of real time, the clock jumps anyway and a warning says why
     * (a blocking call waiting for another task of the same loop would otherwise never return).
     * Virtual-clock code should wait with {@code Aio.sleep} and weft's own primitives.
     */
    public static EventLoop createVirtual() {
        return create(Clock.virtual());
    }

    /**
     * A builder for a loop with a chosen clock, task backend and debug mode, and for a replayable
     * schedule: {@code EventLoop.builder().virtual().seed(n).run(main)} runs {@code main} with the
     * order among tasks ready at the same moment drawn from seed {@code n}; {@code record(file)}
     * writes those choices and {@code replay(file)} makes them again (see {@link EventLoopBuilder}).
     *
     * @thread any thread
     */
    public static EventLoopBuilder builder() {
        return new EventLoopBuilder();
    }

    /** Creates a loop with an explicit clock and task backend (tests run both backends on one JVM). */
    static EventLoop create(Clock clock, TaskBackend backend) {
        if (!backend.isAvailable()) {
            throw new IllegalStateException("weft: task backend " + backend + " is not available on this JVM");
        }
        return new EventLoop(Objects.requireNonNull(clock, "clock"), backend);
    }

    /**
     * Runs {@code main} as a task on a new loop and returns its result (or throws its exception);
     * afterwards cancels the tasks still pending, runs the loop until they have ended (for at most
     * {@link #getShutdownTimeout()} seconds of loop time: 5 s unless main changed it), and closes
     * the loop, which ends and reports whatever is still left (see {@link #close()}).
     *
     * @throws IllegalStateException if a loop is already running on this thread
     * @thread any thread not already running a loop
     */
    public static <T> T run(Callable<T> main) {
        return run(main, Clock.real());
    }

    /**
     * Like {@link #run(Callable)}, on a loop driven by {@code clock}.
     *
     * @throws IllegalArgumentException if the clock already drives another loop
     * @thread any thread not already running a loop
     */
    public static <T> T run(Callable<T> main, Clock clock) {
        return LoopRunner.run(main, clock, Backends.forLoopOn(Thread.currentThread()));
    }

    /**
     * Like {@link #run(Callable)}, on a new virtual clock: {@code asyncio.run} for tests, where an
     * hour of {@code Aio.sleep} takes microseconds and every run interleaves the same way; the
     * leftovers' shutdown timeout is loop time too, so it costs nothing.
     *
     * {@snippet :
     * double t = EventLoop.runVirtual(() -> {
     *     Aio.sleep(3600);
     *     return EventLoop.current().time(); // 3600.0
     * });
     * }
     *
     * @throws IllegalStateException if a loop is already running on this thread, or if nothing
     *     can ever progress (the message lists the waiting tasks)
     * @thread any thread not already running a loop
     */
    public static <T> T runVirtual(Callable<T> main) {
        return run(main, Clock.virtual());
    }

    /** run(main) on a new loop of the given clock and backend (tests). */
    static <T> T run(Callable<T> main, Clock clock, TaskBackend backend) {
        return LoopRunner.run(main, clock, backend);
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

    /** The loop's number, as {@code toString()} shows it ({@code EventLoop-<id>}); flight events carry it. */
    int id() {
        return id;
    }

    /** The task backend this loop runs its tasks on. */
    public TaskBackend taskBackend() {
        return backend;
    }

    /** Whether this loop runs on a virtual clock. */
    public boolean isVirtual() {
        return clock.isVirtual();
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
        Consumer<Future<T>> stopper = x -> stop();
        f.addDoneCallback(stopper);
        boolean prevFail = failWhenStuck;
        failWhenStuck = clock.isVirtual();
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
        if (inspection == null && LoopInspection.on()) {
            LoopInspection.register(this);
        }
        owner = Thread.currentThread();
        RUNNING.set(this);
        Watchdog.watch(this);
        boolean stopped = false;
        try {
            while (true) {
                core.runOnce();
                if (stopping) {
                    stopped = true;
                    break;
                }
            }
        } finally {
            Watchdog.unwatch(this);
            core.idle();
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
                    + "so it must run on a platform thread, not on " + me + "; run it on the platform thread that "
                    + "created it, or create the loop on this virtual thread (its tasks then run on strands)");
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
     * Closes the loop; it always finishes. In order: reports the tasks still pending ("destroyed
     * while pending", with a task dump in debug mode; or, after {@link #run}, "did not end within
     * the shutdown timeout"); stops accepting thread-safe calls; ends the pending tasks with a
     * {@link CancelledError} at their suspension points, so their {@code finally} blocks run and
     * their threads end, while running every thread-safe call accepted before (each one that
     * returned without an error runs before {@code close()} returns); reports by name each task
     * that still refused to end (it caught {@code CancelledError} and waited again) and abandons
     * it, without a thread left behind; reports exceptions never retrieved; drops timers and
     * releases the selector. The unwinding is bounded (100 rounds of ready callbacks; 100
     * {@code CancelledError}s per task). Closing a closed loop does nothing.
     *
     * @throws IllegalStateException if the loop is running
     * @thread any thread, while the loop is not running (a platform thread for loop-scheduled tasks
     *     to be ended)
     */
    @Override
    public void close() {
        if (isRunning()) {
            throw new IllegalStateException("Cannot close a running event loop: " + this + "; stop() it first");
        }
        if (closed) {
            return;
        }
        LoopRunner.close(this);
    }

    /** The last step of close(): what is left is dropped. */
    void markClosed() {
        Schedule s = schedule;
        if (s != null) {
            s.close();
            if (s.reportLeftovers && s.leftover()) {
                callExceptionHandler(new ExceptionContext(s.leftoverMessage(), null, null, null));
            }
        }
        closed = true;
        if (inspection != null) {
            LoopInspection.unregister(this);
        }
        steppedTask = null;
        abandonedDeliveries = null;
        core.clear();
        LoopRunner.closeQuietly(core.selector, this);
    }

    /**
     * How long {@link #run} waits, in seconds of loop time, for the tasks it cancelled after main
     * returned, before it closes the loop anyway (5).
     */
    public double getShutdownTimeout() {
        return shutdownTimeout;
    }

    /**
     * Sets how long {@link #run} waits for the leftovers it cancelled (seconds of loop time, >= 0).
     *
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public void setShutdownTimeout(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("setShutdownTimeout: " + seconds + " is not a finite number of "
                    + "seconds >= 0");
        }
        this.shutdownTimeout = seconds;
    }

    double shutdownTimeout() {
        return shutdownTimeout;
    }

    boolean stopping() {
        return stopping;
    }

    boolean failWhenStuck() {
        return failWhenStuck;
    }

    /** The selector, for I/O on this loop (package-private hook for streams). */
    Selector selector() {
        return core.selector;
    }

    void timerCancelled() {
        core.timerCancelled();
    }

    void wakeup() {
        core.wakeup();
    }

    // ---- I/O readiness (IoWatch, in LoopCore) ---------------------------------------------

    /**
     * Runs {@code callback} on the loop each time {@code channel} is readable (or, for a server
     * channel, has a connection to accept), until {@link #removeReader}; replaces an earlier reader.
     * The channel must be non-blocking. On a virtual clock a watched channel holds the clock for
     * one second of real time; if it stays quiet that long, the clock jumps to the next timer.
     *
     * <p>Python: {@code loop.add_reader(fd, callback)}, for a {@link java.nio.channels.SelectableChannel}.
     *
     * @throws IllegalArgumentException if the channel is blocking, closed, or cannot be read
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public void addReader(java.nio.channels.SelectableChannel channel, Runnable callback) {
        checkThread("addReader");
        core.io.add(channel, callback, true);
    }

    /**
     * Stops watching {@code channel} for reading.
     *
     * @return whether a reader was registered
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public boolean removeReader(java.nio.channels.SelectableChannel channel) {
        checkThread("removeReader");
        return core.io.remove(channel, true);
    }

    /**
     * Runs {@code callback} on the loop each time {@code channel} is writable (or its pending
     * connection can be finished), until {@link #removeWriter}; see {@link #addReader}.
     *
     * <p>Python: {@code loop.add_writer(fd, callback)}.
     *
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public void addWriter(java.nio.channels.SelectableChannel channel, Runnable callback) {
        checkThread("addWriter");
        core.io.add(channel, callback, false);
    }

    /**
     * Stops watching {@code channel} for writing.
     *
     * @return whether a writer was registered
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public boolean removeWriter(java.nio.channels.SelectableChannel channel) {
        checkThread("removeWriter");
        return core.io.remove(channel, false);
    }

    // ---- scheduling ------------------------------------------------------------------------

    /**
     * Schedules {@code callback} to run on the loop in the next iteration, after the callbacks
     * already scheduled. It runs in a copy of the {@link Context} current now.
     *
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public Handle callSoon(Runnable callback) {
        return callSoon(callback, null);
    }

    /**
     * Like {@link #callSoon(Runnable)}, but the callback runs in {@code context} (null: a copy of
     * the current one). Python: {@code call_soon(callback, context=...)}.
     *
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public Handle callSoon(Runnable callback, Context context) {
        Objects.requireNonNull(callback, "callback");
        checkThread("callSoon");
        Handle h = new Handle(this, callback);
        h.runIn(context);
        core.ready.add(h);
        return h;
    }

    /**
     * Schedules {@code callback} to run after {@code delaySeconds} of loop time, in a copy of the
     * {@link Context} current now.
     *
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public TimerHandle callLater(double delaySeconds, Runnable callback) {
        return callLater(delaySeconds, callback, null);
    }

    /**
     * Like {@link #callLater(double, Runnable)}, but the callback runs in {@code context} (null: a
     * copy of the current one).
     *
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public TimerHandle callLater(double delaySeconds, Runnable callback, Context context) {
        if (Double.isNaN(delaySeconds)) {
            throw new IllegalArgumentException("callLater: the delay is NaN");
        }
        return callAt(time() + delaySeconds, callback, context);
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
     * the same time run in the order they were scheduled. It runs in a copy of the
     * {@link Context} current now.
     *
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public TimerHandle callAt(double when, Runnable callback) {
        return callAt(when, callback, null);
    }

    /**
     * Like {@link #callAt(double, Runnable)}, but the callback runs in {@code context} (null: a
     * copy of the current one).
     *
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public TimerHandle callAt(double when, Runnable callback, Context context) {
        Objects.requireNonNull(callback, "callback");
        if (Double.isNaN(when)) {
            throw new IllegalArgumentException("callAt: the time is NaN");
        }
        checkThread("callAt");
        TimerHandle h = core.addTimer(when, callback);
        h.runIn(context);
        return h;
    }

    /**
     * The loop's time in seconds, from its {@link Clock}: monotonic, with an arbitrary origin; on a
     * virtual clock it starts at 0 and moves only by jumps to due timers.
     *
     * @thread any thread
     */
    public double time() {
        return clock.now();
    }

    /**
     * Schedules {@code callback} from any thread, waking the loop if it waits. A call that returns
     * without an error is run before {@link #close()} returns, even if it races the close. The
     * callback runs in a copy of the calling thread's current {@link Context}.
     *
     * @throws IllegalStateException if the loop is closed or closing
     * @thread any thread
     */
    public Handle callSoonThreadsafe(Runnable callback) {
        return callSoonThreadsafe(callback, null);
    }

    /**
     * Like {@link #callSoonThreadsafe(Runnable)}, but the callback runs in {@code context} (null: a
     * copy of the calling thread's current one).
     *
     * @throws IllegalStateException if the loop is closed or closing
     * @thread any thread
     */
    public Handle callSoonThreadsafe(Runnable callback, Context context) {
        Objects.requireNonNull(callback, "callback");
        Handle h = new Handle(this, callback);
        h.runIn(context);
        if (!core.entries.offer(h)) {
            throw closedError("callSoonThreadsafe");
        }
        core.wakeup();
        return h;
    }

    /** Queues an internal handle from any thread, even while the loop closes (see EntryQueue). */
    void enqueueFromAnyThread(Handle h) {
        core.enqueueFromAnyThread(h);
    }

    /** Schedules a ready-made handle like callSoon (a future's done callback is its own handle). */
    void callSoonHandle(Handle h) {
        checkThread("callSoon");
        core.ready.add(h);
    }

    // ---- task-step glue (TaskSteps); the task runners call these -------------------------------

    /** Queues a task step (loop-scheduled backend): locally on the loop, else through the entry queue. */
    void enqueueStep(Task<?> task, Runnable r) {
        TaskSteps.enqueue(this, new TaskSteps.StepHandle(this, task, r));
    }

    /** Queues the continuation of a virtual thread a task started (it inherited the loop as scheduler). */
    void enqueueForeignThread(Runnable r) {
        TaskSteps.enqueue(this, new Handle(this, r));
    }

    /** Schedules runner.wake() like callSoon, from inside one of this loop's tasks (Aio.sleep(0)). */
    void callSoonWake(TaskRunner runner) {
        checkThread("callSoon");
        core.ready.add(new TaskSteps.WakeHandle(this, runner));
    }

    void runStep(Task<?> task, Runnable continuation) {
        TaskSteps.run(this, task, continuation);
    }

    void runStrandStep(Task<?> task, Strand strand) {
        TaskSteps.runStrand(this, task, strand);
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
     * Creates a named task running {@code coro}; it starts on the next iteration. A task created
     * while the loop closes (by a thread-safe call it runs then) is cancelled before it starts.
     *
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public <T> Task<T> createTask(Callable<T> coro, String name) {
        return createTask(coro, name, null);
    }

    /**
     * Creates a task running {@code coro} in {@code context} (null: a copy of the current context,
     * as every task gets); {@code name} null gives {@code Task-<n>}. Python:
     * {@code create_task(coro, name=..., context=...)}.
     *
     * @thread the loop's thread (or any thread while the loop is not running)
     */
    public <T> Task<T> createTask(Callable<T> coro, String name, Context context) {
        Objects.requireNonNull(coro, "coro");
        checkThread("createTask");
        Task<T> t = new Task<>(this, coro, name, name != null ? 0 : ++taskCount, context);
        tasks.add(t);
        if (Flight.on) {
            Flight.created(t);
        }
        callSoonHandle(new TaskSteps.TaskHandle(this, t, t.runner::start)); // no callback context: the task has its own
        if (closing) {
            t.abandon();
        }
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
     * Runs {@code coro} as a task of this loop, submitted from any thread, in a copy of the calling
     * thread's current {@link Context}; the returned
     * {@link CompletableFuture} completes with its outcome, and cancelling it cancels the task. If
     * the loop closes first, the task is cancelled before it starts and the future completes with
     * a {@link java.util.concurrent.CancellationException}: it always completes.
     *
     * @throws IllegalStateException if the loop is closed or closing
     * @thread any thread
     */
    public <T> CompletableFuture<T> runCoroutineThreadsafe(Callable<T> coro) {
        Objects.requireNonNull(coro, "coro");
        return ThreadBridge.runCoroutineThreadsafe(this, coro);
    }

    /**
     * Runs {@code fn} on a shared pool of daemon platform threads and returns a future of this loop
     * for its outcome: the way to call blocking or long-running code from a task. {@code fn} runs in
     * a copy of the caller's current {@link Context}.
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
     * of this loop for its outcome, in a copy of the caller's current {@link Context}. Cancelling the
     * future does not stop {@code fn}; its outcome is then dropped.
     *
     * @thread the loop's thread
     */
    public <T> Future<T> runInExecutor(Executor executor, Callable<T> fn) {
        Objects.requireNonNull(fn, "fn");
        checkThread("runInExecutor");
        return ThreadBridge.runInExecutor(this, executor, fn);
    }

    // ---- checks ----------------------------------------------------------------------------

    /** Whether the caller may touch this loop's state: no thread runs it, or the caller is its thread. */
    boolean onLoopThread() {
        Thread o = owner;
        Thread c = Thread.currentThread();
        return o == null || c == o || c == stepThread;
    }

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

    // ---- errors, debug, watchdog -----------------------------------------------------------

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
     * @thread the loop's thread; the watchdog's "loop stuck" report comes from the watchdog's own
     *     thread (the loop's thread is the one that is stuck), so a handler must accept that one
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

    /**
     * Sets the watchdog's threshold: when the loop's thread has been inside one callback or task
     * step for longer than {@code seconds} of real time, the exception handler gets one "Event loop
     * stuck" report (from the watchdog's thread) naming the task, its stack and the fix
     * ({@code loop.toThread(...)}), and one "Event loop recovered" report (from the loop's thread)
     * when it gives the loop back, with the time lost. 0 turns the watchdog off for this loop.
     * Unlike debug mode's slow-callback report, this one arrives while the loop is still stuck.
     *
     * @throws IllegalArgumentException if {@code seconds} is negative, NaN or infinite
     * @thread any thread
     */
    public void setWatchdog(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("setWatchdog: " + seconds + " is not a finite number of seconds >= 0 "
                    + "(0 turns the watchdog off)");
        }
        watchdogSeconds = seconds;
        Watchdog.thresholdChanged();
    }

    /** The watchdog's threshold in seconds (0: off); {@code -Dweft.watchdog=seconds}, else 1. */
    public double getWatchdog() {
        return watchdogSeconds;
    }

    void warn(String message) {
        Consumer<String> sink = warningSink;
        if (sink != null) {
            sink.accept(message);
        } else {
            LOG.log(Level.WARNING, message);
        }
    }

    void reportUnretrievedLater(Future.Unretrieved u) {
        if (!closed && core.entries.offer(new Handle(this, () -> reportUnretrieved(u)))) {
            core.wakeup();
            return;
        }
        reportUnretrieved(u);
    }

    void reportUnretrieved(Future.Unretrieved u) {
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
        return "EventLoop-" + id + "[" + state + (clock.isVirtual() ? ", virtual time=" + clock.now() : "")
                + ", " + backend.name().toLowerCase(java.util.Locale.ROOT) + " tasks, ready=" + core.ready.size()
                + ", timers=" + core.timers.size() + ", tasks=" + tasks.size() + "]";
    }
}
