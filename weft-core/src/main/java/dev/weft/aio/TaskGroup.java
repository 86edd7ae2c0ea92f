package dev.weft.aio;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Structured concurrency: a scope whose tasks all end before it does; the first failure cancels
 * the others and every failure surfaces together as one {@link ExceptionGroup}.
 *
 * <p>Python: {@code asyncio.TaskGroup} (3.11). {@code async with TaskGroup() as tg:} becomes
 * {@code TaskGroup.run(tg -> { ... })}: the body is a lambda because the scope must replace the
 * exception leaving it (a failure of the body and of the tasks become one
 * {@link ExceptionGroup}; the {@link CancelledError} the group caused itself disappears), which
 * a try-with-resources {@code close()} cannot do. Java {@link Error}s other than
 * {@link CancelledError} play the part of Python's {@code BaseException}s
 * ({@code KeyboardInterrupt}, {@code SystemExit}): they are rethrown as they are, not grouped.
 *
 * {@snippet :
 * TaskGroup.run(tg -> {
 *     Task<String> a = tg.createTask(() -> fetch("a"));
 *     Task<String> b = tg.createTask(() -> fetch("b"));
 *     // run() returns when both are done; if one fails, the other is cancelled
 * });
 * }
 *
 * <p>States ({@link #toString()} shows them):
 * <pre>
 * OPEN     -> ABORTING  // a task failed, or the body threw: the remaining tasks are cancelled
 * OPEN     -> EXITING   // the body returned: waiting for the tasks
 * ABORTING -> EXITING   // the body ended (returned or threw)
 * EXITING  -> CLOSED    // the last task ended; run() returns or throws
 * </pre>
 */
public final class TaskGroup {
    /*
     * Implementation notes
     *
     * The group runs in its parent task. When a child fails while the body is still running, the
     * group cancels the parent too (once, remembered in parentCancelRequested) so that whatever
     * the body awaits is interrupted; on exit it calls uncancel() for that request and drops the
     * resulting CancelledError unless another cancellation of the parent is still pending (then
     * it propagates: the group must not swallow an outside cancel). While waiting for children
     * during exit, a cancellation of the parent cancels the children and is propagated after they
     * have ended, unless there are errors to report.
     */

    /**
     * The body of a task group.
     */
    @FunctionalInterface
    public interface Body {
        /** Runs the body; {@code group} creates the tasks. */
        void run(TaskGroup group) throws Exception;
    }

    private final EventLoop loop;
    private final Task<?> parent;
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    private Throwable baseError;
    private boolean exiting;
    private boolean aborting;
    private boolean closed;
    private boolean parentCancelRequested;
    private Future<Object> onCompleted;

    private TaskGroup(Task<?> parent) {
        this.parent = parent;
        this.loop = parent.loop();
    }

    /**
     * Runs {@code body} with a new group and waits until every task created in it has ended.
     *
     * <p>@suspends until all the group's tasks are done.
     * <p>@cancellation cancelling the calling task cancels every task of the group; run() waits
     * for them to end, then throws the {@link CancelledError} (or the {@link ExceptionGroup}, if
     * tasks had failed).
     * <p>@thread the loop thread, inside a task.
     *
     * @throws ExceptionGroup the failures of the tasks and of the body, in the order they happened
     */
    public static void run(Body body) {
        TaskGroup group = new TaskGroup(Task.current());
        Throwable bodyFailure = null;
        try {
            body.run(group);
        } catch (Throwable t) {
            bodyFailure = t;
        }
        group.exit(bodyFailure);
    }

    /**
     * Creates a task in this group; see {@link EventLoop#createTask(Callable)}.
     *
     * @throws IllegalStateException if the group has finished, or is shutting down after a failure
     */
    public <T> Task<T> createTask(Callable<T> coro) {
        return createTask(coro, null);
    }

    /**
     * Creates a named task in this group; see {@link EventLoop#createTask(Callable, String)}.
     *
     * @throws IllegalStateException if the group has finished, or is shutting down after a failure
     */
    public <T> Task<T> createTask(Callable<T> coro, String name) {
        if (closed || (exiting && tasks.isEmpty())) {
            throw new IllegalStateException("TaskGroup " + this + " is finished: create tasks inside"
                    + " the body of TaskGroup.run, or in its tasks while they run");
        }
        if (aborting) {
            throw new IllegalStateException("TaskGroup " + this + " is shutting down: a task or the"
                    + " body failed, so no new task is started");
        }
        Task<T> task = name == null ? loop.createTask(coro) : loop.createTask(coro, name);
        tasks.add(task);
        task.addDoneCallback(this::onTaskDone);
        return task;
    }

    private void onTaskDone(Future<?> task) {
        tasks.remove(task);
        if (onCompleted != null && tasks.isEmpty() && !onCompleted.done()) {
            onCompleted.setResult(Boolean.TRUE);
        }
        if (task.cancelled()) {
            return;
        }
        Throwable exc = task.exception();
        if (exc == null) {
            return;
        }
        errors.add(exc);
        if (isBaseError(exc) && baseError == null) {
            baseError = exc;
        }
        if (!aborting && !parentCancelRequested) {
            // Interrupt whatever the body awaits right now; exit() undoes this with uncancel().
            abort();
            parentCancelRequested = true;
            if (!parent.done()) {
                parent.cancel();
            }
        }
    }

    private static boolean isBaseError(Throwable t) {
        return t instanceof Error && !(t instanceof CancelledError);
    }

    private void abort() {
        aborting = true;
        for (Task<?> t : List.copyOf(tasks)) {
            if (!t.done()) {
                t.cancel();
            }
        }
    }

    private void exit(Throwable exc) {
        exiting = true;
        if (exc != null && isBaseError(exc) && baseError == null) {
            baseError = exc;
        }
        Throwable propagateCancel = exc instanceof CancelledError ? exc : null;
        if (exc != null && !aborting) {
            abort();
        }
        while (!tasks.isEmpty()) {
            onCompleted = loop.createFuture();
            try {
                onCompleted.await();
            } catch (CancelledError e) {
                if (!aborting) {
                    propagateCancel = e;
                    abort();
                }
            }
            onCompleted = null;
        }
        closed = true;
        if (baseError != null) {
            throw dev.weft.internal.strand.Strand.sneakyThrow(baseError);
        }
        if (parentCancelRequested && parent.uncancel() == 0) {
            propagateCancel = null; // the cancellation was ours: it only interrupted the body
        }
        if (propagateCancel != null && errors.isEmpty()) {
            throw (CancelledError) propagateCancel;
        }
        if (exc != null && !(exc instanceof CancelledError)) {
            errors.add(exc);
        }
        if (!errors.isEmpty()) {
            throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
        }
    }

    private String state() {
        return closed ? "CLOSED" : exiting ? "EXITING" : aborting ? "ABORTING" : "OPEN";
    }

    /** The state and the tasks still running, e.g. {@code TaskGroup[OPEN, tasks=3]}. */
    @Override
    public String toString() {
        return "TaskGroup[" + state() + ", tasks=" + tasks.size()
                + (errors.isEmpty() ? "" : ", errors=" + errors.size()) + "]";
    }
}
