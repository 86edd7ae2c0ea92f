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
 * <pre>
 *   CREATED   -> RUNNING    // the loop runs the task's first step
 *   RUNNING   -> WAITING    // the body awaits a pending future (or blocks, loop-scheduled backend)
 *   WAITING   -> RUNNING    // the future is done; the loop resumes the body
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
 * Cancel bookkeeping mirrors asyncio 3.11: cancelRequests (cancelling()), mustCancel (deliver a
 * CancelledError at the next suspension point), cancelMessage. If the task waits on a future, cancel
 * cancels that future instead, and the future's CancelledError is what the await throws.
 *
 * Blocking JDK calls (loop-scheduled backend only): a task that is started, not parked by weft and
 * not the running task is blocked outside weft (or queued to run after such a call). cancel()
 * interrupts its virtual thread and records `interrupted`. The interrupt surfaces in the body as
 * the JDK's InterruptedException / ClosedByInterruptException. runBody() turns a body that ends
 * with such an exception (anywhere in its cause chain) while mustCancel is set into a cancelled
 * task, and the next weft suspension point delivers CancelledError if the body swallowed it. Each
 * delivery clears the interrupt flag weft set, so it never leaks into later blocking calls.
 */
public final class Task<T> extends Future<T> {
    private final Callable<T> coro;
    /** The given name, or null until name() first builds Task-<number> (most names are never read). */
    private String name;
    private final int number;
    final TaskRunner runner;
    final Throwable creationSite;
    Thread thread;
    Future<?> waitingOn;
    /** Links of the loop's TaskList (no entry object per task). */
    Task<?> prevInLoop;
    Task<?> nextInLoop;
    boolean started;
    boolean mustCancel;
    boolean interrupted;
    private boolean abandoned;
    private int cancelRequests;
    /** An abandoned task that swallowed this many CancelledErrors is ended by force (LoopRunner's notes). */
    static final int MAX_ABANDONED_DELIVERIES = 100;

    Task(EventLoop loop, Callable<T> coro, String name, int number) {
        super(loop);
        this.coro = coro;
        this.name = name;
        this.number = number;
        this.creationSite = loop.debug ? new Throwable("task created here") : null;
        this.runner = loop.backend == TaskBackend.LOOP ? new TaskRunner.LoopThread(this) : new TaskRunner.OnStrand(this);
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
        Future<?> w = waitingOn;
        if (w != null && w.cancel(msg)) {
            return true;
        }
        mustCancel = true;
        cancelMessage = msg;
        if (started && !runner.parked && loop.currentTask != this && runner.canInterrupt()) {
            interrupted = true;
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
                mustCancel = false;
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
        if (!started || done() || loop.currentTask == this) {
            return new StackTraceElement[0];
        }
        return runner.stackTrace();
    }

    // ---- inside the task --------------------------------------------------------------------

    /** Parks this (current) task until {@code f} is done. */
    void suspendOn(Future<?> f) {
        if (f == this) {
            throw new IllegalStateException(this + " awaited itself: it would wait forever");
        }
        runner.checkCanPark();
        deliverCancel();
        waitingOn = f;
        f.addDoneCallback(runner);
        try {
            runner.park();
        } finally {
            waitingOn = null;
        }
        if (!f.done()) {
            f.removeDoneCallback(runner);
        }
        deliverCancel();
    }

    /** Lets every other ready callback and task run once; Aio.sleep(0). */
    void yieldNow() {
        runner.checkCanPark();
        deliverCancel();
        loop.callSoonWake(runner);
        runner.park();
        deliverCancel();
    }

    private void deliverCancel() {
        if (mustCancel || abandoned) {
            if (abandoned && LoopRunner.refusedTooOften(this)) {
                return; // it swallowed even the Error that ends it: suspend for real (LoopRunner's notes)
            }
            mustCancel = false;
            clearOurInterrupt();
            throw new CancelledError(cancelMessage);
        }
    }

    /** The loop closes while this task is pending: cancel it at every suspension point from now on. */
    void abandon() {
        if (done()) {
            return;
        }
        abandoned = true;
        mustCancel = true;
        cancelMessage = "the event loop closed while " + name() + " was pending";
        if (!started) {
            return; // its start step is queued; the body will not run
        }
        if (runner.parked) {
            runner.wake();
        } else if (runner.canInterrupt() && loop.currentTask != this) {
            interrupted = true;
            runner.interrupt();
        }
    }

    private void clearOurInterrupt() {
        if (interrupted) {
            interrupted = false;
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
            r = coro.call();
        } catch (CancelledError c) {
            finishCancelled(c.getMessage(), c);
            return;
        } catch (LoopRunner.Abandoned a) {
            finishCancelled(cancelMessage, a);
            return;
        } catch (Throwable t) {
            if (mustCancel && isInterruption(t)) {
                mustCancel = false;
                clearOurInterrupt();
                finishCancelled(cancelMessage, t);
                return;
            }
            loop.taskEnded(this);
            completeException(t);
            return;
        }
        if (mustCancel) {
            mustCancel = false;
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
        if (interrupted && Thread.currentThread().isInterrupted()) {
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

    String state() {
        if (done()) {
            return stateName();
        }
        if (!started) {
            return "created";
        }
        if (loop.currentTask == this) {
            return "running";
        }
        if (runner.parked) {
            return "waiting";
        }
        return loop.backend == TaskBackend.LOOP ? "blocked or ready" : "ready";
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
