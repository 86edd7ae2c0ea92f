package dev.weft.aio;

import dev.weft.gen.GeneratorExit;
import dev.weft.gen.GeneratorState;
import dev.weft.gen.StopIteration;
import dev.weft.internal.strand.Strand;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A generator whose body may await: a stream of values produced by I/O, consumed inside a task,
 * with cleanup that runs in the consumer's task the moment the consumer stops.
 *
 * <p>The body yields through its context and may await anything a task may ({@code Aio.sleep},
 * {@code future.await()}, a {@code StreamReader} read, a lock), at any depth of method calls. It
 * runs in the task that advances it: its awaits suspend that task, its {@code Task.current()} is
 * that task, and cancelling that task cancels what the body awaits.
 *
 * {@snippet :
 * AsyncGenerator<Integer, Void> ticks = AsyncGenerator.of(ctx -> {
 *     try {
 *         for (int i = 0; ; i++) {
 *             Aio.sleep(1);                    // awaits: the consumer's task waits here
 *             ctx.yield(i);
 *         }
 *     } finally {
 *         Aio.sleep(0.5);                      // a finally may await too
 *         System.out.println("closed at " + EventLoop.current().time());
 *     }
 * });
 * EventLoop.runVirtual(() -> {
 *     try (var it = ticks.iterate()) {        // async with aclosing(ticks) as it:
 *         for (int i : it) {                   //     async for i in it:
 *             if (i == 2) {
 *                 break;                       // the finally runs here, before the loop goes on:
 *             }                                // "closed at 3.5"
 *         }
 *     }
 *     return null;
 * });
 * }
 *
 * <p>Iterate inside a {@code try} with {@link #iterate()}, or with {@link #forEach(Action)}: when
 * the loop ends, breaks, throws or is cancelled, the generator is closed there and then, in the
 * consumer's task, and its {@code finally} blocks (which may await) have run before the next
 * statement. An {@code AsyncGenerator} is deliberately not {@link Iterable}, so a bare
 * {@code for (x : agen)} that would leave it suspended does not compile. A generator that a task
 * nevertheless leaves suspended ({@code iterate()} outside a {@code try}, or {@link #anext()} by
 * hand without {@link #aclose()}) is reported to the loop's exception handler when the task's body
 * ends, with the fix, and closed right then, still in that task; asyncio instead closes it later,
 * from another task, when the garbage collector finds it.
 *
 * <p>States ({@link #state()}; {@link #toString()} shows the state and what the body awaits):
 * <pre>
 *   CREATED   -> RUNNING    // anext() / asend(null) / the first hasNext() of an iteration
 *   CREATED   -> CLOSED     // aclose(); athrow(t) (t is thrown, the body never runs)
 *   RUNNING   -> SUSPENDED  // the body calls ctx.yield(v): the advancing call returns v
 *   RUNNING   -> RUNNING    // the body awaits: the consumer's task waits, the generator stays running
 *   SUSPENDED -> RUNNING    // anext() / asend(v) / athrow(t) / aclose()
 *   RUNNING   -> CLOSED     // the body returns (StopAsyncIteration) or throws (the same exception)
 * </pre>
 *
 * <p>Errors, each with Python's meaning and wording: advancing a generator whose body is running
 * or awaiting, from its own body or another task ("anext(): asynchronous generator is already
 * running"); {@code asend(v)} with {@code v != null} on a created generator; a body that yields in
 * answer to {@code aclose()} ("async generator ignored GeneratorExit"); a {@link StopIteration} or
 * {@link StopAsyncIteration} escaping the body (PEP 479); advancing it outside a task, or from a
 * task of another loop than the first one that advanced it. Exceptions the body throws reach the
 * consumer as the same object, checked or not, and close the generator.
 *
 * <p>Python: an async generator object ({@code async def} with {@code yield}, PEP 525):
 * {@code __anext__} ({@link #anext()}), {@code asend}, {@code athrow}, {@code aclose},
 * {@code StopAsyncIteration}, {@code GeneratorExit} (weft's {@link GeneratorExit}); and trio's
 * rule that an async generator is closed in the task that iterates it. weft differs in that its
 * body may await and yield from methods it calls, and in that closing is never left to a garbage
 * collector hook. A generator or greenlet body that the async generator's body drives cannot
 * await (it fails with a message saying so).
 *
 * @param <Y> the type of the values it yields
 * @param <S> the type of the values sent into it with {@link #asend} ({@code Void} if none are)
 */
/* Implementation notes
 *
 * Where the body runs. The body is a Strand (the JVM's strand backend) that the consumer's task
 * resumes from anext/asend/athrow/aclose: the "driver" is the consumer's own frame, so everything
 * happens in the consumer's task. A task can only park from its own body (a strand task parks by
 * suspending the task's strand, which the generator's inner strand may not do), so the body never
 * parks the task itself. Instead its awaits are relayed, as a Python async generator passes the
 * futures its awaits yield up through the awaiting asend: Task.agenRunning names the innermost
 * generator whose body runs in the task; TaskRunner.park() sees it and, instead of parking,
 * suspends the body's strand with AWAIT; the driver then parks the task for real (runner.park(),
 * with agenRunning back to the outer generator, so nesting relays level by level) and resumes the
 * body when the task is woken. Everything else of the await (Task.enterWait/endWait/leaveWait:
 * waitingOn, the wake-up callback, cancel delivery) runs unchanged in the body's frames, so a
 * consumer's cancel cancels the future the body awaits and the body sees the CancelledError at its
 * await, exactly as a task body would. Both task backends and both strand backends take this one
 * path; the loop sees no extra step, so orderings are those of plain awaits.
 *
 * Threads. On the continuation backend the body runs on the driver's thread. On the hand-off
 * backend it runs on its own virtual thread; while it runs, Core.rebind() makes that thread the
 * task's (task.thread, loop.stepThread, the RUNNING thread-local), so Task.current(), awaits and
 * the loop's thread checks accept it; the driver restores both after each resume. Exactly one
 * side runs at a time (the strand's hand-off), so these plain fields are never raced. With
 * loop-scheduled tasks, that thread inherits the task's scheduler (JDK rule: a virtual thread
 * started by one inherits its scheduler); TaskRunner.LoopThread claims its continuation when the
 * driver starts the strand (Core.starting) and runs it as steps of the task, not as a foreign
 * thread. Those steps are queued, so there each switch costs a loop step each way, and only the
 * starting task may advance the generator (the scheduler is fixed per thread). A cancel of
 * a loop-scheduled task interrupts task.thread (TaskRunner.LoopThread.interrupt), which is then
 * the body's thread, so a body blocked in a JDK call is interrupted on either strand backend.
 *
 * Reachability (Strand's Cleaner rule): the handle holds the Core and the Strand; the body's side
 * holds only the Core, and Core.consumer (the task) only while the driver runs it. A task's
 * agensOpen list holds handles, but is emptied when its body ends.
 *
 * Left suspended. Each time a step leaves the generator SUSPENDED, it is on the advancing task's
 * agensOpen list (moved there from a previous owner's); finishing or closing takes it off. When a
 * task's body ends (Task.runBody, one hook), closeLeftOpen reports each generator still listed and
 * closes it there, in the task: its finally runs before the task's outcome is settled. Rejected:
 * asyncio's finalizer hook (GC finds the generator, aclose runs later in a new task: the finally
 * then runs in the wrong task, at a time nobody chose; trio's "async generators must be closed in
 * the task that iterates them"); and silently never running the finally.
 *
 * Confinement: a generator is bound to the loop of the first task that advances it, and every
 * operation runs on that loop's thread, so `state` is a plain field.
 */
public final class AsyncGenerator<Y, S> {

    /**
     * The code of an async generator. It returns nothing: an async generator has no return value
     * (PEP 525).
     *
     * @param <Y> the type of the values it yields
     * @param <S> the type of the values sent into it
     */
    @FunctionalInterface
    public interface Body<Y, S> {
        /** Runs the body; {@code ctx} yields, and the body may await anywhere. */
        void run(Context<Y, S> ctx) throws Exception;
    }

    /**
     * The handle an async generator's body yields through; it may be passed to helper methods.
     *
     * <p>Python: the {@code yield} expression inside {@code async def}.
     *
     * @param <Y> the type of the values yielded
     * @param <S> the type of the values sent back
     */
    public sealed interface Context<Y, S> permits Core {
        /**
         * Suspends the body, handing {@code value} to the consumer's {@code anext} (or
         * {@code asend}, {@code athrow}), and returns the value of the next {@code asend} (null for
         * {@code anext}). If the consumer calls {@code athrow(t)}, throws {@code t} here; if it
         * closes the generator, throws {@link GeneratorExit} here.
         *
         * @throws IllegalStateException if called from outside this generator's running body
         */
        S yield(Y value);
    }

    /**
     * What {@link #forEach(Action)} does with each value; it may await, and may throw any
     * exception, which ends the iteration (the generator is closed first).
     *
     * @param <Y> the type of the values
     */
    @FunctionalInterface
    public interface Action<Y> {
        /** Handles one value. */
        void accept(Y value) throws Exception;
    }

    /** The body's strand suspends with this when it awaits (see the notes); never a yielded value. */
    private static final Object AWAIT = new Object();
    /** What a step returns instead of throwing StopAsyncIteration, for hasNext(). */
    private static final Object END = new Object();

    private final Core<Y, S> core;
    private final String name;
    /** The body's strand; null until started and once finished (the handle holds it, never the Core). */
    private Strand strand;
    /** The loop of the first task that advanced it. */
    private EventLoop loop;
    /** The task whose agensOpen list holds this generator while it is suspended, or null. */
    private Task<?> owner;

    private AsyncGenerator(String name, Body<Y, S> body) {
        this.name = Objects.requireNonNull(name, "name");
        this.core = new Core<>(Objects.requireNonNull(body, "body"));
    }

    /**
     * Creates an async generator that runs {@code body} when first advanced.
     *
     * {@snippet :
     * AsyncGenerator<String, Void> lines = AsyncGenerator.of(ctx -> {
     *     for (String l : List.of("a", "b")) {
     *         Aio.sleep(1);
     *         ctx.yield(l);
     *     }
     * });
     * }
     */
    public static <Y, S> AsyncGenerator<Y, S> of(Body<Y, S> body) {
        return new AsyncGenerator<>("async_generator", body);
    }

    /** Creates an async generator with a name, shown by {@link #toString()} and in error messages. */
    public static <Y, S> AsyncGenerator<Y, S> of(String name, Body<Y, S> body) {
        return new AsyncGenerator<>(name, body);
    }

    /**
     * Runs the body until it yields and returns the value (Python's {@code await anext(agen)}, the
     * same as {@code asend(null)}).
     *
     * @suspends while the body awaits.
     * @cancellation what the body awaits is cancelled and the body gets the
     *     {@link CancelledError} there; if it lets it escape, the generator is closed and this
     *     call throws it.
     * @thread the loop's thread, inside a task.
     * @throws StopAsyncIteration if the body returns, or has ended
     * @throws IllegalStateException outside a task, or if the generator is already running
     */
    public Y anext() {
        return cast(step("anext", null, null, false));
    }

    /**
     * Runs the body, making its pending {@code ctx.yield} return {@code value}, until it yields
     * again, and returns that value (Python's {@code agen.asend(value)}). On a created generator
     * only {@code null} may be sent.
     *
     * @suspends while the body awaits.
     * @cancellation as for {@link #anext()}.
     * @thread the loop's thread, inside a task.
     * @throws StopAsyncIteration if the body returns, or has ended
     * @throws IllegalArgumentException if {@code value} is not null and the generator has not started
     * @throws IllegalStateException outside a task, or if the generator is already running
     */
    public Y asend(S value) {
        return cast(step("asend", value, null, false));
    }

    /**
     * Raises {@code t} inside the body at its paused {@code ctx.yield}, and returns the next value
     * the body yields if it handles {@code t} (Python's {@code agen.athrow(t)}). If the body does
     * not handle it, {@code t} itself reaches the caller and the generator is closed. On a created
     * generator {@code t} is thrown at once and the generator closed without running.
     *
     * @suspends while the body awaits.
     * @cancellation as for {@link #anext()}.
     * @thread the loop's thread, inside a task.
     * @throws StopAsyncIteration if the body returns after handling {@code t}, or had ended
     */
    public Y athrow(Throwable t) {
        Objects.requireNonNull(t, "t");
        return cast(step("athrow", null, t, false));
    }

    /**
     * Closes the generator: raises {@link GeneratorExit} at the body's paused {@code ctx.yield},
     * so its {@code finally} blocks run, here, in the calling task, and may await (Python's
     * {@code await agen.aclose()}). A no-op on a created or closed generator.
     *
     * @suspends while the body's cleanup awaits.
     * @cancellation the cleanup's await gets the {@link CancelledError}; if it escapes the body,
     *     the generator is closed and this call throws it.
     * @thread the loop's thread, inside a task (a no-op close may be called anywhere).
     * @throws IllegalStateException if the body yields instead of finishing ("async generator
     *     ignored GeneratorExit"; the generator stays suspended), if it is already running, or
     *     outside a task
     */
    public void aclose() {
        int s = core.state;
        if (s == Core.CREATED) {
            core.state = Core.CLOSED;
            return;
        }
        if (s == Core.CLOSED) {
            return;
        }
        Task<?> task = consumer("aclose");
        if (s == Core.RUNNING) {
            throw alreadyRunning("aclose");
        }
        core.state = Core.RUNNING;
        core.closing = true;
        try {
            drive(task, null, new GeneratorExit());
        } catch (GeneratorExit e) {
            finish();
            return;
        } catch (Throwable e) {
            finish();
            throw e;
        } finally {
            core.closing = false;
        }
        if (strand.isDone()) {
            finish();
            return;
        }
        core.state = Core.SUSPENDED;
        throw new IllegalStateException("async generator ignored GeneratorExit: " + this + " yielded "
                + core.ignoredValue + " after aclose() raised GeneratorExit at its yield; a body that catches "
                + "GeneratorExit (or Throwable/Error) may await, but must then return or throw, not yield again");
    }

    /**
     * An iteration over the generator's values that closes it when the iteration is closed: use it
     * in a {@code try}-with-resources around a for-each (Python's
     * {@code async with contextlib.aclosing(agen) as it: async for x in it:}). Its
     * {@code hasNext()} and {@code next()} may suspend, as {@link #anext()} does.
     *
     * {@snippet :
     * try (var it = pages.iterate()) {
     *     for (String page : it) {
     *         if (page.isEmpty()) {
     *             break;              // pages' finally runs at the end of the try, in this task
     *         }
     *     }
     * }
     * }
     */
    public Iteration<Y> iterate() {
        return new Iteration<>(this);
    }

    /**
     * Runs {@code action} on each value in turn, then closes the generator, also when
     * {@code action} or the body throws, or the task is cancelled: the scoped iteration in one
     * call. {@code action} may await.
     *
     * @suspends while the body or {@code action} awaits.
     * @cancellation the {@link CancelledError} reaches the caller after the generator is closed.
     * @thread the loop's thread, inside a task.
     */
    public void forEach(Action<? super Y> action) {
        Objects.requireNonNull(action, "action");
        try (Iteration<Y> it = iterate()) {
            for (Y y : it) {
                action.accept(y);
            }
        } catch (Exception e) {
            throw Strand.sneakyThrow(e);
        }
    }

    /** The generator's state (Python's {@code inspect.getasyncgenstate}); RUNNING while the body awaits. */
    public GeneratorState state() {
        return switch (core.state) {
            case Core.CREATED -> GeneratorState.CREATED;
            case Core.RUNNING -> GeneratorState.RUNNING;
            case Core.SUSPENDED -> GeneratorState.SUSPENDED;
            default -> GeneratorState.CLOSED;
        };
    }

    /** The name given at creation, or {@code "async_generator"}. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AsyncGenerator[").append(name).append(", ").append(state());
        Task<?> c = core.consumer;
        if (c != null) {
            sb.append(", in ").append(c.name());
            Future<?> w = c.waitingOn;
            if (w != null) {
                sb.append(", awaiting ").append(w);
            }
        }
        return sb.append("]").toString();
    }

    // ---- stepping ---------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static <Y> Y cast(Object o) {
        return (Y) o;
    }

    /** anext / asend / athrow: one step of the body; {@code t} non-null means athrow. */
    private Object step(String op, Object value, Throwable t, boolean endQuietly) {
        Task<?> task = consumer(op);
        switch (core.state) {
            case Core.SUSPENDED -> {
            }
            case Core.CREATED -> {
                if (t != null) {
                    core.state = Core.CLOSED;
                    throw Strand.sneakyThrow(t);
                }
                if (value != null) {
                    throw new IllegalArgumentException("can't send non-None value to a just-started async generator: "
                            + this + " has not reached its first yield, so nothing can receive " + value
                            + "; call anext() (or asend(null)) first");
                }
                strand = Strand.create(core::runBody);
            }
            case Core.CLOSED -> {
                if (endQuietly) {
                    return END;
                }
                throw new StopAsyncIteration();
            }
            default -> throw alreadyRunning(op);
        }
        core.state = Core.RUNNING;
        Object out;
        try {
            out = drive(task, value, t);
        } catch (Throwable e) {
            finish();
            throw e;
        }
        if (strand.isDone()) {
            finish();
            if (endQuietly) {
                return END;
            }
            throw new StopAsyncIteration();
        }
        core.state = Core.SUSPENDED;
        track(task);
        return out;
    }

    /**
     * Resumes the body in {@code task} until it yields or ends, parking the task (or relaying the
     * park to an outer generator) each time the body awaits; returns what the body yielded.
     */
    private Object drive(Task<?> task, Object value, Throwable t) {
        EventLoop l = task.loop;
        Core<?, ?> outer = task.agenRunning;
        Thread taskThread = task.thread;
        Thread stepThread = l.stepThread;
        core.consumer = task;
        try {
            while (true) {
                Object out;
                task.agenRunning = core;
                core.starting = !strand.isStarted();
                try {
                    out = t == null ? strand.resume(value) : strand.resumeThrowing(t);
                } finally {
                    core.starting = false;
                    task.agenRunning = outer;
                    task.thread = taskThread;
                    l.stepThread = stepThread;
                }
                if (out != AWAIT) {
                    return out;
                }
                // The body awaits: its Task.enterWait has run; park the task here, where it can.
                value = null;
                t = null;
                try {
                    task.runner.checkCanPark();
                    task.runner.park();
                } catch (Throwable e) {
                    t = e; // delivered at the body's await
                }
            }
        } finally {
            core.consumer = null;
        }
    }

    private void finish() {
        core.state = Core.CLOSED;
        strand = null;
        untrack();
        TaskRunner.LoopThread r = core.bodyRunner;
        if (r != null) {
            core.bodyRunner = null;
            r.releaseAsyncGeneratorBody(core.bodyStep);
            core.bodyStep = null;
        }
    }

    /** The task advancing this generator; binds the generator to that task's loop on first use. */
    private Task<?> consumer(String op) {
        EventLoop bound = loop;
        Task<?> mine = bound == null ? null : bound.currentTask;
        if (mine != null && mine.thread == Thread.currentThread()) {
            return mine; // the common case, without looking the running loop up
        }
        EventLoop running = EventLoop.running();
        Task<?> t = running == null ? null : running.currentTask;
        if (t == null || t.thread != Thread.currentThread()) {
            throw new IllegalStateException("async generator used outside a task: " + op + "() of " + this
                    + " was called on " + Thread.currentThread() + ", which is not running a task of any event "
                    + "loop; its body may await, so a task must drive it: call it inside EventLoop.run(...) or a Task "
                    + "(loop.createTask), e.g. EventLoop.run(() -> { agen.forEach(v -> ...); return null; })");
        }
        TaskRunner.LoopThread started = core.bodyRunner;
        if (started != null && started.task != t) {
            throw new IllegalStateException(op + "() of " + this + " called by " + t + ", but " + started.task
                    + " started it, and on this JVM its body runs on a virtual thread that only that task can "
                    + "schedule (loop-scheduled tasks with hand-off strands); advance it from that task, or give "
                    + "the JVM " + dev.weft.internal.strand.BackendPolicy.exportsFlag() + " so that its body runs "
                    + "on a continuation");
        }
        if (loop == null) {
            loop = t.loop;
        } else if (loop != t.loop) {
            throw new IllegalStateException(op + "() of " + this + " called by " + t + " of " + t.loop
                    + ", but the generator runs on " + loop + ", whose task first advanced it; an async generator "
                    + "stays on one loop. Iterate it on that loop and hand the values over with runCoroutineThreadsafe");
        }
        return t;
    }

    private IllegalStateException alreadyRunning(String op) {
        return new IllegalStateException(op + "(): asynchronous generator is already running: " + this
                + " is running its body (or awaiting inside it), so it cannot be advanced again from inside its own "
                + "body or from another task until that step yields; give each consumer its own generator, or "
                + "share the values through a Queue");
    }

    // ---- left suspended by a task -------------------------------------------------------------

    /** Puts this suspended generator on {@code task}'s list (moving it from a previous owner's). */
    private void track(Task<?> task) {
        if (owner == task) {
            return;
        }
        untrack();
        List<AsyncGenerator<?, ?>> open = task.agensOpen;
        if (open == null) {
            open = new ArrayList<>(2);
            task.agensOpen = open;
        }
        open.add(this);
        owner = task;
    }

    private void untrack() {
        Task<?> o = owner;
        if (o != null) {
            owner = null;
            List<AsyncGenerator<?, ?>> open = o.agensOpen;
            if (open != null) {
                open.remove(this);
            }
        }
    }

    /**
     * The end of {@code task}'s body (Task.runBody): reports and closes, in the task, each async
     * generator it left suspended. A failure of a close goes to the exception handler; a
     * {@link CancelledError} of one is rethrown once all are closed, or attached to
     * {@code bodyFailure} if the body failed.
     */
    static void closeLeftOpen(Task<?> task, Throwable bodyFailure) {
        List<AsyncGenerator<?, ?>> open = task.agensOpen;
        CancelledError cancelled = null;
        while (open != null && !open.isEmpty()) {
            AsyncGenerator<?, ?> g = open.removeLast();
            g.owner = null;
            task.loop.callExceptionHandler(new ExceptionContext(g + " was left suspended when the body of " + task
                    + " ended, so its finally had not run; weft closes it now, in that task. Close it where the "
                    + "iteration stops: try (var it = agen.iterate()) { for (var x : it) ... }, or agen.forEach(...), "
                    + "or call agen.aclose() when done with it", null, task, null));
            try {
                g.aclose();
            } catch (CancelledError c) {
                cancelled = c;
            } catch (Throwable e) {
                task.loop.callExceptionHandler(new ExceptionContext("an error occurred during closing of "
                        + "asynchronous generator " + g, e, task, null));
            }
        }
        task.agensOpen = null;
        if (cancelled != null) {
            if (bodyFailure == null) {
                throw cancelled;
            }
            bodyFailure.addSuppressed(cancelled);
        }
    }

    // ---- the body's side ----------------------------------------------------------------------

    /**
     * Everything the body reaches (it is the Context): the state and the strand's suspender,
     * never the handle (see the notes).
     */
    static final class Core<Y, S> implements Context<Y, S> {
        static final int CREATED = 0;
        static final int RUNNING = 1;
        static final int SUSPENDED = 2;
        static final int CLOSED = 3;

        final Body<Y, S> body;
        int state = CREATED;
        /** Set by aclose while GeneratorExit is in the body: a yield then fails. */
        boolean closing;
        /** Set by the driver while its resume starts the strand (TaskRunner.LoopThread reads it). */
        boolean starting;
        /**
         * Loop-scheduled task with a hand-off strand: the body thread's continuation, which the
         * starting task's runner schedules as steps of that task, and that runner; else null.
         */
        Runnable bodyStep;
        TaskRunner.LoopThread bodyRunner;
        Object ignoredValue;
        /** The task running the body now (set by the driver for each step), else null. */
        Task<?> consumer;
        private Strand.Suspender suspender;

        Core(Body<Y, S> body) {
            this.body = body;
        }

        Object runBody(Strand.Suspender s) throws Exception {
            suspender = s;
            rebind();
            try {
                body.run(this);
            } catch (StopAsyncIteration e) {
                throw new IllegalStateException("async generator raised StopAsyncIteration: a StopAsyncIteration "
                        + "escaped the body, which would silently end whoever iterates it; return from the body to "
                        + "end it, and catch the exception where an inner async generator is advanced", e);
            } catch (StopIteration e) {
                throw new IllegalStateException("async generator raised StopIteration: a StopIteration escaped the "
                        + "body (PEP 479); catch it where a generator is advanced", e);
            } finally {
                suspender = null;
            }
            return null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public S yield(Y value) {
            Strand.Suspender sus = suspender;
            if (sus == null || state != RUNNING || !sus.isCurrent()) {
                throw new IllegalStateException("yield outside its async generator: this context belongs to an "
                        + "async generator that is " + stateName() + "; ctx.yield may only be called while that "
                        + "generator's own body is running, by the code it calls, and not from inside a generator "
                        + "it drives");
            }
            if (closing) {
                ignoredValue = value;
            }
            try {
                return (S) sus.suspend(value);
            } finally {
                rebind(); // also when resumed by athrow or aclose
            }
        }

        /** TaskRunner.park's hook: the body awaits; its driver parks the task (see the notes). */
        void relayPark() {
            try {
                suspender.suspend(AWAIT);
            } finally {
                rebind();
            }
        }

        /** TaskRunner.checkCanPark's hook: only the body's own code (not a generator it drives) may await. */
        void checkCanRelay(Task<?> task) {
            Strand.Suspender sus = suspender;
            if (sus == null || !sus.isCurrent()) {
                throw new IllegalStateException("weft: " + task + " cannot await here: this code runs inside a "
                        + "generator or greenlet body that the body of an async generator drives, and only the async "
                        + "generator's own body (and methods it calls) can await. Await in the async generator's body, "
                        + "or make the inner generator an AsyncGenerator too");
            }
        }

        /** On the hand-off backend the body has its own thread: while it runs, it is the task's thread. */
        private void rebind() {
            Task<?> t = consumer;
            Thread me = Thread.currentThread();
            if (t != null && t.thread != me) {
                t.thread = me;
                t.loop.stepThread = me;
                EventLoop.bindTaskThread(t.loop);
            }
        }

        private String stateName() {
            return switch (state) {
                case CREATED -> "CREATED";
                case RUNNING -> "RUNNING";
                case SUSPENDED -> "SUSPENDED";
                default -> "CLOSED";
            };
        }

        @Override
        public String toString() {
            return "AsyncGenerator.Context[" + stateName() + "]";
        }
    }

    /**
     * A single pass over an async generator's values that closes the generator when closed: the
     * scoped form of iteration (see {@link AsyncGenerator#iterate()}). It is its own iterator.
     *
     * <p>Python: {@code contextlib.aclosing(agen)} together with {@code async for}.
     *
     * @param <Y> the type of the values
     */
    public static final class Iteration<Y> implements Iterable<Y>, Iterator<Y>, AutoCloseable {
        private final AsyncGenerator<Y, ?> gen;
        private Y lookahead;
        private boolean hasLookahead;

        Iteration(AsyncGenerator<Y, ?> gen) {
            this.gen = gen;
        }

        /** Returns this iteration: it is a single pass. */
        @Override
        public Iterator<Y> iterator() {
            return this;
        }

        /**
         * Whether another value comes; runs the body to its next yield to find out, as
         * {@code async for} does, and keeps the value for {@link #next()}.
         *
         * @suspends while the body awaits.
         * @cancellation as for {@link AsyncGenerator#anext()}.
         * @thread the loop's thread, inside a task.
         */
        @Override
        public boolean hasNext() {
            if (hasLookahead) {
                return true;
            }
            Object v = gen.step("anext", null, null, true);
            if (v == END) {
                return false;
            }
            lookahead = cast(v);
            hasLookahead = true;
            return true;
        }

        /**
         * The next value.
         *
         * @suspends while the body awaits.
         * @cancellation as for {@link AsyncGenerator#anext()}.
         * @thread the loop's thread, inside a task.
         * @throws StopAsyncIteration if the generator has no more values
         */
        @Override
        public Y next() {
            if (!hasNext()) {
                throw new StopAsyncIteration();
            }
            Y v = lookahead;
            lookahead = null;
            hasLookahead = false;
            return v;
        }

        /**
         * Closes the generator ({@link AsyncGenerator#aclose()}): its {@code finally} blocks run
         * now, in this task.
         *
         * @suspends while the body's cleanup awaits.
         * @cancellation as for {@link AsyncGenerator#aclose()}.
         * @thread the loop's thread, inside a task.
         */
        @Override
        public void close() {
            lookahead = null;
            hasLookahead = false;
            gen.aclose();
        }

        @Override
        public String toString() {
            return "Iteration of " + gen;
        }
    }
}
