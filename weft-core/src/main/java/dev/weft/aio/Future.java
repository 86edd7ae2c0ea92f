package dev.weft.aio;

import dev.weft.internal.strand.Strand;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The eventual result of an operation on one {@link EventLoop}: pending until a result, an
 * exception or a cancellation is set, after which its done callbacks run on the loop.
 *
 * <pre>
 *   PENDING -> FINISHED    // setResult(v) or setException(t)
 *   PENDING -> CANCELLED   // cancel(msg)
 * </pre>
 *
 * {@snippet :
 * String got = EventLoop.run(() -> {
 *     Future<String> f = EventLoop.current().createFuture();
 *     EventLoop.current().callLater(0.5, () -> f.setResult("ready"));
 *     return f.await(); // parks this task for half a second
 * });
 * }
 *
 * <p>Python: {@code asyncio.Future}. {@code await fut} is {@link #await()}, an ordinary method
 * callable from any depth inside a task; results and exceptions are the same objects that were set.
 * A failed future whose exception is never retrieved is reported to the loop's exception handler.
 *
 * @param <T> the result type
 */
/* Implementation notes
 *
 * All state is touched on the loop thread only (the task threads of the loop-scheduled and hand-off
 * backends run strictly one at a time with the loop thread, with a happens-before edge at every
 * switch), so fields are plain. Done callbacks are scheduled with loop.callSoon, in registration
 * order, each as its own handle, never called directly: a callback never runs inside setResult.
 *
 * `callbacks` is null, one Consumer, or an ArrayList, to avoid a list for the common single waiter.
 *
 * Never-retrieved exceptions: setException registers an Unretrieved record (not referring to the
 * future) with a Cleaner and in the loop's set. result()/exception() mark it retrieved. If the
 * future becomes unreachable first, the Cleaner reports it through the loop; whatever is left when
 * the loop closes is reported then.
 */
public class Future<T> {
    static final Cleaner CLEANER = Cleaner.create(
            Thread.ofPlatform().daemon().name("weft-aio-cleaner").factory());

    private static final int PENDING = 0;
    private static final int CANCELLED = 1;
    private static final int FINISHED = 2;

    final EventLoop loop;
    private int state = PENDING;
    private T result;
    private Throwable exception;
    String cancelMessage;
    private Throwable cancelCause;
    private Object callbacks;
    private Unretrieved unretrieved;

    Future(EventLoop loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
    }

    /**
     * Waits until this future is done and returns its result, or throws its exception (the same
     * object that was set) or a {@link CancelledError}.
     *
     * @suspends the calling task, if the future is not done yet (a done future returns at once)
     * @cancellation cancelling the waiting task cancels this future too (as in asyncio) and raises
     *     {@code CancelledError} here; wrap the future in {@code shield} to keep it running
     * @thread a task of this future's loop; anywhere else fails with {@link IllegalStateException}
     */
    public T await() {
        if (state == PENDING) {
            Task.currentForAwait(loop, this).suspendOn(this);
        }
        return result();
    }

    /**
     * {@link #await()} for callers that handle one checked exception: declares {@code throws X},
     * so {@code catch (IOException e)} around it compiles.
     *
     * <p>{@code await()} rethrows the body's exception as it is, checked or not, without declaring
     * it (Python has no checked exceptions, and the same object must arrive). Java then refuses a
     * {@code catch} of a checked type the call does not declare; this overload declares the one
     * you name. Nothing is wrapped: an exception that is not an {@code X} still propagates as it
     * is (an undeclared checked one too, as from {@code await()}).
     * {@snippet :
     * try {
     *     String text = task.await(IOException.class);
     * } catch (IOException e) {                 // compiles: await(Class) declares it
     *     log(e);
     * }
     * }
     *
     * @suspends as {@link #await()}
     * @cancellation as {@link #await()}
     * @thread as {@link #await()}
     * @throws X the exception the future failed with, when it is an {@code X}
     */
    public <X extends Exception> T await(Class<X> declared) throws X {
        Objects.requireNonNull(declared, "declared");
        return await();
    }

    /**
     * {@link #result()} declaring {@code throws X}; see {@link #await(Class)}.
     *
     * @throws X the exception the future failed with, when it is an {@code X}
     * @throws InvalidStateError if the future is not done
     * @throws CancelledError if it was cancelled
     */
    public <X extends Exception> T result(Class<X> declared) throws X {
        Objects.requireNonNull(declared, "declared");
        return result();
    }

    /**
     * Returns the result. If the future failed, throws the exception that was set, unchanged:
     * checked exceptions too, although this method does not declare them (see {@link #result(Class)}).
     *
     * @throws InvalidStateError if the future is not done
     * @throws CancelledError if it was cancelled
     */
    public T result() {
        switch (state) {
            case FINISHED -> {
                markRetrieved();
                if (exception != null) {
                    throw Strand.sneakyThrow(exception);
                }
                return result;
            }
            case CANCELLED -> throw cancelledError();
            default -> throw new InvalidStateError("Result is not ready: " + this
                    + " is still pending; await() it, or check done() first");
        }
    }

    /**
     * Returns the exception that was set, or null if the future finished with a result.
     *
     * @throws InvalidStateError if the future is not done
     * @throws CancelledError if it was cancelled
     */
    public Throwable exception() {
        switch (state) {
            case FINISHED -> {
                markRetrieved();
                return exception;
            }
            case CANCELLED -> throw cancelledError();
            default -> throw new InvalidStateError("Exception is not set: " + this
                    + " is still pending; await() it, or check done() first");
        }
    }

    /** Whether the future has a result, an exception, or was cancelled. */
    public boolean done() {
        return state != PENDING;
    }

    /** Whether the future was cancelled. */
    public boolean cancelled() {
        return state == CANCELLED;
    }

    /**
     * Cancels the future if it is pending and schedules its callbacks.
     *
     * @return false if it was already done
     * @thread the loop's thread
     */
    public boolean cancel() {
        return cancel(null);
    }

    /**
     * Cancels the future with a message that the {@link CancelledError} will carry.
     *
     * @return false if it was already done
     * @thread the loop's thread
     */
    public boolean cancel(String msg) {
        loop.checkThread("cancel");
        return cancelInternal(msg, null);
    }

    boolean cancelInternal(String msg, Throwable cause) {
        if (state != PENDING) {
            return false;
        }
        state = CANCELLED;
        cancelMessage = msg;
        cancelCause = cause;
        scheduleCallbacks();
        return true;
    }

    /**
     * Marks the future done with a result and schedules its callbacks.
     *
     * @throws InvalidStateError if it is already done
     * @thread the loop's thread
     */
    public void setResult(T value) {
        loop.checkThread("setResult");
        if (state != PENDING) {
            throw new InvalidStateError("invalid state: " + this + " is already done; check done() first");
        }
        completeResult(value);
    }

    /**
     * Marks the future done with an exception and schedules its callbacks. A {@link CancelledError}
     * is refused: cancel the future instead.
     *
     * @throws InvalidStateError if it is already done
     * @thread the loop's thread
     */
    public void setException(Throwable t) {
        Objects.requireNonNull(t, "t");
        loop.checkThread("setException");
        if (state != PENDING) {
            throw new InvalidStateError("invalid state: " + this + " is already done; check done() first");
        }
        if (t instanceof CancelledError) {
            throw new IllegalArgumentException("a CancelledError cannot be set as a future's exception; call "
                    + "cancel(msg) instead");
        }
        completeException(t);
    }

    final void completeResult(T value) {
        result = value;
        state = FINISHED;
        scheduleCallbacks();
    }

    final void completeException(Throwable t) {
        exception = t;
        state = FINISHED;
        Unretrieved u = new Unretrieved(loop, this.toString(), t);
        unretrieved = u;
        loop.unretrieved.add(u);
        CLEANER.register(this, u);
        scheduleCallbacks();
    }

    private void markRetrieved() {
        Unretrieved u = unretrieved;
        if (u != null) {
            unretrieved = null;
            u.retrieved = true;
            loop.unretrieved.remove(u);
        }
    }

    CancelledError cancelledError() {
        return new CancelledError(cancelMessage, cancelCause);
    }

    /**
     * Adds a callback that runs on the loop, with this future, once the future is done; callbacks
     * run in the order they were added, each in its own loop step. If the future is already done,
     * the callback is scheduled at once. The callback runs in a copy of the {@link Context} current
     * now.
     *
     * @thread the loop's thread
     */
    public void addDoneCallback(Consumer<? super Future<T>> cb) {
        addDoneCallback(cb, null);
    }

    /**
     * Like {@link #addDoneCallback(Consumer)}, but the callback runs in {@code context} (null: a
     * copy of the current one). Python: {@code add_done_callback(fn, context=...)}.
     *
     * @thread the loop's thread
     */
    public void addDoneCallback(Consumer<? super Future<T>> cb, Context context) {
        Objects.requireNonNull(cb, "cb");
        addCallback(cb, context != null ? context : ContextSlot.currentVars());
    }

    /** A done callback of weft's own (a task's wake-up): no context to capture or enter. */
    void addDoneCallbackNoContext(Consumer<? super Future<T>> cb) {
        addCallback(cb, null);
    }

    /**
     * A callback registered with the context it runs in (a Context or captured variables). A class,
     * not a record: Lincheck (ChannelLincheckTest) snapshots the heap through field offsets, which
     * the JDK refuses for record fields.
     */
    private static final class InContext {
        private final Consumer<?> cb;
        private final Object context;

        InContext(Consumer<?> cb, Object context) {
            this.cb = cb;
            this.context = context;
        }

        Consumer<?> cb() {
            return cb;
        }

        Object context() {
            return context;
        }
    }

    @SuppressWarnings("unchecked")
    private void addCallback(Consumer<? super Future<T>> cb, Object context) {
        loop.checkThread("addDoneCallback");
        if (state != PENDING) {
            loop.callSoonHandle(new Callback<>(this, cb, context));
            return;
        }
        Object entry = context == null ? cb : new InContext(cb, context);
        Object c = callbacks;
        if (c == null) {
            callbacks = entry;
        } else if (c instanceof ArrayList<?> list) {
            ((ArrayList<Object>) list).add(entry);
        } else {
            ArrayList<Object> list = new ArrayList<>(4);
            list.add(c);
            list.add(entry);
            callbacks = list;
        }
    }

    /**
     * Removes every registration of a callback that has not been scheduled yet.
     *
     * @return how many were removed
     * @thread the loop's thread
     */
    public int removeDoneCallback(Consumer<? super Future<T>> cb) {
        loop.checkThread("removeDoneCallback");
        Object c = callbacks;
        if (c == null) {
            return 0;
        }
        if (c instanceof ArrayList<?> list) {
            int before = list.size();
            list.removeIf(x -> x == cb || x instanceof InContext w && w.cb() == cb);
            return before - list.size();
        }
        if (c == cb || c instanceof InContext w && w.cb() == cb) {
            callbacks = null;
            return 1;
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private void scheduleCallbacks() {
        Object c = callbacks;
        if (c == null) {
            return;
        }
        callbacks = null;
        if (c instanceof ArrayList<?> list) {
            for (Object o : list) {
                scheduleCallback(o);
            }
        } else {
            scheduleCallback(c);
        }
    }

    @SuppressWarnings("unchecked")
    private void scheduleCallback(Object entry) {
        if (entry instanceof InContext w) {
            loop.callSoonHandle(new Callback<>(this, (Consumer<? super Future<T>>) w.cb(), w.context()));
        } else {
            loop.callSoonHandle(new Callback<>(this, (Consumer<? super Future<T>>) entry, null));
        }
    }

    /** A done callback as the loop's handle itself: one object per callback run, not two. */
    private static final class Callback<T> extends Handle {
        private final Future<T> f;
        private final Consumer<? super Future<T>> cb;

        Callback(Future<T> f, Consumer<? super Future<T>> cb, Object context) {
            super(f.loop, null);
            this.f = f;
            this.cb = cb;
            this.context = context;
        }

        @Override
        void invoke() {
            cb.accept(f);
        }

        @Override
        Task<?> task() {
            return cb instanceof TaskRunner r ? r.task : null;
        }

        @Override
        public String toString() {
            return "Handle[done callback " + cb + " of " + f + (cancelled ? ", cancelled" : "") + "]";
        }
    }

    /** The loop this future belongs to. */
    public EventLoop loop() {
        return loop;
    }

    /**
     * Returns a {@link CompletableFuture} that completes when this future does: with the result,
     * the exception, or a {@link CancellationException} (whose cause is the {@link CancelledError}).
     * Cancelling the returned future cancels this one (through {@code callSoonThreadsafe}).
     *
     * @thread the loop's thread
     */
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> cf = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean r = super.cancel(mayInterruptIfRunning);
                if (r && !loop.isClosed()) {
                    loop.callSoonThreadsafe(() -> Future.this.cancel());
                }
                return r;
            }
        };
        addDoneCallback(f -> copyTo(f, cf));
        return cf;
    }

    static <T> void copyTo(Future<T> f, CompletableFuture<? super T> cf) {
        if (f.cancelled()) {
            CancellationException ce = new CancellationException(f.cancelMessage);
            ce.initCause(f.cancelledError());
            cf.completeExceptionally(ce);
        } else if (f.exception() != null) {
            cf.completeExceptionally(f.exception());
        } else {
            cf.complete(f.result());
        }
    }

    /**
     * Wraps a {@link CompletableFuture} (completed on any thread) in a future of {@code loop}: the
     * outcome is carried over on the loop thread; cancelling the returned future cancels
     * {@code cf}. Until {@code cf} completes, a virtual-clock loop counts it as outside work and
     * does not jump its clock.
     *
     * @thread the loop's thread
     */
    public static <T> Future<T> wrap(CompletableFuture<T> cf, EventLoop loop) {
        Future<T> f = loop.createFuture();
        f.addDoneCallback(x -> {
            if (x.cancelled()) {
                cf.cancel(false);
            }
        });
        // counted only once nothing above can throw (a wrong thread, a closed loop): an error
        // there must not leave the count up, or a virtual clock would never jump again
        loop.inflight++;
        // through the entry queue's internal door: the outcome must reach a loop that is closing
        // (its awaiting task is being ended), and one that arrives after close() is dropped with
        // the future, which no task can await any more
        cf.whenComplete((v, e) -> loop.enqueueFromAnyThread(new Handle(loop, () -> {
            loop.inflight--;
            if (f.done()) {
                return;
            }
            if (e == null) {
                f.completeResult(v);
            } else {
                Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (t instanceof CancellationException) {
                    f.cancelInternal(t.getMessage(), t);
                } else {
                    f.completeException(t);
                }
            }
        })));
        return f;
    }

    String stateName() {
        return switch (state) {
            case PENDING -> "pending";
            case CANCELLED -> "cancelled";
            default -> "finished";
        };
    }

    String outcome() {
        return switch (state) {
            case PENDING -> "pending";
            case CANCELLED -> "cancelled" + (cancelMessage != null ? " msg=" + cancelMessage : "");
            default -> exception != null ? "finished exception=" + exception : "finished result=" + result;
        };
    }

    /** The futures a wait on this one waits for in turn: a gather's children (LoopInspection's edges). */
    java.util.Collection<? extends Future<?>> awaitedFutures() {
        return java.util.List.of();
    }

    @Override
    public String toString() {
        return "Future[" + outcome() + "]";
    }

    /** A failed future's report-if-never-retrieved record; refers to the loop, never the future. */
    static final class Unretrieved implements Runnable {
        final EventLoop loop;
        final String what;
        final Throwable exception;
        volatile boolean retrieved;

        Unretrieved(EventLoop loop, String what, Throwable exception) {
            this.loop = loop;
            this.what = what;
            this.exception = exception;
        }

        /** The Cleaner's action: the future became unreachable. */
        @Override
        public void run() {
            if (!retrieved) {
                loop.reportUnretrievedLater(this);
            }
        }
    }
}
