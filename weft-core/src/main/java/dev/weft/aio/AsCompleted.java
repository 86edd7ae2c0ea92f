package dev.weft.aio;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The iterator of {@link Aio#asCompleted}: yields the given futures in the order they complete;
 * each {@link #next()} suspends until the next one is done.
 *
 * <p>Python: the iterator returned by {@code asyncio.as_completed} (3.13 form, whose
 * {@code async for} yields the original futures). weft yields the done futures themselves: call
 * {@code result()} (or {@code await()}, which does not suspend on a done future) on each.
 * Single use: {@link #iterator()} returns this object.
 *
 * @param <F> the future type
 */
final class AsCompleted<F extends Future<?>> implements Iterator<F>, Iterable<F> {
    /*
     * Implementation notes
     *
     * One done callback per future moves it from `todo` to `done` (a callback never runs twice
     * for the same future, but duplicates in the input are collapsed first). next() parks on a
     * fresh waiter future only while `done` is empty. The deadline, if any, is one timer started
     * at creation; when it fires, the callbacks are removed and every later next() that finds
     * nothing done throws TimeoutError and counts as one step, so exactly `total` steps are made
     * (Python queues one timeout marker per future left). Futures done before the deadline are
     * still yielded first.
     */

    private final EventLoop loop;
    private final Set<F> todo;
    private final ArrayDeque<F> done = new ArrayDeque<>();
    private final int total;
    private final Consumer<Future<?>> onDone = this::onDone;
    private final double timeout;
    private int yielded;
    private boolean timedOut;
    private Future<Object> waiter;
    private TimerHandle timer;

    AsCompleted(EventLoop loop, Iterable<? extends F> futures, double timeout) {
        this.loop = loop;
        this.timeout = timeout;
        this.todo = new LinkedHashSet<>();
        for (F f : futures) {
            todo.add(f);
        }
        this.total = todo.size();
        for (F f : todo) {
            f.addDoneCallback(onDone);
        }
        if (timeout != Double.POSITIVE_INFINITY && !todo.isEmpty()) {
            timer = loop.callLater(timeout, this::onTimeout);
        }
    }

    @SuppressWarnings("unchecked")
    private void onDone(Future<?> f) {
        if (timedOut || !todo.remove(f)) {
            return;
        }
        done.add((F) f);
        if (waiter != null && !waiter.done()) {
            waiter.setResult(null);
        }
        if (todo.isEmpty() && timer != null) {
            timer.cancel();
        }
    }

    private void onTimeout() {
        timedOut = true;
        for (F f : todo) {
            f.removeDoneCallback(onDone);
        }
        if (waiter != null && !waiter.done()) {
            waiter.setResult(null);
        }
    }

    @Override
    public Iterator<F> iterator() {
        return this;
    }

    /** Whether futures remain to be yielded (never suspends). */
    @Override
    public boolean hasNext() {
        return yielded < total;
    }

    /**
     * Returns the next future to complete, suspending until one does.
     *
     * <p>@suspends until a future is done. @cancellation nothing is lost: the futures are not
     * cancelled and a later next() still yields them. @thread the loop thread, inside a task.
     *
     * @throws TimeoutError if the timeout given to {@code asCompleted} passed first; each future
     *     not done by then gives one such step, so {@link #hasNext()} turns false after them
     * @throws NoSuchElementException if every future was yielded
     */
    @Override
    public F next() {
        if (!hasNext()) {
            throw new NoSuchElementException("asCompleted: all " + total + " futures were yielded;"
                    + " check hasNext() (a for-each loop does)");
        }
        while (done.isEmpty()) {
            if (timedOut) {
                // one TimeoutError per future left, as Python yields one per future: a loop that
                // catches it and goes on still ends after `total` steps
                yielded++;
                throw new TimeoutError("asCompleted timed out after " + timeout + " s with "
                        + (total - yielded + 1) + " of " + total + " futures not done");
            }
            waiter = loop.createFuture();
            try {
                waiter.await();
            } finally {
                waiter = null;
            }
        }
        yielded++;
        return done.poll();
    }

    @Override
    public String toString() {
        return "AsCompleted[yielded=" + yielded + "/" + total + ", done=" + done.size()
                + (timedOut ? ", timed out" : "") + "]";
    }
}
