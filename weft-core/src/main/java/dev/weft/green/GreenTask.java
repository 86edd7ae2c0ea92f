package dev.weft.green;

import dev.weft.aio.Aio;
import dev.weft.aio.CancelledError;
import dev.weft.aio.EventLoop;
import dev.weft.aio.ExceptionContext;
import dev.weft.aio.Future;
import dev.weft.aio.ReturnWhen;
import dev.weft.aio.Task;
import dev.weft.internal.strand.Strand;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A function spawned on the hub with {@link Gevent#spawn} (or made with {@link #create} and started
 * later): gevent's {@code Greenlet} handle, on an event-loop {@link Task}.
 *
 * {@snippet :
 * GreenTask<Integer> g = Gevent.spawn(() -> { Gevent.sleep(1); return 42; });
 * g.link(done -> System.out.println(done));   // GreenTask[GreenTask-1, dead: value=42]
 * int v = g.get();                             // main runs the hub until g is dead: 42
 * }
 *
 * <p>States ({@link #toString()} shows them):
 * <pre>
 *   CREATED  -> PENDING   // start() / startLater() of a task made with create()
 *   CREATED  -> DEAD      // killed before start(): dead at once, the function never runs
 *   PENDING  -> STARTED   // the hub runs the task's first step (spawnLater: after its delay)
 *   STARTED  -> DEAD      // the function returned (value) or threw (exception)
 *   PENDING  -> DEAD      // killed before it started: dead at once (not on the hub's next
 *                         // iteration), the function never runs, its links still run
 *   STARTED  -> DEAD      // killed: the function was ended at its suspension point
 * </pre>
 *
 * <p>Killing. A green task is a loop task, so {@link #kill()} is task cancellation: the function
 * sees a {@link dev.weft.aio.CancelledError} (an {@code Error}, so {@code catch (Exception e)} does
 * not swallow it; {@code finally} blocks run) at its suspension point, or, blocked in a JDK call
 * on the loop-scheduled backend, an interrupt. The handle then reports what gevent reports for a
 * {@code GreenletExit}: {@link #dead()}, {@link #successful()}, {@link #exception()} null, and
 * {@link #greenletExit()} the {@link GreenletExit} (gevent's {@code value}). A task that kills
 * itself ({@code current.kill()} from its own function) gets the {@code GreenletExit} thrown
 * directly. {@code kill(exception)} with another exception makes that exception the task's
 * failure, as gevent does. A cancellation from elsewhere ({@code Task.cancel}, the hub being
 * destroyed) counts as a kill. A task whose function has not started (spawned and not run yet,
 * waiting out its {@code spawnLater} delay, or made with {@link #create} and not started) never
 * runs once killed, and is dead at once, as in gevent; its links run on the hub's next iteration.
 *
 * <p>Links ({@link #link}, {@link #linkValue}, {@link #linkException}, {@link #rawLink}) run in
 * the order they were added once the task is dead; each {@code link} callback in a green task of
 * its own (it may wait), a raw link inline on the hub. A task may not {@link #join()} or
 * {@link #get()} itself: that is refused at once instead of waiting forever.
 *
 * <p>Failures are reported as gevent's hub prints them: when the function throws (anything but a
 * {@code GreenletExit}), the loop's exception handler gets "GreenTask[...] failed with ..." at
 * once, whether or not someone will call {@link #get()}.
 *
 * <p>Threads: every method belongs to the hub's thread (its tasks, or the thread itself while the
 * hub is not running); the waiting ones follow {@link Gevent}'s rule (inside a task they suspend
 * it; in a plain {@code main} they run the hub until done).
 *
 * <p>Python: {@code gevent.Greenlet}. Differences: {@code value} is typed, so a killed task's
 * {@link #value()} is null and its {@code GreenletExit} is {@link #greenletExit()}; {@code get()}
 * of a killed task returns null. Named {@code GreenTask} so as not to be confused with
 * {@link Greenlet}, weft's symmetric greenlet (Python's {@code greenlet.greenlet}).
 *
 * @param <T> the function's result type
 */
public final class GreenTask<T> {
    private static final AtomicInteger IDS = new AtomicInteger();
    /**
     * Live green tasks by their task, for current(). An entry leaves when its task is done, or,
     * for a task that never ends (its hub was dropped), when the task is garbage: keys are weak
     * and the value is reached only through a weak reference (a GreenTask refers to its task).
     */
    private static final Map<Task<?>, WeakReference<GreenTask<?>>> LIVE = Collections.synchronizedMap(new WeakHashMap<>());

    private final Task<T> task;
    private final String name;
    private final Callable<T> fn;
    private boolean started;
    /** Killed before its function started: dead at once, whatever the task's own state (gevent's rule). */
    private boolean diedBeforeStart;
    /** What kill() asked for (first request wins), or null. */
    private Throwable killedWith;
    /** Whether this task runs a link callback of another (destroyHub lets those finish). */
    private boolean isLink;
    /** Links not run yet, in the order added (gevent's {@code _links}); null until the first. */
    private ArrayDeque<Link<T>> links;
    /** Whether a notifyLinks() is scheduled or under way (gevent's {@code _notifier}). */
    private boolean notifying;

    /**
     * For a task made with {@link #create}: completed by start() / startLater() with the delay;
     * null for a spawned task, which is scheduled at once.
     */
    private final Future<Double> startGate;

    private GreenTask(EventLoop hub, Callable<T> fn, String name, double delay, boolean unstarted) {
        this.fn = Objects.requireNonNull(fn, "fn");
        this.name = name != null ? name : "GreenTask-" + IDS.incrementAndGet();
        this.startGate = unstarted ? hub.createFuture() : null;
        this.task = hub.createTask(() -> body(delay), this.name);
        LIVE.put(task, new WeakReference<>(this));
        task.addDoneCallback(f -> {
            LIVE.remove(task);
            reportFailure();
            notifying = true;
            notifyLinks();
        });
    }

    /** Spawns {@code fn} on {@code hub}, to start on its next iteration ({@code delay} seconds later if positive). */
    static <T> GreenTask<T> spawn(EventLoop hub, Callable<T> fn, String name, double delay) {
        checkDelay(delay, "spawnLater");
        return new GreenTask<>(hub, fn, name, delay, false);
    }

    private static void checkDelay(double delay, String what) {
        if (Double.isNaN(delay)) {
            throw new IllegalArgumentException("weft: " + what + " with a delay of NaN seconds; pass a number");
        }
    }

    /**
     * Creates a green task on the calling thread's hub without starting it: it runs once
     * {@link #start()} or {@link #startLater(double)} is called (or a {@link Group#start} /
     * {@link Pool#start} does it), and, killed before then, never runs. Python:
     * {@code gevent.Greenlet(fn)}.
     *
     * {@snippet :
     * GreenTask<String> g = GreenTask.create(() -> fetch(url));
     * g.link(done -> log(done));   // linked before it can possibly finish
     * g.start();
     * }
     *
     * @thread the hub's thread
     */
    public static <T> GreenTask<T> create(Callable<T> fn) {
        return new GreenTask<>(Hub.current(), fn, null, 0, true);
    }

    /** Creates an unstarted green task with no result; see {@link #create(Callable)}. */
    public static GreenTask<Void> create(Greenlet.Action fn) {
        return create(Gevent.asCallable(fn));
    }

    /** Creates an unstarted green task under a name of its own; see {@link #create(Callable)}. */
    public static <T> GreenTask<T> create(String name, Callable<T> fn) {
        return new GreenTask<>(Hub.current(), fn, Objects.requireNonNull(name, "name"), 0, true);
    }

    /**
     * Schedules a task made with {@link #create} to start on the hub's next iteration. Starting a
     * task that was started, scheduled or killed already does nothing. Python: {@code start()}.
     *
     * @thread the hub's thread
     */
    public void start() {
        startLater(0);
    }

    /**
     * Schedules a task made with {@link #create} to start {@code seconds} from now; see
     * {@link #start()}. Python: {@code start_later(seconds)}.
     *
     * @thread the hub's thread
     */
    public void startLater(double seconds) {
        checkDelay(seconds, "startLater");
        if (startGate != null && !startGate.done() && !ready()) {
            startGate.setResult(seconds);
        }
    }

    private T body(double spawnDelay) throws Exception {
        double delay = startGate == null ? spawnDelay : startGate.await();
        if (delay > 0) {
            Aio.sleep(delay);
        }
        if (diedBeforeStart) {
            // killed while its delay's wake-up was already queued: the function still never runs
            throw new CancelledError("killed before it started");
        }
        started = true;
        return fn.call();
    }

    private void reportFailure() {
        Throwable e = exception();
        if (e != null) {
            task.loop().callExceptionHandler(new ExceptionContext(this + " failed with " + e
                    + " (get() or exception() return it; linkException(...) to handle it)", e, task, null));
        }
    }

    /**
     * The green task whose function is running now. Python: {@code gevent.getcurrent()}.
     *
     * @throws IllegalStateException if the caller is not inside a green task (plain code, a
     *     callback, or a task created with the loop's own {@code createTask})
     */
    public static GreenTask<?> current() {
        Task<?> t = Task.current();
        WeakReference<GreenTask<?>> ref = LIVE.get(t);
        GreenTask<?> g = ref == null ? null : ref.get();
        if (g == null) {
            throw new IllegalStateException("weft: " + t + " is not a green task: GreenTask.current() works inside "
                    + "functions started with Gevent.spawn, Group.spawn or Pool.spawn; use Task.current() for any task");
        }
        return g;
    }

    /** Whether {@code t} runs a {@link #link} callback: a link is due, so destroying the hub does not kill it. */
    static boolean runsALink(Task<?> t) {
        WeakReference<GreenTask<?>> ref = LIVE.get(t);
        GreenTask<?> g = ref == null ? null : ref.get();
        return g != null && g.isLink;
    }

    /** The task the function runs in (for the event loop's API: await, addDoneCallback, asCompleted). */
    public Task<T> task() {
        return task;
    }

    /** The name given at spawn, or {@code GreenTask-<n>}. */
    public String name() {
        return name;
    }

    /** The function this task runs. */
    public Callable<T> function() {
        return fn;
    }

    // ---- state ----------------------------------------------------------------------------

    /** Whether the function has started running (and has not been killed before it did). */
    public boolean started() {
        return started;
    }

    /**
     * Whether the task is dead: finished, failed or killed (a task killed before it started is
     * dead at once, before its loop task has ended). Python: {@code ready()}.
     */
    public boolean ready() {
        return diedBeforeStart || task.done();
    }

    /** Whether the task is dead. Python: {@code dead}. */
    public boolean dead() {
        return ready();
    }

    /** Whether the task is dead without an exception: it returned, or was killed with a {@code GreenletExit}. */
    public boolean successful() {
        return ready() && exception() == null;
    }

    /** Whether it was killed (or its loop task cancelled), started or not. */
    private boolean killed() {
        return diedBeforeStart || task.cancelled();
    }

    /** The function's result once it returned; null while running, after a failure or after a kill. */
    public T value() {
        if (!task.done() || killed() || task.exception() != null) {
            return null;
        }
        return task.result();
    }

    /**
     * The exception the task died with, or null (not dead yet, returned, or ended by a
     * {@code GreenletExit}).
     */
    public Throwable exception() {
        if (!ready()) {
            return null;
        }
        if (killed()) {
            return killedWith instanceof GreenletExit || killedWith == null ? null : killedWith;
        }
        Throwable e = task.exception();
        return e instanceof GreenletExit ? null : e;
    }

    /** The {@code GreenletExit} a killed task ended with (gevent's {@code value} after a kill), or null. */
    public GreenletExit greenletExit() {
        if (!ready()) {
            return null;
        }
        if (killed()) {
            if (killedWith == null) {
                killedWith = new GreenletExit("killed by cancellation of " + task.name());
            }
            return killedWith instanceof GreenletExit x ? x : null;
        }
        return task.exception() instanceof GreenletExit x ? x : null;
    }

    // ---- waiting --------------------------------------------------------------------------

    /**
     * Waits until the task is dead and returns its value; throws its exception (the same object,
     * checked or not); returns null if it was killed.
     *
     * @suspends the calling task until this one is dead; in a plain {@code main}, runs the hub until then
     * @cancellation cancelling the waiting task does not kill this one
     * @thread the hub's thread
     */
    public T get() {
        return get(Gevent.FOREVER);
    }

    /**
     * Waits at most {@code timeout} seconds for the task to die; see {@link #get()}.
     *
     * @throws Timeout if it is still alive after {@code timeout} seconds (gevent's {@code Timeout})
     */
    public T get(double timeout) {
        if (!join(timeout)) {
            throw new Timeout(timeout, this + " is still running after get(" + timeout + ")");
        }
        return getNowait();
    }

    /**
     * Returns the value now (or throws the exception) without waiting. Python: {@code get(block=False)}.
     *
     * @throws Timeout if the task is not dead yet
     */
    public T getNowait() {
        if (!ready()) {
            throw new Timeout(0, this + " is not dead yet: getNowait() does not wait; use get() or join()");
        }
        Throwable e = exception();
        if (e != null) {
            throw Strand.sneakyThrow(e);
        }
        return value();
    }

    /**
     * Waits until the task is dead.
     *
     * @return true (it is dead)
     * @suspends as {@link #get()}
     */
    public boolean join() {
        return join(Gevent.FOREVER);
    }

    /**
     * Waits at most {@code timeout} seconds of loop time for the task to die, without raising.
     *
     * @return whether it is dead
     * @suspends as {@link #get()}
     * @cancellation cancelling the waiting task does not kill this one
     */
    public boolean join(double timeout) {
        if (ready()) {
            return true;
        }
        EventLoop loop = task.loop();
        if (Hub.inTaskOf(loop) && Task.current() == task) {
            throw new IllegalStateException("weft: " + this + " cannot wait for itself: join() or get() from its own "
                    + "function would wait forever; return the value instead, or wait for another task");
        }
        double seconds = Hub.deadline(loop, timeout) - loop.time();
        return Hub.block(loop, name + ".join", () -> {
            Aio.wait(List.of(task), ReturnWhen.ALL_COMPLETED, seconds); // never cancels the task
            return ready();
        });
    }

    // ---- killing --------------------------------------------------------------------------

    /** Kills the task with a {@link GreenletExit} and waits until it is dead. Python: {@code kill()}. */
    public void kill() {
        kill(new GreenletExit(), true, Gevent.FOREVER);
    }

    /**
     * Kills the task: a task that has not started never runs; a started one is cancelled at its
     * suspension point (see the class description for what its function sees). A dead task is
     * left alone. Killing the calling task itself throws {@code exception} right here.
     *
     * @param exception a {@link GreenletExit} (the task counts as successful) or any other
     *     throwable (it becomes the task's exception)
     * @param block whether to wait until it is dead
     * @param timeout the longest wait, in seconds, when blocking; the wait ends quietly
     * @suspends if {@code block}, as {@link #join(double)}
     * @thread the hub's thread
     */
    public void kill(Throwable exception, boolean block, double timeout) {
        Objects.requireNonNull(exception, "exception");
        if (ready()) {
            return;
        }
        if (Hub.inTaskOf(task.loop()) && Task.current() == task) {
            throw Strand.sneakyThrow(exception);
        }
        if (killedWith == null) {
            killedWith = exception;
        }
        if (!started) {
            diedBeforeStart = true; // dead now; the loop task ends (cancelled, body never run) on the next iteration
        }
        task.cancel("killed with " + exception);
        if (block) {
            join(timeout);
        }
    }

    // ---- links ----------------------------------------------------------------------------

    /**
     * Calls {@code callback} with this task once it is dead (also if it is dead already), in a
     * green task of its own on the hub, so the callback may wait ({@code sleep}, {@code get}, ...)
     * like any task. Links run in the order they were added. A callback that throws is reported
     * to the loop's exception handler as a failed link task, never swallowed.
     *
     * {@snippet :
     * GreenTask<String> g = Gevent.spawn(() -> fetch(url));
     * g.link(done -> log(done + " finished"));   // runs in its own task once g is dead
     * }
     *
     * @thread the hub's thread
     */
    public void link(Consumer<? super GreenTask<T>> callback) {
        addLink(callback, g -> true, true);
    }

    /** Like {@link #link}, but only if the task dies successfully (a kill counts). Python: {@code link_value}. */
    public void linkValue(Consumer<? super GreenTask<T>> callback) {
        addLink(callback, GreenTask::successful, true);
    }

    /** Like {@link #link}, but only if the task dies with an exception. Python: {@code link_exception}. */
    public void linkException(Consumer<? super GreenTask<T>> callback) {
        addLink(callback, g -> !g.successful(), true);
    }

    /**
     * Calls {@code callback} with this task once it is dead, inline on the hub (a loop callback,
     * no task of its own): cheaper than {@link #link}, but the callback must not wait, and one
     * that throws goes to the loop's exception handler. Python: {@code rawlink}.
     *
     * @thread the hub's thread
     */
    public void rawLink(Consumer<? super GreenTask<T>> callback) {
        addLink(callback, g -> true, false);
    }

    /** Removes every link (or raw link) of {@code callback} that has not run yet. Python: {@code unlink}. */
    public void unlink(Consumer<? super GreenTask<T>> callback) {
        if (links != null) {
            links.removeIf(l -> l.callback == callback);
        }
    }

    private void addLink(Consumer<? super GreenTask<T>> callback, Predicate<GreenTask<T>> when, boolean spawned) {
        Link<T> l = new Link<>(Objects.requireNonNull(callback, "callback"), when, spawned);
        if (links == null) {
            links = new ArrayDeque<>(2);
        }
        links.addLast(l);
        if (task.done() && !notifying) {
            notifying = true;
            task.loop().callSoon(this::notifyLinks);
        }
    }

    /**
     * Runs the links in order, once the task is dead. A raw link runs here; a link gets a green
     * task, and the rest wait for that task's first step (a callback queued behind it), so it runs
     * until it first waits before the next link is looked at, and an unlink it makes is honoured,
     * as when gevent's hub switches into each link's greenlet in turn. A raw link that throws is
     * reported and the others still run.
     */
    private void notifyLinks() {
        while (links != null && !links.isEmpty()) {
            Link<T> l = links.removeFirst();
            if (!l.when.test(this)) {
                continue;
            }
            if (l.spawned) {
                spawn(task.loop(), () -> {
                    l.callback.accept(this);
                    return null;
                }, "link of " + name, 0).isLink = true;
                task.loop().callSoon(this::notifyLinks);
                return;
            }
            try {
                l.callback.accept(this);
            } catch (RuntimeException | Error e) {
                task.loop().callExceptionHandler(new ExceptionContext("raw link " + l.callback + " of " + this
                        + " failed with " + e + " (a raw link must not throw; use link(...) for work that may fail)",
                        e, task, null));
            }
        }
        notifying = false;
    }

    /** One link: the user's callback, when it applies, and whether it runs in a task of its own. */
    private record Link<T>(Consumer<? super GreenTask<T>> callback, Predicate<GreenTask<T>> when, boolean spawned) {
    }

    /**
     * The name and state: {@code GreenTask[fetch, not started]} (made with {@link #create}),
     * {@code [.., pending]} (to start), {@code [.., started]},
     * {@code [.., dead: value=42]}, {@code [.., dead: failed java.io.IOException: ...]},
     * {@code [.., dead: killed]}.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("GreenTask[").append(name).append(", ");
        if (!task.done()) {
            sb.append(started ? "started" : startGate != null && !startGate.done() ? "not started" : "pending");
            if (killedWith != null) {
                sb.append(", being killed");
            }
        } else if (exception() != null) {
            sb.append("dead: failed ").append(exception());
        } else if (greenletExit() != null) {
            sb.append("dead: killed");
        } else {
            sb.append("dead: value=").append(value());
        }
        return sb.append("]").toString();
    }
}
