package dev.weft.aio;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The combinators behind {@link Aio}'s {@code gather}, {@code wait}, {@code asCompleted},
 * {@code waitFor}, {@code timeout} and {@code shield}; not API.
 */
final class Combinators {
    /*
     * Implementation notes
     *
     * gather: one done callback per distinct child counts finished children. Without
     * returnExceptions the outer future fails with the first failure (a cancelled child fails it
     * with that child's CancelledError) and the other children keep running, as in asyncio.
     * Cancelling the outer future cancels every child (GatheringFuture.cancel); the outer future
     * then ends cancelled when the last child has ended, so an awaiting task sees the
     * CancelledError only after its children have finished their cleanup.
     */

    private Combinators() {
    }

    static <T> Future<List<T>> gather(EventLoop loop, List<? extends Future<? extends T>> children,
            boolean returnExceptions) {
        GatheringFuture<List<T>> outer = new GatheringFuture<>(loop, children);
        if (children.isEmpty()) {
            outer.setResult(new ArrayList<>());
            return outer;
        }
        Map<Future<?>, Boolean> distinct = new IdentityHashMap<>(children.size()); // sized: no rehash garbage
        for (Future<? extends T> f : children) {
            distinct.put(f, Boolean.TRUE);
        }
        int[] finished = {0};
        int total = distinct.size();
        Consumer<Future<?>> onChild = child -> {
            finished[0]++;
            if (outer.done()) {
                return;
            }
            if (!returnExceptions) {
                Throwable failure = failureOf(child);
                if (failure != null) {
                    // completeException: a cancelled child fails the gather with its CancelledError
                    // (the gather itself is not cancelled), which setException refuses.
                    outer.completeException(failure);
                    return;
                }
            }
            if (finished[0] == total) {
                if (outer.cancelRequested) {
                    outer.finishCancelled(failureOf(child));
                    return;
                }
                List<Object> results = new ArrayList<>(children.size());
                for (Future<? extends T> f : children) {
                    Throwable failure = failureOf(f);
                    results.add(failure != null ? failure : f.result());
                }
                @SuppressWarnings("unchecked")
                List<T> typed = (List<T>) results;
                outer.setResult(typed);
            }
        };
        for (Future<?> f : distinct.keySet()) {
            if (f.loop() != loop) {
                throw new IllegalArgumentException("gather: " + f + " belongs to " + f.loop()
                        + ", not to " + loop + "; every future of a gather must belong to one loop");
            }
            f.addDoneCallback(onChild);
        }
        return outer;
    }

    /** The exception {@code f} failed with, its CancelledError if cancelled, null if it succeeded. */
    static Throwable failureOf(Future<?> f) {
        if (f.cancelled()) {
            try {
                f.result();
            } catch (CancelledError e) {
                return e;
            }
            throw new AssertionError("weft bug: result() of the cancelled " + f + " did not throw CancelledError");
        }
        return f.exception();
    }

    /** The outer future of a gather: cancelling it cancels the children. */
    static final class GatheringFuture<T> extends Future<T> {
        private final List<? extends Future<?>> children;
        boolean cancelRequested;

        GatheringFuture(EventLoop loop, List<? extends Future<?>> children) {
            super(loop);
            this.children = children;
        }

        @Override
        java.util.Collection<? extends Future<?>> awaitedFutures() {
            return children;
        }

        @Override
        public boolean cancel(String msg) {
            if (done()) {
                return false;
            }
            boolean any = false;
            for (Future<?> child : children) {
                if (child.cancel(msg)) {
                    any = true;
                }
            }
            if (any) {
                cancelRequested = true;
            }
            return any;
        }

        @Override
        public boolean cancel() {
            return cancel(null);
        }

        void finishCancelled(Throwable cause) {
            completeException(cause);
        }
    }

    static <F extends Future<?>> WaitResult<F> wait(Collection<F> futures, ReturnWhen returnWhen, double timeout) {
        if (futures.isEmpty()) {
            throw new IllegalArgumentException("Set of Tasks/Futures is empty: pass at least one future to Aio.wait");
        }
        if (returnWhen == null) {
            throw new NullPointerException("returnWhen is null: pass FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED");
        }
        Set<F> all = new LinkedHashSet<>(futures);
        EventLoop loop = EventLoop.current();
        Future<Object> waiter = loop.createFuture();
        int[] remaining = {all.size()};
        Consumer<Future<?>> onDone = f -> {
            remaining[0]--;
            if (remaining[0] <= 0 || returnWhen == ReturnWhen.FIRST_COMPLETED
                    || (returnWhen == ReturnWhen.FIRST_EXCEPTION && !f.cancelled() && f.exception() != null)) {
                if (!waiter.done()) {
                    waiter.setResult(null);
                }
            }
        };
        TimerHandle timer = timeout == Double.POSITIVE_INFINITY ? null
                : loop.callLater(timeout, () -> {
                    if (!waiter.done()) {
                        waiter.setResult(null);
                    }
                });
        for (F f : all) {
            f.addDoneCallback(onDone);
        }
        try {
            waiter.await();
        } finally {
            if (timer != null) {
                timer.cancel();
            }
            for (F f : all) {
                f.removeDoneCallback(onDone);
            }
        }
        Set<F> done = new LinkedHashSet<>();
        Set<F> pending = new LinkedHashSet<>();
        for (F f : all) {
            (f.done() ? done : pending).add(f);
        }
        return new WaitResult<>(done, pending);
    }

    static <T> T waitFor(Future<T> f, double timeout) {
        if (timeout == Double.POSITIVE_INFINITY) {
            return f.await();
        }
        if (timeout <= 0) {
            if (f.done()) {
                return f.result();
            }
            cancelAndWait(f);
            try {
                return f.result();
            } catch (CancelledError e) {
                throw new TimeoutError("waitFor timed out: " + f + " was not done within "
                        + timeout + " s and was cancelled", e);
            }
        }
        EventLoop loop = f.loop();
        return Timeout.run(loop.time() + timeout, scope -> {
            try {
                return f.await();
            } catch (CancelledError e) {
                if (!f.done()) {
                    cancelAndWait(f);
                }
                throw e;
            }
        });
    }

    /** Cancels {@code f} and waits until it is done (a task may run cleanup first). */
    static void cancelAndWait(Future<?> f) {
        f.cancel();
        if (f.done()) {
            return;
        }
        Future<Object> waiter = f.loop().createFuture();
        Consumer<Future<?>> onDone = x -> {
            if (!waiter.done()) {
                waiter.setResult(null);
            }
        };
        f.addDoneCallback(onDone);
        try {
            waiter.await();
        } finally {
            f.removeDoneCallback(onDone);
        }
    }

    static <T> Future<T> shield(Future<T> inner) {
        if (inner.done()) {
            return inner;
        }
        EventLoop loop = inner.loop();
        Future<T> outer = loop.createFuture();
        Consumer<Future<T>> onInner = f -> {
            if (outer.cancelled()) {
                // The shield's caller is gone. The inner outcome is left as it is: a failure nobody
                // retrieves is reported by the loop as never retrieved, not silenced (asyncio marks
                // it retrieved here, which would swallow it).
                return;
            }
            if (f.cancelled()) {
                outer.cancel();
                return;
            }
            Throwable exc = f.exception();
            if (exc != null) {
                outer.setException(exc);
            } else {
                outer.setResult(f.result());
            }
        };
        inner.addDoneCallback(onInner);
        outer.addDoneCallback(o -> {
            if (!inner.done()) {
                inner.removeDoneCallback(onInner);
            }
        });
        return outer;
    }

    static <T> List<Future<? extends T>> tasks(EventLoop loop, List<Callable<? extends T>> calls) {
        List<Future<? extends T>> out = new ArrayList<>(calls.size());
        for (Callable<? extends T> c : calls) {
            out.add(loop.createTask(c));
        }
        return out;
    }
}
