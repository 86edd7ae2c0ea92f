package dev.weft.green;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Future;
import dev.weft.aio.ReturnWhen;
import dev.weft.aio.Task;
import dev.weft.internal.strand.Strand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * gevent's module-level API on weft's event loop: {@code spawn}, {@code sleep}, {@code joinAll},
 * {@code kill}, {@code iwait}, {@code getHub} and friends.
 *
 * {@snippet :
 * import static dev.weft.green.Gevent.*;
 *
 * joinAll(spawn(() -> foo()), spawn(() -> bar()));   // gevent.joinall([gevent.spawn(foo), gevent.spawn(bar)])
 * }
 *
 * <p><b>The hub.</b> A thread's hub is its event loop, {@link EventLoop#getEventLoop()}: created
 * on first use, one per thread (inside a task, the loop running the task). A green task is a
 * task of that loop ({@link GreenTask#task()}); with the loop-scheduled task backend (JVM flag
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}) it is a virtual thread the hub schedules,
 * so a plain blocking JDK call inside it ({@code Thread.sleep}, a {@code java.net} socket,
 * {@code HttpURLConnection}, the JDK {@code HttpClient}, a {@code BlockingQueue}) parks only that
 * task and the hub runs the others: gevent's {@code monkey.patch_all()} with nothing patched.
 * Without the flag weft says so once (logger {@code dev.weft.aio}) and such calls stall the hub, as
 * unpatched calls stall gevent's.
 *
 * <p><b>Waiting.</b> Every call that waits ({@link #sleep}, {@link #joinAll}, {@link #iwait},
 * {@link #killAll}, {@link GreenTask#get()}, {@link GreenTask#join()}, {@link Group#join()},
 * {@link Pool#spawn} while full, {@link Timeout#run}) suspends only the calling task when made
 * inside a task. Made from code outside any task (a plain {@code main}), it runs the hub on the
 * calling thread until the wait is over and then returns, as gevent's main greenlet switches to
 * the hub: spawned tasks make progress only while the thread is in such a call. From a callback
 * of a running hub or from another thread, a wait fails and says what to do instead.
 *
 * <p><b>Shutting down.</b> {@link #destroyHub()} kills the green tasks still alive (their
 * {@code finally} blocks run), lets the links still due run, and closes the hub; the next use creates a new one. A thread that
 * simply returns leaves its tasks suspended where they were, never to run again (as at the exit
 * of a gevent program): the JVM does not wait for them, their {@code finally} blocks do not run,
 * and the loop's selector stays open until the JVM exits; call {@code destroyHub()} when a thread
 * other than {@code main} is done with its hub. A virtual-clock hub for tests:
 * {@code EventLoop.setEventLoop(EventLoop.createVirtual())}.
 *
 * <p>Timeouts are seconds of the hub's clock; {@link #FOREVER} (gevent's {@code None}) is none.
 *
 * <p>Python: the {@code gevent} module. {@code gevent.Greenlet} is {@link GreenTask},
 * {@code gevent.Timeout} is {@link Timeout}, {@code gevent.pool} is {@link Pool} and
 * {@link Group}; for {@code gevent.event.Event}, {@code AsyncResult} and {@code gevent.queue.Queue}
 * use the loop's {@link dev.weft.aio.Event}, {@link Future} and {@link dev.weft.aio.Queue}: their
 * waits suspend a green task the same way, and {@link #block} waits on them from plain code.
 */
public final class Gevent {
    /** No timeout: wait as long as it takes (gevent's {@code None}). */
    public static final double FOREVER = Double.POSITIVE_INFINITY;

    private Gevent() {
    }

    /**
     * The calling thread's hub: inside a task, the loop running it; otherwise this thread's event
     * loop, created on first use. Python: {@code gevent.get_hub()}.
     */
    public static EventLoop getHub() {
        return Hub.current();
    }

    /**
     * Kills the green tasks still alive on this thread's hub, runs the hub until they are dead and
     * every link due has run (links of tasks that died, those of the tasks just killed, and any
     * task those links spawn), all within the hub's
     * {@link EventLoop#getShutdownTimeout() shutdown timeout} ({@code close()} then ends any task
     * that refused), closes it and forgets it; the next call that needs a hub creates a new one.
     * Python: {@code gevent.get_hub().destroy(destroy_loop=True)}.
     *
     * @throws IllegalStateException if the hub is running (call it from the thread's plain code)
     */
    public static void destroyHub() {
        EventLoop hub = EventLoop.getEventLoop();
        if (hub.isRunning()) {
            throw new IllegalStateException("weft: destroyHub() called while " + hub + " is running; call it from "
                    + "the thread's own code (after its waits), not from a task or callback");
        }
        try {
            for (Task<?> t : List.copyOf(hub.allTasks())) {
                if (!GreenTask.runsALink(t)) {
                    t.cancel("the hub is being destroyed");
                }
            }
            // bounded like EventLoop.run: a task that will not die is left to close(), which ends it
            double end = hub.time() + hub.getShutdownTimeout();
            hub.runUntilComplete(hub.createTask(() -> drain(hub, end), "hub shutdown"));
        } finally {
            hub.close();
            EventLoop.setEventLoop(null);
        }
    }

    /**
     * Runs the hub (from a task of its own) until no other task is left (true) or loop time
     * {@code end} (false): tasks end, the link callbacks their deaths queued run, with the link
     * tasks they spawn, and tasks spawned meanwhile are waited for too.
     */
    private static boolean drain(EventLoop hub, double end) {
        Task<?> me = Task.current();
        while (true) {
            Aio.sleep(0); // queued done callbacks (links, raw links) run before this task resumes
            List<Task<?>> others = new ArrayList<>(hub.allTasks());
            others.remove(me);
            if (others.isEmpty()) {
                return true;
            }
            double left = end - hub.time();
            if (left <= 0) {
                return false;
            }
            Aio.wait(others, ReturnWhen.ALL_COMPLETED, left);
        }
    }

    /**
     * Runs the hub until it has no task left: every green task (and every task spawned meanwhile,
     * links included) has ended. Timers and callbacks that belong to no task do not count. Python:
     * {@code gevent.wait()} with no objects (the hub's {@code join}).
     *
     * {@snippet :
     * for (String url : urls) {
     *     Gevent.spawn(() -> fetch(url));
     * }
     * Gevent.waitAll();          // gevent.wait(): returns once every fetch is done
     * }
     *
     * @throws IllegalStateException if called from a task (it would wait for itself); gevent, too,
     *     allows it only from the main greenlet
     * @suspends never in a task; in a plain {@code main}, runs the hub until it is idle
     * @thread the hub's thread, outside any task
     */
    public static void waitAll() {
        waitAll(FOREVER);
    }

    /**
     * Like {@link #waitAll()}, for at most {@code timeout} seconds.
     *
     * @return whether the hub ran out of tasks (false: the timeout passed first)
     */
    public static boolean waitAll(double timeout) {
        EventLoop hub = Hub.current();
        if (Hub.inTaskOf(hub)) {
            throw new IllegalStateException("weft: waitAll() called from " + Task.current() + ": it waits until no "
                    + "task is left, this one included, so it would never return; call it from the thread's plain "
                    + "code, or joinAll(...) the tasks you mean");
        }
        double end = Hub.deadline(hub, timeout);
        return Hub.block(hub, "waitAll", () -> drain(hub, end));
    }

    // ---- spawning -------------------------------------------------------------------------

    /**
     * Spawns {@code fn} as a green task on the hub; it starts on the hub's next iteration (from a
     * plain {@code main}: the next time the thread waits). Python: {@code gevent.spawn(fn)}.
     *
     * @thread the hub's thread
     */
    public static <T> GreenTask<T> spawn(Callable<T> fn) {
        return GreenTask.spawn(Hub.current(), fn, null, 0);
    }

    /** Spawns a function with no result; see {@link #spawn(Callable)}. */
    public static GreenTask<Void> spawn(Greenlet.Action fn) {
        return spawn(asCallable(fn));
    }

    /** Spawns {@code fn} under a name of its own (shown by {@code toString} and task dumps). */
    public static <T> GreenTask<T> spawn(String name, Callable<T> fn) {
        return GreenTask.spawn(Hub.current(), fn, Objects.requireNonNull(name, "name"), 0);
    }

    /** Spawns a function with no result under a name of its own. */
    public static GreenTask<Void> spawn(String name, Greenlet.Action fn) {
        return spawn(name, asCallable(fn));
    }

    /**
     * Spawns {@code fn} to start {@code seconds} from now; killed before then, it never runs.
     * Python: {@code gevent.spawn_later(seconds, fn)}.
     */
    public static <T> GreenTask<T> spawnLater(double seconds, Callable<T> fn) {
        return GreenTask.spawn(Hub.current(), fn, null, seconds);
    }

    /** Spawns a function with no result to start {@code seconds} from now; see {@link #spawnLater(double, Callable)}. */
    public static GreenTask<Void> spawnLater(double seconds, Greenlet.Action fn) {
        return spawnLater(seconds, asCallable(fn));
    }

    static Callable<Void> asCallable(Greenlet.Action fn) {
        Objects.requireNonNull(fn, "fn");
        return () -> {
            fn.run();
            return null;
        };
    }

    // ---- sleeping -------------------------------------------------------------------------

    /**
     * Waits {@code seconds} of the hub's clock while the other green tasks run; {@code sleep(0)}
     * lets every other ready task run once (a plain yield). Python: {@code gevent.sleep(seconds)}.
     *
     * @suspends the calling task; in a plain {@code main}, runs the hub for that long
     * @cancellation a kill ends the sleep with a {@code CancelledError}
     * @thread the hub's thread
     */
    public static void sleep(double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("weft: Gevent.sleep(NaN); pass a number of seconds");
        }
        Hub.block(Hub.current(), "sleep(" + seconds + ")", () -> {
            Aio.sleep(seconds);
            return null;
        });
    }

    /**
     * Runs {@code op}, which may wait on the loop's own primitives ({@code Event.waitSet},
     * {@code Queue.get}, {@code Future.await}, {@code Lock.acquire}, ...), as a green wait: inside a
     * task it just runs; from plain code it runs as a task on the hub while this thread runs the
     * hub until {@code op} is done. This is how a {@code main} waits on what gevent's
     * {@code Event}, {@code AsyncResult} and {@code Queue} are in weft.
     *
     * {@snippet :
     * Queue<String> q = new Queue<>();
     * Gevent.spawn(() -> { Gevent.sleep(1); q.put("hello"); });
     * String got = Gevent.block(q::get);          // main runs the hub until q.get() returns
     * }
     *
     * @return what {@code op} returns (its exception is thrown as the same object)
     * @suspends the calling task as {@code op} does; in a plain {@code main}, runs the hub until done
     * @cancellation as {@code op}'s
     * @thread the hub's thread
     */
    public static <T> T block(Callable<T> op) {
        return Hub.block(Hub.current(), "block", Objects.requireNonNull(op, "op"));
    }

    // ---- waiting for many -----------------------------------------------------------------

    /** Waits until every task is dead; see {@link #joinAll(Collection, double, boolean)}. */
    public static List<GreenTask<?>> joinAll(GreenTask<?>... tasks) {
        return joinAll(Arrays.asList(tasks), FOREVER, false);
    }

    /**
     * Waits until every task is dead, or {@code timeout} seconds pass, and returns the dead ones
     * in the order they died. With {@code raiseError}, the first task to die with an exception
     * makes this throw that exception (the same object) at once. Python:
     * {@code gevent.joinall(greenlets, timeout, raise_error)}.
     *
     * @suspends the calling task; in a plain {@code main}, runs the hub until done
     * @cancellation the tasks waited for are not killed
     * @thread the hub's thread
     */
    public static <G extends GreenTask<?>> List<G> joinAll(Collection<G> tasks, double timeout, boolean raiseError) {
        return joinAll(tasks, timeout, raiseError, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #joinAll(Collection, double, boolean)}, but returns as soon as {@code count} of
     * the tasks are dead. Python: {@code gevent.joinall(greenlets, timeout, raise_error, count)}.
     *
     * @suspends the calling task; in a plain {@code main}, runs the hub until done
     * @cancellation the tasks waited for are not killed
     * @thread the hub's thread
     */
    public static <G extends GreenTask<?>> List<G> joinAll(Collection<G> tasks, double timeout, boolean raiseError,
            int count) {
        if (!raiseError) {
            return wait(tasks, timeout, count);
        }
        List<G> dead = new ArrayList<>();
        for (G g : iwait(tasks, timeout, count)) {
            Throwable e = g.exception();
            if (e != null) {
                throw Strand.sneakyThrow(e);
            }
            dead.add(g);
        }
        return dead;
    }

    /**
     * Waits until {@code count} of the tasks are dead (all of them if there are fewer), or until
     * {@code timeout} seconds pass, and returns the dead ones in the order they died. Python:
     * {@code gevent.wait(objects, timeout, count)}.
     *
     * @suspends as {@link #joinAll}
     */
    public static <G extends GreenTask<?>> List<G> wait(Collection<G> tasks, double timeout, int count) {
        List<G> dead = new ArrayList<>();
        for (G g : iwait(tasks, timeout, count)) {
            dead.add(g);
        }
        return dead;
    }

    /**
     * The tasks, each as soon as it is dead, in the order they die; iteration ends when all have
     * been given or once {@code timeout} seconds (counted from this call) have passed.
     * {@code hasNext()} is where the waiting happens. Python: {@code gevent.iwait(objects, timeout)}.
     *
     * {@snippet :
     * for (GreenTask<String> g : Gevent.iwait(tasks, 10)) {
     *     System.out.println(g.value());   // first to finish first
     * }
     * }
     *
     * @suspends in {@code hasNext()}, as {@link #joinAll}
     */
    public static <G extends GreenTask<?>> Iterable<G> iwait(Collection<G> tasks, double timeout) {
        return iwait(tasks, timeout, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #iwait(Collection, double)}, but iteration ends after the first {@code count}
     * tasks to die. Python: {@code gevent.iwait(objects, timeout, count)}.
     *
     * @throws IllegalArgumentException if {@code count < 0}
     * @suspends in {@code hasNext()}, as {@link #joinAll}
     */
    public static <G extends GreenTask<?>> Iterable<G> iwait(Collection<G> tasks, double timeout, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("weft: iwait/wait/joinAll with count=" + count
                    + "; pass how many tasks to wait for (Integer.MAX_VALUE for all)");
        }
        List<G> copy = List.copyOf(tasks);
        EventLoop loop = copy.isEmpty() ? Hub.current() : copy.getFirst().task().loop();
        Completions<G> c = new Completions<>(loop);
        copy.forEach(c::add);
        double deadline = Hub.deadline(loop, timeout);
        return () -> new Iterator<G>() {
            private G next;
            private int given;

            @Override
            public boolean hasNext() {
                if (next == null && given < count) {
                    next = c.next(deadline, "iwait");
                }
                return next != null;
            }

            @Override
            public G next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("iwait: no more tasks (all given, or the timeout passed)");
                }
                G g = next;
                next = null;
                given++;
                return g;
            }
        };
    }

    /** {@link #iwait(Collection, double)} without a timeout. */
    public static <G extends GreenTask<?>> Iterable<G> iwait(Collection<G> tasks) {
        return iwait(tasks, FOREVER);
    }

    // ---- killing --------------------------------------------------------------------------

    /** Kills {@code task} with a {@link GreenletExit} and waits until it is dead. Python: {@code gevent.kill(g)}. */
    public static void kill(GreenTask<?> task) {
        task.kill();
    }

    /**
     * Kills {@code task} with {@code exception}, waiting until it is dead if {@code block}.
     *
     * @see GreenTask#kill(Throwable, boolean, double)
     */
    public static void kill(GreenTask<?> task, Throwable exception, boolean block, double timeout) {
        task.kill(exception, block, timeout);
    }

    /**
     * Kills every task with a {@link GreenletExit} and waits until all are dead (those not started
     * yet are dead at once and never run). Python: {@code gevent.killall}.
     */
    public static void killAll(Collection<? extends GreenTask<?>> tasks) {
        killAll(tasks, new GreenletExit(), true, FOREVER);
    }

    /**
     * Kills every task still alive (see {@link GreenTask#kill(Throwable, boolean, double)}) and,
     * if {@code block}, waits until all are dead.
     *
     * @throws Timeout if {@code block} and some are still alive after {@code timeout} seconds
     *     (gevent's {@code killall} raises its {@code Timeout} too)
     * @suspends if {@code block}, as {@link #joinAll}
     */
    public static void killAll(Collection<? extends GreenTask<?>> tasks, Throwable exception, boolean block,
            double timeout) {
        List<GreenTask<?>> alive = new ArrayList<>();
        GreenTask<?> self = null;
        for (GreenTask<?> g : List.copyOf(tasks)) {
            if (g.ready()) {
                continue;
            }
            if (Hub.inTaskOf(g.task().loop()) && Task.current() == g.task()) {
                self = g; // killed last, after the others: it throws here
                continue;
            }
            g.kill(exception, false, 0);
            alive.add(g);
        }
        if (block && !alive.isEmpty()) {
            List<GreenTask<?>> dead = wait(alive, timeout, Integer.MAX_VALUE);
            if (dead.size() < alive.size()) {
                throw new Timeout(timeout, (alive.size() - dead.size()) + " of " + alive.size()
                        + " killed tasks still alive after killAll's timeout of " + timeout + " s");
            }
        }
        if (self != null) {
            self.kill(exception, false, 0);
        }
    }

    // ---- timeouts -------------------------------------------------------------------------

    /**
     * Calls {@code fn} under a {@code seconds} deadline; raises {@link Timeout} if it passes.
     * Python: {@code gevent.with_timeout(seconds, fn)}.
     */
    public static <T> T withTimeout(double seconds, Callable<T> fn) {
        return Timeout.run(seconds, fn);
    }

    /**
     * Calls {@code fn} under a {@code seconds} deadline; returns {@code timeoutValue} if it passes.
     * Python: {@code gevent.with_timeout(seconds, fn, timeout_value=...)}.
     */
    public static <T> T withTimeout(double seconds, Callable<T> fn, T timeoutValue) {
        return Timeout.runOr(seconds, timeoutValue, fn);
    }
}
