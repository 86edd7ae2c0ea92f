package dev.weft.green;

import dev.weft.aio.EventLoop;
import dev.weft.aio.Event;
import dev.weft.aio.Task;
import dev.weft.internal.strand.Strand;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A set of green tasks that can be waited for and killed together; a task leaves the group when
 * it dies. {@link Pool} is a group with a size limit.
 *
 * {@snippet :
 * Group group = new Group();
 * group.spawn(() -> fetch("a"));
 * group.spawn(() -> fetch("b"));
 * group.join();                                         // both dead
 * List<Integer> lengths = group.map(url -> fetch(url).length(), urls);  // in input order
 * }
 *
 * <p>Threads: a group belongs to the hub it was created on ({@link Gevent#getHub()}); use it from
 * that hub's thread (its tasks, or the thread's plain code). Waiting methods follow
 * {@link Gevent}'s rule: inside a task they suspend it, in a plain {@code main} they run the hub.
 *
 * <p>Python: {@code gevent.pool.Group}. {@code map}, {@code imap} and {@code imapUnordered}
 * take a function of one argument, or of two with two iterables in step (use a record for more); {@code apply} takes a
 * {@link Callable}. {@code imap} keeps at most {@code maxsize} tasks started ahead of the
 * consumer (unbounded unless given, as in gevent; a {@link Pool} defaults to its size).
 */
public sealed class Group implements Iterable<GreenTask<?>> permits Pool {

    /**
     * A function applied to each item by {@link #map} and friends.
     *
     * @param <A> the item type
     * @param <R> the result type
     */
    @FunctionalInterface
    public interface Fn<A, R> {
        /** Computes the result for one item. */
        R apply(A item) throws Exception;
    }

    /**
     * A function applied to a pair of items, one from each of two iterables, by the two-iterable
     * {@link #map(Fn2, Iterable, Iterable)} and friends.
     *
     * @param <A> the first iterable's item type
     * @param <B> the second iterable's item type
     * @param <R> the result type
     */
    @FunctionalInterface
    public interface Fn2<A, B, R> {
        /** Computes the result for one pair of items. */
        R apply(A first, B second) throws Exception;
    }

    final EventLoop hub;
    private final Set<GreenTask<?>> members = new LinkedHashSet<>();
    /** Members kill() has already killed, so a second round does not kill them again (gevent's {@code dying}). */
    private final Set<GreenTask<?>> dying = new HashSet<>();
    private final Event empty = new Event();

    /** Creates an empty group on the calling thread's hub. */
    public Group() {
        this.hub = Hub.current();
        empty.set();
    }

    /** Creates a group holding {@code tasks}. */
    public Group(Iterable<? extends GreenTask<?>> tasks) {
        this();
        for (GreenTask<?> g : tasks) {
            add(g);
        }
    }

    /** The hub this group's tasks run on. */
    public EventLoop hub() {
        return hub;
    }

    // ---- membership -----------------------------------------------------------------------

    /**
     * Spawns {@code fn} as a green task of this group. Python: {@code group.spawn(fn)}.
     *
     * @suspends never for a plain group; a full {@link Pool} waits for a free slot first
     */
    public <T> GreenTask<T> spawn(Callable<T> fn) {
        Objects.requireNonNull(fn, "fn");
        reserve("spawn");
        GreenTask<T> g;
        try {
            g = GreenTask.spawn(hub, fn, null, 0);
        } catch (RuntimeException | Error e) {
            unreserve();
            throw e;
        }
        enter(g);
        return g;
    }

    /** Spawns a function with no result; see {@link #spawn(Callable)}. */
    public GreenTask<Void> spawn(Greenlet.Action fn) {
        return spawn(Gevent.asCallable(fn));
    }

    /**
     * Adds a task; it leaves the group when it dies (or is {@link #discard discarded}). A task that
     * is dead already is discarded at once: the group (and a pool's free slots) stay as they were.
     * Python: {@code group.add(greenlet)}.
     *
     * @suspends for a full {@link Pool}, until a slot is free
     */
    public void add(GreenTask<?> task) {
        if (admits(task)) {
            reserve("add");
            enter(task);
        }
    }

    /** Whether {@code task} is to become a member: of this hub (else refused), alive and not one already. */
    final boolean admits(GreenTask<?> task) {
        Objects.requireNonNull(task, "task");
        if (task.task().loop() != hub) {
            throw new IllegalArgumentException("weft: " + task + " runs on " + task.task().loop()
                    + ", but this group belongs to " + hub + "; a group holds tasks of one hub");
        }
        return !task.ready() && !members.contains(task);
    }

    final void enter(GreenTask<?> g) {
        members.add(g);
        empty.clear();
        g.task().addDoneCallback(f -> discard(g));
    }

    /** Removes a task without killing it. Python: {@code discard}. */
    public void discard(GreenTask<?> task) {
        dying.remove(task);
        if (members.remove(task)) {
            unreserve();
            if (members.isEmpty()) {
                empty.set();
            }
        }
    }

    /**
     * Adds a task made with {@link GreenTask#create} and starts it. Python: {@code group.start(greenlet)}.
     *
     * @suspends for a full {@link Pool}, until a slot is free
     */
    public void start(GreenTask<?> task) {
        add(task);
        task.start();
    }

    /** Whether {@link #spawn} would wait: never for a plain group. Python: {@code full()}. */
    public boolean full() {
        return false;
    }

    /** Takes what a new member needs (a pool's slot); a plain group needs nothing. */
    void reserve(String what) {
    }

    /** Gives back what {@link #reserve} took. */
    void unreserve() {
    }

    /** Whether {@code task} is a member. */
    public boolean contains(GreenTask<?> task) {
        return members.contains(task);
    }

    /** The number of members (live tasks not discarded). */
    public int size() {
        return members.size();
    }

    /** A snapshot of the members, in the order they joined. */
    public List<GreenTask<?>> tasks() {
        return List.copyOf(members);
    }

    /** Iterates over a snapshot of the members. */
    @Override
    public Iterator<GreenTask<?>> iterator() {
        return tasks().iterator();
    }

    // ---- waiting and killing --------------------------------------------------------------

    /** Waits until the group is empty. */
    public boolean join() {
        return join(Gevent.FOREVER, false);
    }

    /**
     * Waits until every member is dead (including tasks added meanwhile), or {@code timeout}
     * seconds pass. With {@code raiseError}, afterwards throws the exception of the first member
     * (present when the wait began) that died with one. Python: {@code group.join(timeout, raise_error)}.
     *
     * @return whether the group is empty
     * @suspends the calling task; in a plain {@code main}, runs the hub until done
     * @cancellation no member is killed
     */
    public boolean join(double timeout, boolean raiseError) {
        List<GreenTask<?>> before = raiseError ? tasks() : List.of();
        boolean emptied = waitEmpty(Hub.deadline(hub, timeout), "Group.join");
        for (GreenTask<?> g : before) {
            Throwable e = g.exception();
            if (e != null) {
                throw Strand.sneakyThrow(e);
            }
        }
        return emptied;
    }

    /** Waits until the group is empty (true) or loop time {@code deadline} passes (false). */
    private boolean waitEmpty(double deadline, String what) {
        return members.isEmpty() || Hub.block(hub, what, () -> Hub.within(deadline, () -> {
            empty.waitSet();
            return true;
        }, () -> false));
    }

    /** Kills every member with a {@link GreenletExit} and waits until all are dead. */
    public void kill() {
        kill(new GreenletExit(), true, Gevent.FOREVER);
    }

    /**
     * Kills every member (see {@link GreenTask#kill(Throwable, boolean, double)}) and, if
     * {@code block}, waits until the group is empty; tasks added meanwhile are killed too, and a
     * member is killed only once. When {@code timeout} seconds pass first, it returns quietly
     * with the stubborn members still in the group (gevent's {@code Group.kill} swallows its own
     * timeout; the module-level {@link Gevent#killAll} raises it).
     *
     * @suspends if {@code block}, as {@link #join()}
     * @cancellation the kill requests stay made
     * @thread the hub's thread
     */
    public void kill(Throwable exception, boolean block, double timeout) {
        double deadline = Hub.deadline(hub, timeout);
        while (!members.isEmpty()) {
            List<GreenTask<?>> fresh = new ArrayList<>();
            for (GreenTask<?> g : tasks()) {
                if (dying.add(g)) {
                    fresh.add(g);
                }
            }
            Gevent.killAll(fresh, exception, false, 0); // the caller itself, if a member, last
            if (!block || !waitEmpty(deadline, "Group.kill")) {
                return; // not blocking, or the timeout passed: quietly
            }
        }
    }

    /** Kills one member. Python: {@code killone}. */
    public void killOne(GreenTask<?> task, Throwable exception, boolean block, double timeout) {
        if (members.contains(task) && dying.add(task)) {
            task.kill(exception, block, timeout);
        }
    }

    // ---- map and friends ------------------------------------------------------------------

    /**
     * Runs {@code fn} in a member task and returns its value; from inside a member, calls it
     * directly (so a task of a full pool cannot deadlock on its own pool). Python: {@code apply}.
     *
     * @suspends until the value is there
     */
    public <T> T apply(Callable<T> fn) {
        if (Hub.inTaskOf(hub)) {
            Task<?> me = Task.current();
            for (GreenTask<?> g : members) {
                if (g.task() == me) {
                    try {
                        return fn.call();
                    } catch (Exception e) {
                        throw Strand.sneakyThrow(e);
                    }
                }
            }
        }
        return spawn(fn).get();
    }

    /**
     * Runs {@code fn} as {@link #apply} does, in a green task returned at once: never waits, even
     * when the pool is full (then an untracked task waits for the slot; join the returned task,
     * not the group). Python: {@code apply_async(func)}.
     *
     * @thread the hub's thread
     */
    public <T> GreenTask<T> applyAsync(Callable<T> fn) {
        return applyAsync(fn, null);
    }

    /**
     * Like {@link #applyAsync(Callable)}; when {@code fn} returns, {@code callback} gets its value
     * in a link task (not when it fails or is killed). Python: {@code apply_async(func, callback=...)}.
     */
    public <T> GreenTask<T> applyAsync(Callable<T> fn, Consumer<? super T> callback) {
        Objects.requireNonNull(fn, "fn");
        GreenTask<T> g = full() ? GreenTask.spawn(hub, () -> apply(fn), null, 0) : spawn(fn);
        if (callback != null) {
            g.link(done -> {
                if (done.exception() == null && done.greenletExit() == null) {
                    callback.accept(done.value());
                }
            });
        }
        return g;
    }

    /**
     * Runs {@link #map} in a green task of its own, returned at once; its value is the list.
     * Python: {@code map_async(func, iterable)}.
     *
     * @thread the hub's thread
     */
    public <A, R> GreenTask<List<R>> mapAsync(Fn<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return mapAsync(fn, items, null);
    }

    /** Like {@link #mapAsync(Fn, Iterable)}; {@code callback} gets the list once it is complete. */
    public <A, R> GreenTask<List<R>> mapAsync(Fn<? super A, ? extends R> fn, Iterable<? extends A> items,
            Consumer<? super List<R>> callback) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(items, "items");
        return GreenTask.spawn(hub, () -> {
            List<R> out = map(fn, items);
            if (callback != null) {
                callback.accept(out);
            }
            return out;
        }, null, 0);
    }

    /**
     * Applies {@code fn} to every item, each in a member task, and returns the results in the
     * items' order; the first failure (in that order) is thrown, and the other items' tasks run on.
     * Eager, as gevent's: every item is spawned as soon as there is room (a full {@link Pool}
     * makes it wait for a slot, and a slot freed by any item takes the next one at once), then
     * the results are collected. Python: {@code map}.
     *
     * @suspends until every result is there (and, for a pool, while it is full)
     */
    public <A, R> List<R> map(Fn<? super A, ? extends R> fn, Iterable<? extends A> items) {
        Objects.requireNonNull(fn, "fn");
        List<GreenTask<R>> spawned = new ArrayList<>();
        for (A item : items) {
            spawned.add(spawn(() -> fn.apply(item)));
        }
        List<R> out = new ArrayList<>(spawned.size());
        for (GreenTask<R> g : spawned) {
            out.add(g.get());
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Applies {@code fn} to the items in member tasks, lazily: the results in the items' order,
     * each as soon as it and those before it are there. At most {@link #defaultMaxsize()} tasks
     * run ahead of the consumer. A failed item's exception is thrown when its turn comes.
     * Python: {@code imap}.
     *
     * @suspends in {@code hasNext()} / {@code next()}, as {@link #join()}
     */
    public <A, R> Iterable<R> imap(Fn<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return imap(fn, items, defaultMaxsize());
    }

    /** {@link #imap(Fn, Iterable)} with at most {@code maxsize} tasks ahead of the consumer. */
    public <A, R> Iterable<R> imap(Fn<? super A, ? extends R> fn, Iterable<? extends A> items, int maxsize) {
        return () -> new IMap<A, R>(this, fn, items.iterator(), maxsize, true);
    }

    /** Like {@link #imap}, but results come in the order they are ready. Python: {@code imap_unordered}. */
    public <A, R> Iterable<R> imapUnordered(Fn<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return imapUnordered(fn, items, defaultMaxsize());
    }

    /** {@link #imapUnordered(Fn, Iterable)} with at most {@code maxsize} tasks ahead of the consumer. */
    public <A, R> Iterable<R> imapUnordered(Fn<? super A, ? extends R> fn, Iterable<? extends A> items, int maxsize) {
        return () -> new IMap<A, R>(this, fn, items.iterator(), maxsize, false);
    }

    /**
     * Like {@link #map(Fn, Iterable)}, over two iterables in step: {@code fn} gets the n-th item of
     * each, and the shorter iterable ends it (Python's {@code zip}). Python: {@code map(func, a, b)}.
     *
     * @suspends as {@link #map(Fn, Iterable)}
     */
    public <A, B, R> List<R> map(Fn2<? super A, ? super B, ? extends R> fn, Iterable<? extends A> first,
            Iterable<? extends B> second) {
        return map(zipped(fn), Zip.of(first, second));
    }

    /**
     * Like {@link #imap(Fn, Iterable)}, over two iterables in step (the shorter ends it).
     * Python: {@code imap(func, a, b)}.
     *
     * @suspends in {@code hasNext()} / {@code next()}, as {@link #join()}
     */
    public <A, B, R> Iterable<R> imap(Fn2<? super A, ? super B, ? extends R> fn, Iterable<? extends A> first,
            Iterable<? extends B> second) {
        return imap(zipped(fn), Zip.of(first, second));
    }

    /**
     * Like {@link #imapUnordered(Fn, Iterable)}, over two iterables in step (the shorter ends it).
     * Python: {@code imap_unordered(func, a, b)}.
     *
     * @suspends in {@code hasNext()} / {@code next()}, as {@link #join()}
     */
    public <A, B, R> Iterable<R> imapUnordered(Fn2<? super A, ? super B, ? extends R> fn, Iterable<? extends A> first,
            Iterable<? extends B> second) {
        return imapUnordered(zipped(fn), Zip.of(first, second));
    }

    private static <A, B, R> Fn<Zip.Pair<A, B>, R> zipped(Fn2<? super A, ? super B, ? extends R> fn) {
        Objects.requireNonNull(fn, "fn");
        return p -> fn.apply(p.first(), p.second());
    }

    /** How many tasks {@code imap} runs ahead of its consumer by default: unbounded for a group. */
    int defaultMaxsize() {
        return Integer.MAX_VALUE;
    }

    /** The members and their states. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + members.size() + " tasks" + (members.isEmpty() ? "" : ": " + members) + "]";
    }
}
