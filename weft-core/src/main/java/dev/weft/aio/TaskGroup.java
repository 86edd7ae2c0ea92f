package dev.weft.aio;

import dev.weft.internal.strand.Strand;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Structured concurrency: a scope whose tasks all end before it does; the first failure cancels
 * the others and every failure surfaces together as one group.
 *
 * <p>Python: {@code asyncio.TaskGroup} (3.11). {@code async with TaskGroup() as tg:} becomes
 * {@code TaskGroup.run(tg -> { ... })} ({@link #call} when the body returns a value, or
 * {@code new TaskGroup()} and {@link #enter} to create the group before entering it): the body
 * is a lambda because the scope must replace the exception leaving it (a failure of the body and
 * of the tasks become one group; the {@link CancelledError} the group caused itself disappears),
 * which a try-with-resources {@code close()} cannot do. Failures that are all {@link Exception}s
 * become an {@link ExceptionGroup}; if any is an {@link Error} (Python's {@code BaseException}s
 * that are not {@code Exception}s) they become a {@link BaseExceptionGroup}. Only a JVM's fatal
 * {@link VirtualMachineError} ({@code OutOfMemoryError}, {@code StackOverflowError}; Python
 * re-raises {@code SystemExit} and {@code KeyboardInterrupt} bare in the same way) is rethrown as it
 * is, with the other failures attached as suppressed: nothing is dropped.
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
 * NEW      -> OPEN      // enter(body) (run/call do it): the body starts in the calling task
 * OPEN     -> ABORTING  // a task failed, or the body threw: the remaining tasks are cancelled
 * OPEN     -> EXITING   // the body returned: waiting for the tasks
 * ABORTING -> EXITING   // the body ended (returned or threw)
 * EXITING  -> CLOSED    // the last task ended; enter() returns or throws
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
     * The body of a task group that returns nothing.
     */
    @FunctionalInterface
    public interface Body {
        /** Runs the body; {@code group} creates the tasks. */
        void run(TaskGroup group) throws Exception;
    }

    /**
     * The body of a task group that returns a value.
     *
     * @param <T> the value's type
     */
    @FunctionalInterface
    public interface Call<T> {
        /** Runs the body; {@code group} creates the tasks. */
        T call(TaskGroup group) throws Exception;
    }

    private EventLoop loop;
    private Task<?> parent;
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    private Throwable fatal;
    private boolean entered;
    private boolean exiting;
    private boolean aborting;
    private boolean closed;
    private boolean parentCancelRequested;
    private Future<Object> onCompleted;

    /**
     * Creates a group that is not entered yet, as {@code asyncio.TaskGroup()} does; tasks can be
     * created once it is entered with {@link #enter}.
     */
    public TaskGroup() {
    }

    /**
     * Runs {@code body} with a new group and waits until every task created in it has ended.
     *
     * <p>@suspends until all the group's tasks are done.
     * <p>@cancellation cancelling the calling task cancels every task of the group; run() waits
     * for them to end, then throws the {@link CancelledError} (or the group of failures, if tasks
     * had failed).
     * <p>@thread the loop thread, inside a task.
     *
     * @throws ExceptionGroup the failures of the tasks and of the body, in the order they happened
     * @throws BaseExceptionGroup instead, when one of the failures is an {@link Error}
     */
    public static void run(Body body) {
        new TaskGroup().enter(g -> {
            body.run(g);
            return null;
        });
    }

    /**
     * Runs {@code body} with a new group, waits until every task created in it has ended, and
     * returns the body's value. Named {@code call}, not {@code run}: an overload of {@code run}
     * would make a one-line lambda such as {@code tg -> tg.createTask(work)} ambiguous in Java.
     *
     * {@snippet :
     * List<Task<String>> pages = TaskGroup.call(tg -> urls.stream().map(u -> tg.createTask(() -> fetch(u))).toList());
     * // every task is done here
     * }
     *
     * <p>@suspends, @cancellation and @thread as {@link #run(Body)}.
     *
     * @throws ExceptionGroup as {@link #run(Body)}
     * @throws BaseExceptionGroup as {@link #run(Body)}
     */
    public static <T> T call(Call<T> body) {
        return new TaskGroup().enter(body);
    }

    /**
     * Enters this group (Python's {@code async with tg:}): runs {@code body} in the calling task,
     * waits until every task of the group has ended and returns the body's value.
     *
     * <p>@suspends, @cancellation and @thread as {@link #run(Body)}.
     *
     * @throws IllegalStateException if the group was entered before ("TaskGroup has already been
     *     entered")
     * @throws ExceptionGroup as {@link #run(Body)}
     * @throws BaseExceptionGroup as {@link #run(Body)}
     */
    public <T> T enter(Call<T> body) {
        if (entered) {
            throw new IllegalStateException("TaskGroup " + this + " has already been entered: a group runs"
                    + " one body; create a new TaskGroup (or use TaskGroup.run) for another");
        }
        parent = Task.current();
        loop = parent.loop();
        entered = true;
        T value = null;
        Throwable bodyFailure = null;
        try {
            value = body.call(this);
        } catch (Throwable t) {
            bodyFailure = t;
        }
        exit(bodyFailure);
        return value;
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
        if (!entered) {
            throw new IllegalStateException("TaskGroup " + this + " has not been entered: create tasks"
                    + " inside its body, e.g. tg.enter(g -> g.createTask(work)) or TaskGroup.run(g -> ...)");
        }
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
        if (exc instanceof VirtualMachineError && fatal == null) {
            fatal = exc;
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
        if (exc instanceof VirtualMachineError && fatal == null) {
            fatal = exc;
        }
        Throwable propagateCancel = exc instanceof CancelledError ? exc : null;
        if (exc != null && !aborting) {
            abort();
        }
        while (!tasks.isEmpty()) {
            onCompleted = new Future<>(loop) {
                @Override
                java.util.Collection<? extends Future<?>> awaitedFutures() {
                    return tasks; // the parent waits for the group's tasks (awaited-by edges)
                }
            };
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
        boolean ourCancel = parentCancelRequested && parent.uncancel() == 0;
        if (fatal != null) {
            // the JVM may be unable to go on: rethrow it bare, with everything else attached
            for (Throwable e : errors) {
                if (e != fatal) {
                    fatal.addSuppressed(e);
                }
            }
            if (exc != null && exc != fatal && !(exc instanceof CancelledError)) {
                fatal.addSuppressed(exc);
            }
            throw Strand.sneakyThrow(fatal);
        }
        if (ourCancel) {
            propagateCancel = null; // the cancellation was ours: it only interrupted the body
        }
        if (propagateCancel != null && errors.isEmpty()) {
            throw (CancelledError) propagateCancel;
        }
        if (exc != null && !(exc instanceof CancelledError)) {
            errors.add(exc);
        }
        if (!errors.isEmpty()) {
            throw Strand.sneakyThrow(ThrowableGroup.of("unhandled errors in a TaskGroup", errors).asThrowable());
        }
    }

    private String state() {
        return closed ? "CLOSED" : exiting ? "EXITING" : aborting ? "ABORTING" : entered ? "OPEN" : "NEW";
    }

    /** The state and the tasks still running, e.g. {@code TaskGroup[OPEN, tasks=3]}. */
    @Override
    public String toString() {
        return "TaskGroup[" + state() + ", tasks=" + tasks.size()
                + (errors.isEmpty() ? "" : ", errors=" + errors.size()) + "]";
    }
}
