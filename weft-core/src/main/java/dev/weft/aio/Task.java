package dev.weft.aio;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * A {@link Future} that runs a body as a task of its {@link EventLoop}: the body starts on the next
 * loop iteration, runs until it suspends ({@code await}, {@code Aio.sleep}, or, with the
 * {@link TaskBackend#LOOP loop-scheduled} backend, any blocking JDK call), and its return value or
 * exception becomes the task's outcome.
 *
 * <p>States ({@link #toString()} shows them):
 * <pre>
 *   CREATED   -> RUNNING    // the loop runs the task's first step
 *   RUNNING   -> WAITING    // the body awaits a pending future
 *   WAITING   -> READY      // the future is done: a step that resumes the body is due (usually
 *                           // taken at once, inside the future's done callback)
 *   RUNNING   -> READY      // Aio.sleep(0): the body lets every other ready task run once
 *   READY     -> RUNNING    // the loop resumes the body
 *   RUNNING   -> BLOCKED    // loop-scheduled backend only: the body is inside a blocking JDK call
 *   BLOCKED   -> RUNNING    // the call returned (or was interrupted by a cancel)
 *   RUNNING   -> FINISHED   // the body returns (result) or throws (exception)
 *   RUNNING   -> CANCELLED  // the body lets a CancelledError escape
 *   CREATED   -> CANCELLED  // cancelled before its first step: the body never runs
 * </pre>
 *
 * {@snippet :
 * int sum = EventLoop.run(() -> {
 *     Task<Integer> a = EventLoop.current().createTask(() -> { Aio.sleep(1); return 1; });
 *     Task<Integer> b = EventLoop.current().createTask(() -> { Aio.sleep(1); return 2; });
 *     return a.await() + b.await(); // both sleep at the same time: one second in all
 * });
 * }
 *
 * <p>Cancellation: {@link #cancel(String)} asks the task to stop. If the task awaits a future, that
 * future is cancelled (so cancellation travels down a chain of awaits, as in asyncio); otherwise the
 * task gets a {@link CancelledError} at its next suspension point. With the loop-scheduled backend a
 * task blocked in a JDK call ({@code Thread.sleep}, {@code BlockingQueue.take}, a socket read) is
 * interrupted: the {@code InterruptedException} (or {@code ClosedByInterruptException}, which also
 * closes the channel, as the JDK does for any interrupt) is what the body sees there; if it escapes
 * the body, or the body swallows it and suspends again, the task ends cancelled. {@code finally}
 * blocks always run. {@link #cancelling()} counts pending requests, {@link #uncancel()} withdraws one.
 *
 * <p>Python: {@code asyncio.Task}. The body is a {@link Callable}, not a coroutine object: it may
 * await from any depth of ordinary method calls.
 *
 * @param <T> the result type
 */
/* Implementation notes
 *
 * The one place a task waits is suspendOn(f) (and yieldNow for sleep(0)): it registers its runner
 * (a Consumer that wakes the task; no per-task or per-await lambda) as a done callback of f and parks through its runner; the loop runs the callback, which wakes the
 * runner; the runner resumes the task inline in that callback's loop step, so a task resumes in the
 * same loop iteration its future's callbacks run, on both backends (the ordering tests rely on it).
 *
 * The state. asyncio's invariant holds: either the task waits on exactly one future (waitingOn)
 * and no step of it is scheduled, or a step is scheduled (or running) and it waits on nothing. One
 * field, taskState, holds the lifecycle in its LIFE bits and the cancel-delivery flags above them;
 * the public state of the table above is derived from it (state()), as kotlinx's JobSupport maps
 * its internal states to isActive/isCompleted:
 *
 *   taskState LIFE   other fields                          state()      table
 *   CREATED          -                                     created      CREATED
 *   RUNNING          loop.currentTask == this              running      RUNNING
 *   RUNNING          currentTask != this, LOOP backend     blocked      BLOCKED
 *   RUNNING          currentTask != this, strand backend   ready        READY (first step queued)
 *   WAITING          waitingOn pending                     waiting      WAITING
 *   WAITING          waitingOn done (its wake-up queued)   ready        READY
 *   YIELDING         wake-up queued by sleep(0)            ready        READY
 *   any              Future done                           finished / cancelled
 *
 *   flags: MUST_CANCEL  a cancel request not delivered yet (asyncio's _must_cancel)
 *          INTERRUPTED  weft interrupted the task's thread for it (loop-scheduled backend)
 *          ABANDONED    the loop closed while it was pending: cancel at every suspension
 *
 * Timeline of one task: CREATED -(runner.start: markStarted)-> RUNNING -(suspendOn)-> WAITING
 * -(the future's done callback wakes the runner)-> RUNNING ... -(body ends)-> Future done. The
 * runner's own parked/woken pair (TaskRunner) only guards one park against a second wake-up; it
 * is not a task state. cancelRequests is a count (cancelling()), not a state.
 *
 * Cancel bookkeeping mirrors asyncio 3.11: cancelRequests (cancelling()), MUST_CANCEL (a request
 * not delivered yet), cancelMessage. If the task waits on a future, cancel cancels that future
 * instead, and the future's CancelledError is what the await throws. A request made while the task
 * runs is remembered and, at the next suspension on a future, cancels that future (asyncio's
 * __step: `if self._must_cancel: if self._fut_waiter.cancel(): self._must_cancel = False`), so a
 * child task awaited next is cancelled too and the await raises once it has ended; if the future
 * refuses (a gather whose children are all done), the task waits for it and then raises.
 * sleep(0) (yieldNow) awaits no future: there the request is raised at once.
 *
 * Blocking JDK calls (loop-scheduled backend only): a task that is started, not parked by weft and
 * not the running task is blocked outside weft (or queued to run after such a call). cancel()
 * interrupts its virtual thread and sets INTERRUPTED. The interrupt surfaces in the body as
 * the JDK's InterruptedException / ClosedByInterruptException. runBody() turns a body that ends
 * with such an exception (anywhere in its cause chain) while MUST_CANCEL is set into a cancelled
 * task, and the next weft suspension point delivers CancelledError if the body swallowed it. Each
 * delivery clears the interrupt flag weft set, so it never leaks into later blocking calls.
 */
public final class Task<T> extends Future<T> {
    private final Callable<T> coro;
    /** The given name, or null until name() first builds Task-<number> (most names are never read). */
    private String name;
    private final int number;
    final TaskRunner runner;
    /**
     * The task's context: its creator's variables (an Object[] snapshot) until someone needs the
     * Context object, then that object (see ContextSlot's notes).
     */
    private Object context;
    final Throwable creationSite;
    Thread thread;
    Future<?> waitingOn;
    /** The innermost async generator whose body runs in this task now, or null (AsyncGenerator's notes). */
    AsyncGenerator.Core<?, ?> agenRunning;
    /** The async generators this task has left suspended, closed when its body ends; null if none. */
    java.util.List<AsyncGenerator<?, ?>> agensOpen;
    /** Links of the loop's TaskList (no entry object per task). */
    Task<?> prevInLoop;
    Task<?> nextInLoop;
    /** The one task state: a lifecycle (LIFE bits) plus cancel-delivery flags; see the notes. */
    private int taskState = CREATED;
    /** The loop time when the task entered its state; noted only while inspection is on (LoopInspection). */
    double stateSince = Double.NaN;
    private int cancelRequests;
    /** An abandoned task that swallowed this many CancelledErrors is ended by force (LoopRunner's notes). */
    static final int MAX_ABANDONED_DELIVERIES = 100;

    private static final int LIFE = 3;
    private static final int CREATED = 0;
    private static final int RUNNING = 1;
    private static final int WAITING = 2;
    private static final int YIELDING = 3;
    private static final int MUST_CANCEL = 4;
    private static final int INTERRUPTED = 8;
    private static final int ABANDONED = 16;

    Task(EventLoop loop, Callable<T> coro, String name, int number, Context context) {
        super(loop);
        this.context = context != null ? context : ContextSlot.currentVars();
        this.coro = coro;
        this.name = name;
        this.number = number;
        this.creationSite = loop.debug ? new Throwable("task created here") : null;
        if (loop.inspection != null) {
            stateSince = loop.core.now;
        }
        this.runner = loop.backend == TaskBackend.LOOP ? new TaskRunner.LoopThread(this) : new TaskRunner.OnStrand(this);
    }

    /**
     * The context the task runs in: a copy of the context current where it was created, or the one
     * given to {@link EventLoop#createTask(Callable, String, Context)}. Python: {@code Task.get_context()}.
     */
    public Context getContext() {
        return context();
    }

    /** The task's context, made now if it was not yet; entered if the task is running. */
    Context context() {
        if (context instanceof Context c) {
            return c;
        }
        Context c = new Context((Object[]) context);
        c.entered = loop.currentTask == this;
        context = c;
        return c;
    }

    /** The task's context if it has been made, else null. */
    Context contextIfMade() {
        return context instanceof Context c ? c : null;
    }

    /** The variables of the task's context, without making it. */
    Object[] contextVars() {
        return context instanceof Context c ? c.vars : (Object[]) context;
    }

    /** The task's name, given at creation or {@code Task-<n>}. */
    public String name() {
        String n = name;
        if (n == null) {
            n = "Task-" + number;
            name = n;
        }
        return n;
    }

    /** The name of the task's virtual thread, built without keeping a second name string alive. */
    String threadName() {
        return name != null ? "weft-task " + name : "weft-task Task-" + number;
    }

    /**
     * Requests cancellation; see the class description.
     *
     * @return false if the task is already done
     * @thread the loop's thread
     */
    @Override
    public boolean cancel(String msg) {
        loop.checkThread("cancel");
        if (done()) {
            return false;
        }
        cancelRequests++;
        if (Flight.on) {
            Flight.cancelRequested(this, msg);
        }
        Future<?> w = waitingOn;
        if (w != null && w.cancel(msg)) {
            return true;
        }
        set(MUST_CANCEL);
        cancelMessage = msg;
        if (started() && !runner.parked && loop.currentTask != this && runner.canInterrupt()) {
            set(INTERRUPTED);
            runner.interrupt();
        }
        return true;
    }

    /**
     * Withdraws one cancellation request and returns how many remain; at zero, a pending
     * {@code CancelledError} that has not been delivered yet is dropped.
     *
     * @thread the loop's thread
     */
    public int uncancel() {
        if (cancelRequests > 0) {
            cancelRequests--;
            if (cancelRequests == 0) {
                clear(MUST_CANCEL);
            }
        }
        return cancelRequests;
    }

    /** How many cancellation requests are pending (not withdrawn with {@link #uncancel()}). */
    public int cancelling() {
        return cancelRequests;
    }

    /**
     * A task's outcome is its body's; setting it from outside is refused.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void setResult(T value) {
        throw new UnsupportedOperationException("Task does not support setResult: " + this
                + " gets its result from its body; use a Future from loop.createFuture() instead");
    }

    /**
     * A task's outcome is its body's; setting it from outside is refused.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void setException(Throwable t) {
        throw new UnsupportedOperationException("Task does not support setException: " + this
                + " gets its outcome from its body; use a Future from loop.createFuture() instead");
    }

    /**
     * The task running now.
     *
     * @throws IllegalStateException if the caller is not inside a task
     */
    public static Task<?> current() {
        EventLoop loop = EventLoop.running();
        Task<?> t = loop == null ? null : loop.currentTask;
        if (t == null || t.thread != Thread.currentThread()) {
            throw new IllegalStateException("no current task: " + Thread.currentThread()
                    + " is not running a task of any event loop; call this inside EventLoop.run(...) or a Task");
        }
        return t;
    }

    /** The current task, for a suspension on a future of {@code loop}. */
    static Task<?> currentForAwait(EventLoop loop, Object what) {
        Task<?> mine = loop == null ? null : loop.currentTask;
        if (mine != null && mine.thread == Thread.currentThread()) {
            return mine; // the common case, without a ThreadLocal lookup
        }
        EventLoop running = EventLoop.running();
        Task<?> t = running == null ? null : running.currentTask;
        if (t == null || t.thread != Thread.currentThread()) {
            throw new IllegalStateException("await outside a task: " + what + " was awaited on "
                    + Thread.currentThread() + ", which is not running a task of any event loop; run it inside "
                    + "EventLoop.run(...) or a Task (loop.createTask), or use result() once done()"
                    + (Thread.currentThread().isVirtual() && running == null
                            ? ". If this is a generator or greenlet body driven by a task: tasks on strands cannot "
                            + "await from there; give the JVM " + dev.weft.internal.strand.BackendPolicy.opensFlag()
                            + " so that tasks are loop-scheduled virtual threads, which can"
                            : ""));
        }
        if (loop != null && t.loop != loop) {
            throw new IllegalStateException(t + " awaited " + what + ", which belongs to another loop ("
                    + loop + "); a future can only be awaited by tasks of its own loop. Hand results between "
                    + "loops with runCoroutineThreadsafe or Future.wrap(CompletableFuture, loop)");
        }
        return t;
    }

    /** The tasks of the running loop that are not done yet. */
    public static Set<Task<?>> allTasks() {
        EventLoop loop = EventLoop.running();
        if (loop == null || !loop.isRunning()) {
            throw new IllegalStateException("no running event loop on " + Thread.currentThread()
                    + "; call loop.allTasks() on a loop you hold, or call this inside a task");
        }
        return loop.allTasks();
    }

    /** The body's stack where it is suspended, innermost frame first; empty if not suspended. */
    public StackTraceElement[] stackTrace() {
        if (!started() || done() || loop.currentTask == this) {
            return new StackTraceElement[0];
        }
        return runner.stackTrace();
    }

    // ---- the state field ----------------------------------------------------------------------

    private int life() {
        return taskState & LIFE;
    }

    private void setLife(int life) {
        taskState = (taskState & ~LIFE) | life;
        if (loop.inspection != null) {
            stateSince = loop.core.now;
        }
    }

    private boolean has(int flag) {
        return (taskState & flag) != 0;
    }

    private void set(int flag) {
        taskState |= flag;
    }

    private void clear(int flag) {
        taskState &= ~flag;
    }

    /** Whether the body has been started (its first step was taken or queued by the runner). */
    boolean started() {
        return life() != CREATED;
    }

    /** The runner starts the body: CREATED -> RUNNING. */
    void markStarted() {
        setLife(RUNNING);
    }

    // ---- inside the task --------------------------------------------------------------------

    /** Parks this (current) task until {@code f} is done. */
    void suspendOn(Future<?> f) {
        enterWait(f);
        try {
            runner.park();
        } finally {
            endWait();
        }
        leaveWait(f);
    }

    /*
     * suspendOn in three parts, so that ParkingLot.park can park through runner.park() itself with
     * no frame of ours in between (every frame stays in each waiting task's stack chunk): what comes
     * before the park, what always follows it, and what follows a park that returned normally.
     */

    /** Before parking on {@code f}: checks, delivery of a pending cancel request, WAITING. */
    void enterWait(Future<?> f) {
        if (f == this) {
            throw new IllegalStateException(this + " awaited itself: it would wait forever");
        }
        runner.checkCanPark();
        if (has(ABANDONED)) {
            deliverCancel();
        }
        if (has(MUST_CANCEL) && f.cancel(cancelMessage)) {
            // asyncio's rule: a cancel requested while the task ran goes to what it awaits next
            // (a child task awaited next is cancelled too); the await then raises that future's
            // CancelledError once it is done.
            clear(MUST_CANCEL);
            clearOurInterrupt();
        }
        waitingOn = f;
        setLife(WAITING);
        f.addDoneCallbackNoContext(runner); // a wake-up: the task has its own context
    }

    /** After the park, however it ended: waiting on nothing, RUNNING. */
    void endWait() {
        waitingOn = null;
        setLife(RUNNING);
    }

    /** After a park that returned: drops the wake-up callback, delivers a cancel that came meanwhile. */
    void leaveWait(Future<?> f) {
        if (!f.done()) {
            f.removeDoneCallback(runner);
        } else if (Flight.on && cancelRequests > 0 && f.cancelled()) {
            Flight.cancelDelivered(this, "the awaited " + f + " was cancelled for it");
        }
        deliverCancel();
    }

    /**
     * A cancel delivered at a wait whose operation had already taken effect (a channel served the
     * task in the step before the cancel): the operation's outcome stands, and the request is
     * delivered again at the next suspension point, as a request made while running would be.
     */
    void redeliverCancel() {
        if (cancelRequests > 0) {
            set(MUST_CANCEL);
        }
    }

    /** Lets every other ready callback and task run once; Aio.sleep(0). */
    void yieldNow() {
        runner.checkCanPark();
        deliverCancel();
        loop.callSoonWake(runner);
        setLife(YIELDING);
        try {
            runner.park();
        } finally {
            setLife(RUNNING);
        }
        deliverCancel();
    }

    private void deliverCancel() {
        if (has(MUST_CANCEL | ABANDONED)) {
            if (has(ABANDONED) && LoopRunner.refusedTooOften(this)) {
                return; // it swallowed even the Error that ends it: suspend for real (LoopRunner's notes)
            }
            clear(MUST_CANCEL);
            clearOurInterrupt();
            if (Flight.on) {
                Flight.cancelDelivered(this, cancelMessage);
            }
            throw new CancelledError(cancelMessage);
        }
    }

    /** The loop closes while this task is pending: cancel it at every suspension point from now on. */
    void abandon() {
        if (done()) {
            return;
        }
        set(ABANDONED | MUST_CANCEL);
        cancelMessage = "the event loop closed while " + name() + " was pending";
        if (Flight.on) {
            Flight.cancelRequested(this, cancelMessage);
        }
        if (!started()) {
            return; // its start step is queued; the body will not run
        }
        if (runner.parked) {
            runner.wake();
        } else if (runner.canInterrupt() && loop.currentTask != this) {
            set(INTERRUPTED);
            runner.interrupt();
        }
    }

    private void clearOurInterrupt() {
        if (has(INTERRUPTED)) {
            clear(INTERRUPTED);
            Thread.interrupted();
        }
    }

    /** Runs the body on the task's own thread (loop thread, or its virtual thread) and settles it. */
    void runBody() {
        if (!(runner instanceof TaskRunner.LoopThread)) {
            EventLoop.bindTaskThread(loop); // a loop-scheduled thread finds its loop through its scheduler
        }
        T r;
        try {
            deliverCancel();
            try {
                r = coro.call();
            } catch (Throwable t) {
                if (agensOpen != null) {
                    AsyncGenerator.closeLeftOpen(this, t);
                }
                throw t;
            }
            if (agensOpen != null) {
                AsyncGenerator.closeLeftOpen(this, null);
            }
        } catch (CancelledError c) {
            finishCancelled(c.getMessage(), c);
            return;
        } catch (LoopRunner.Abandoned a) {
            finishCancelled(cancelMessage, a);
            return;
        } catch (Throwable t) {
            if (has(MUST_CANCEL) && isInterruption(t)) {
                clear(MUST_CANCEL);
                clearOurInterrupt();
                finishCancelled(cancelMessage, t);
                return;
            }
            loop.taskEnded(this);
            completeException(t);
            return;
        }
        if (has(MUST_CANCEL)) {
            clear(MUST_CANCEL);
            clearOurInterrupt();
            finishCancelled(cancelMessage, null);
            return;
        }
        loop.taskEnded(this);
        if (cancelRequests > 0 && loop.debug) {
            loop.callExceptionHandler(new ExceptionContext(this + " swallowed its cancellation: it was cancelled "
                    + "(cancelling()=" + cancelRequests + ") but returned normally. Re-throw CancelledError after "
                    + "cleaning up, or call uncancel() if absorbing it is intended", null, this, null));
        }
        completeResult(r);
    }

    private void finishCancelled(String msg, Throwable cause) {
        loop.taskEnded(this);
        cancelInternal(msg, cause);
    }

    private boolean isInterruption(Throwable t) {
        if (has(INTERRUPTED) && Thread.currentThread().isInterrupted()) {
            return true;
        }
        Set<Throwable> seen = new LinkedHashSet<>();
        for (Throwable x = t; x != null && seen.add(x) && seen.size() < 32; x = x.getCause()) {
            if (x instanceof InterruptedException || x instanceof ClosedByInterruptException
                    || x instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    /** The state of the table in the class description, as {@link #toString()} shows it. */
    String state() {
        if (done()) {
            return stateName();
        }
        switch (life()) {
            case CREATED:
                return "created";
            case WAITING:
                return waitingOn != null && waitingOn.done() ? "ready" : "waiting";
            case YIELDING:
                return "ready";
            default:
                // RUNNING but not the loop's current task: its first step is queued, or (loop-
                // scheduled backend only) its thread left the loop without weft parking it, inside
                // a blocking JDK call (or queued to come back from one)
                if (loop.currentTask == this) {
                    return "running";
                }
                return loop.backend == TaskBackend.LOOP ? "blocked" : "ready";
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Task[").append(name()).append(", ");
        if (done()) {
            sb.append(outcome());
        } else {
            sb.append(state());
            if (cancelRequests > 0) {
                sb.append(", cancelling=").append(cancelRequests);
            }
            Future<?> w = waitingOn;
            if (w != null) {
                sb.append(", awaiting ").append(w);
            }
        }
        return sb.append("]").toString();
    }
}
