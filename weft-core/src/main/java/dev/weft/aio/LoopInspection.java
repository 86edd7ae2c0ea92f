package dev.weft.aio;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.ServiceLoader;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * Read-only views of the event loops of this JVM and of their tasks, taken safely from any
 * thread: which loops exist ({@link #loops()}), a snapshot of one ({@link #snapshot}), the stack
 * of one of its tasks ({@link #stack}). weft's inspector ({@code Inspector}, above this package) serves
 * them over HTTP; tools and tests may use them directly.
 *
 * <p>Off by default, and then nothing is recorded: no list of loops, no per-task times. While it
 * is on ({@link #enable()}, or {@code -Dweft.inspect}), each loop registers itself when it is
 * created or starts to run, and its tasks note the loop time at which they entered their state.
 * Loops are held weakly and leave the list when they close.
 *
 * {@snippet :
 * LoopInspection.enable();
 * EventLoop.run(() -> {
 *     EventLoop loop = EventLoop.current();
 *     loop.createTask(() -> { Aio.sleep(60); return null; }, "sleeper");
 *     Aio.sleep(1);
 *     // from another thread: LoopInspection.snapshot(loop).get() lists "sleeper", waiting for 1.0 s
 *     return null;
 * });
 * }
 *
 * <p>Python: what {@code python -m asyncio ps PID} and {@code pstree PID} read out of a running
 * process (3.14); weft asks the loop itself, on its own thread, instead of reading memory.
 */
/* Implementation notes
 *
 * Consistency: a loop's fields belong to its thread, so a snapshot is built there, as a
 * callback queued with callSoonThreadsafe; the caller gets a CompletableFuture and decides how
 * long to wait (a loop stuck in one callback answers late; the watchdog reports that case). A
 * loop that is not running has no thread to ask, and reading it from here would race with the
 * thread that starts it next: its snapshot carries no tasks.
 *
 * Cost: off, one volatile read per loop creation and per runForever; on, one field read per task
 * state change (Task.setLife) plus a store of the loop's per-iteration time stamp (LoopCore.now),
 * and the snapshots themselves. Task ids live in the loop's Tracker, created on registration,
 * not in Task, so a task costs nothing more when inspection is off.
 *
 * -Dweft.inspect: the property is read once, when this class is initialised (by the first loop);
 * the first registration then starts every Agent found by ServiceLoader (the inspector provides
 * one), outside any lock.
 */
public final class LoopInspection {
    /** The system property that turns inspection on at startup and starts the inspector. */
    public static final String PROPERTY = "weft.inspect";

    private static volatile boolean enabled = System.getProperty(PROPERTY) != null;
    private static volatile boolean agentsStarted;
    private static final Map<EventLoop, Boolean> LOOPS = Collections.synchronizedMap(new WeakHashMap<>());

    private LoopInspection() {
    }

    /**
     * What {@code -Dweft.inspect=VALUE} starts: a service found with {@link ServiceLoader} when
     * the first loop registers. The inspector provides one; the interface is public only for that.
     */
    public interface Agent {
        /**
         * Starts the agent; {@code setting} is the property's value.
         *
         * @thread the thread creating or running the first registered loop
         */
        void start(String setting);
    }

    /**
     * Turns inspection on: loops created or run from now on register themselves, and so does the
     * loop running on the calling thread, if any. Calling it again does nothing.
     *
     * @thread any thread
     */
    public static void enable() {
        enabled = true;
        EventLoop mine = EventLoop.running();
        if (mine != null && !mine.isClosed()) {
            register(mine);
        }
    }

    /**
     * Turns inspection off and forgets every loop; their tasks stop noting state times. Loops
     * already created do not register again unless inspection is enabled again.
     *
     * @thread any thread
     */
    public static void disable() {
        enabled = false;
        synchronized (LOOPS) {
            for (EventLoop l : LOOPS.keySet()) {
                l.inspection = null;
            }
            LOOPS.clear();
        }
    }

    /** Whether inspection is on. */
    public static boolean isEnabled() {
        return enabled;
    }

    /**
     * The registered loops that are not closed, in creation order.
     *
     * @thread any thread
     */
    public static List<EventLoop> loops() {
        List<EventLoop> out;
        synchronized (LOOPS) {
            out = new ArrayList<>(LOOPS.keySet());
        }
        out.removeIf(EventLoop::isClosed);
        out.sort(Comparator.comparingInt(EventLoop::id));
        return out;
    }

    /**
     * The registered loop named {@code EventLoop-<id>}, if it is not closed.
     *
     * @thread any thread
     */
    public static java.util.Optional<EventLoop> loop(int id) {
        return loops().stream().filter(l -> l.id() == id).findFirst();
    }

    /**
     * A snapshot of {@code loop}: taken by the loop's own thread between two callbacks, so the
     * returned future completes once the loop gets there (at once for a loop that is not running,
     * whose snapshot lists no tasks). A loop stuck in a long callback answers late: wait with a
     * timeout.
     *
     * @throws IllegalStateException if inspection is off
     * @thread any thread
     */
    public static CompletableFuture<LoopSnapshot> snapshot(EventLoop loop) {
        checkEnabled("snapshot");
        return onLoop(loop, () -> take(loop), () -> idle(loop));
    }

    /**
     * A snapshot of every registered loop, in creation order, waiting at most {@code timeout} in all;
     * a loop that has not answered by then (stuck inside one callback: see its watchdog report) is
     * listed with the state {@code unresponsive} and no tasks.
     *
     * @throws IllegalStateException if inspection is off
     * @thread any thread but a loop's (it blocks)
     */
    public static List<LoopSnapshot> snapshotAll(java.time.Duration timeout) {
        checkEnabled("snapshotAll");
        List<EventLoop> loops = loops();
        List<CompletableFuture<LoopSnapshot>> asked = new ArrayList<>(loops.size());
        for (EventLoop l : loops) {
            asked.add(snapshot(l));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<LoopSnapshot> out = new ArrayList<>(loops.size());
        for (int i = 0; i < loops.size(); i++) {
            EventLoop l = loops.get(i);
            LoopSnapshot s;
            try {
                s = asked.get(i).get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException late) {
                Thread owner = l.owner;
                s = new LoopSnapshot(l.id(), "unresponsive", owner == null ? null : owner.getName(), l.isVirtual(),
                        l.time(), backendName(l), l.isDebug(), 0, 0, 0, 0, 0, List.of());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("LoopInspection.snapshotAll: interrupted while waiting for " + l, e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError("weft bug: the snapshot of " + l + " failed", e.getCause());
            }
            out.add(s);
        }
        return out;
    }

    /**
     * The stack of the task {@code taskId} of {@code loop} (an id from a snapshot), innermost frame
     * first, read on the loop's thread; empty while the task runs or before its first step. The
     * future fails with {@link NoSuchElementException} if no pending task has that id (it may have
     * finished) or the loop is not running.
     *
     * @throws IllegalStateException if inspection is off
     * @thread any thread
     */
    public static CompletableFuture<List<StackTraceElement>> stack(EventLoop loop, long taskId) {
        checkEnabled("stack");
        return onLoop(loop, () -> {
            Tracker tr = tracker(loop);
            for (Task<?> t : loop.tasks) {
                if (tr.idOf(t) == taskId) {
                    return List.of(t.stackTrace());
                }
            }
            throw noTask(loop, taskId);
        }, () -> {
            throw noTask(loop, taskId);
        });
    }

    private static NoSuchElementException noTask(EventLoop loop, long taskId) {
        return new NoSuchElementException("no pending task with id " + taskId + " in " + loop
                + ": it may have finished (take a new snapshot for the current ids)");
    }

    private static void checkEnabled(String op) {
        if (!enabled) {
            throw new IllegalStateException("LoopInspection." + op + ": inspection is off; call "
                    + "LoopInspection.enable() (or start the inspector, or run with -D" + PROPERTY + "=on) first");
        }
    }

    /** Runs {@code onThread} on the loop's thread if it runs, else {@code otherwise} here. */
    private static <T> CompletableFuture<T> onLoop(EventLoop loop, java.util.function.Supplier<T> onThread,
            java.util.function.Supplier<T> otherwise) {
        CompletableFuture<T> cf = new CompletableFuture<>();
        if (loop.isRunning()) {
            try {
                loop.callSoonThreadsafe(() -> complete(cf, loop.isRunning() ? onThread : otherwise));
                return cf;
            } catch (IllegalStateException closing) {
                // closed meanwhile: answered below
            }
        }
        complete(cf, otherwise);
        return cf;
    }

    private static <T> void complete(CompletableFuture<T> cf, java.util.function.Supplier<T> s) {
        try {
            cf.complete(s.get());
        } catch (RuntimeException e) {
            cf.completeExceptionally(e);
        }
    }

    // ---- registration (EventLoop calls these) ---------------------------------------------------

    /** Whether loops register now; EventLoop's one check when a loop is created or starts. */
    static boolean on() {
        return enabled;
    }

    static void register(EventLoop loop) {
        if (loop.inspection == null) {
            synchronized (LOOPS) {
                if (!enabled) {
                    return;
                }
                if (loop.inspection == null) {
                    loop.inspection = new Tracker();
                    LOOPS.put(loop, Boolean.TRUE);
                }
            }
        }
        if (!agentsStarted) {
            startAgents();
        }
    }

    static void unregister(EventLoop loop) {
        LOOPS.remove(loop);
    }

    private static void startAgents() {
        String setting;
        synchronized (LoopInspection.class) {
            if (agentsStarted) {
                return;
            }
            agentsStarted = true;
            setting = System.getProperty(PROPERTY);
        }
        if (setting == null) {
            return;
        }
        for (Agent a : ServiceLoader.load(Agent.class, LoopInspection.class.getClassLoader())) {
            a.start(setting);
        }
    }

    // ---- snapshots (on the loop's thread) -------------------------------------------------------

    /** A loop's inspection state, on its thread: the ids given to its tasks. */
    static final class Tracker {
        private final Map<Task<?>, Long> ids = new WeakHashMap<>();
        private long nextId;

        long idOf(Task<?> t) {
            return ids.computeIfAbsent(t, k -> ++nextId);
        }
    }

    private static Tracker tracker(EventLoop loop) {
        Tracker tr = loop.inspection;
        if (tr == null) {
            tr = new Tracker(); // registered after the snapshot was asked for: ids for this one only
            loop.inspection = tr;
        }
        return tr;
    }

    private static LoopSnapshot idle(EventLoop loop) {
        return new LoopSnapshot(loop.id(), loop.isClosed() ? "closed" : "idle", null, loop.isVirtual(),
                loop.time(), backendName(loop), loop.isDebug(), 0, 0, 0, 0, 0, List.of());
    }

    private static LoopSnapshot take(EventLoop loop) {
        Tracker tr = tracker(loop);
        double now = loop.time();
        Map<Task<?>, List<Long>> awaits = new LinkedHashMap<>();
        Map<Long, List<Long>> awaitedBy = new LinkedHashMap<>();
        for (Task<?> t : loop.tasks) {
            tr.idOf(t); // ids in creation order, before the edges name any task
        }
        for (Task<?> t : loop.tasks) {
            List<Long> edges = new ArrayList<>();
            for (Task<?> target : awaitedTasks(t.waitingOn)) {
                long to = tr.idOf(target);
                edges.add(to);
                awaitedBy.computeIfAbsent(to, k -> new ArrayList<>()).add(tr.idOf(t));
            }
            awaits.put(t, edges);
        }
        List<TaskSnapshot> tasks = new ArrayList<>(awaits.size());
        for (var e : awaits.entrySet()) {
            Task<?> t = e.getKey();
            long id = tr.idOf(t);
            Future<?> w = t.waitingOn;
            tasks.add(new TaskSnapshot(id, t.name(), t.state(), now - t.stateSince, w == null ? null : w.toString(),
                    e.getValue(), awaitedBy.getOrDefault(id, List.of()), t.cancelling(), userFrames(t.creationSite)));
        }
        Thread owner = loop.owner;
        LoopCore c = loop.core;
        return new LoopSnapshot(loop.id(), "running", owner == null ? null : owner.getName(), loop.isVirtual(), now,
                backendName(loop), loop.isDebug(), c.ready.size(), c.timers.size(), c.selector.keys().size(),
                c.handlesRun(), loop.slowCallbacks, tasks);
    }

    /** The tasks a wait on {@code f} waits for: f itself, or those of a gather or task group. */
    private static Collection<Task<?>> awaitedTasks(Future<?> f) {
        if (f == null) {
            return List.of();
        }
        List<Task<?>> out = new ArrayList<>();
        java.util.ArrayDeque<Future<?>> todo = new java.util.ArrayDeque<>(List.of(f));
        Map<Future<?>, Boolean> seen = new IdentityHashMap<>();
        while (!todo.isEmpty()) {
            Future<?> x = todo.pollFirst();
            if (x.done() || seen.put(x, Boolean.TRUE) != null) {
                continue;
            }
            if (x instanceof Task<?> t) {
                out.add(t);
            } else {
                todo.addAll(x.awaitedFutures());
            }
        }
        return out;
    }

    /** The classes whose frames lead to a task's creation inside weft (left out of creation sites). */
    private static final java.util.Set<String> CREATORS = java.util.Set.of("dev.weft.aio.Task", "dev.weft.aio.EventLoop",
            "dev.weft.aio.TaskGroup", "dev.weft.aio.Aio", "dev.weft.aio.Combinators", "dev.weft.aio.LoopGroup",
            "dev.weft.aio.ThreadBridge", "dev.weft.aio.Future");

    /** The creation site without weft's own frames (debug mode), innermost first. */
    private static List<StackTraceElement> userFrames(Throwable site) {
        if (site == null) {
            return List.of();
        }
        List<StackTraceElement> out = new ArrayList<>();
        for (StackTraceElement e : site.getStackTrace()) {
            if (!out.isEmpty() || !CREATORS.contains(e.getClassName().replaceFirst("\\$.*", ""))) {
                out.add(e);
            }
        }
        return out;
    }

    private static String backendName(EventLoop loop) {
        return loop.taskBackend().name().toLowerCase(java.util.Locale.ROOT);
    }
}
