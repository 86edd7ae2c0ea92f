package dev.weft.aio;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A channel of elements between the tasks of one event loop: senders {@link #send} and receivers
 * {@link #receive}, with a capacity that says how many elements may wait inside it.
 *
 * <table class="striped">
 *   <caption>Capacities</caption>
 *   <thead><tr><th>capacity</th><th>send waits</th><th>what it is for</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link #RENDEZVOUS} (0)</td><td>until a receiver has taken the element</td><td>hand-over: a producer never runs ahead</td></tr>
 *     <tr><td>{@code n > 0}</td><td>while {@code n} elements wait</td><td>smoothing bursts with a bound</td></tr>
 *     <tr><td>{@link #CONFLATED}</td><td>never: a new element replaces the one waiting</td><td>latest value only (a status, a price)</td></tr>
 *     <tr><td>{@link #UNLIMITED}</td><td>never</td><td>when the producer is known to be bounded</td></tr>
 *   </tbody>
 * </table>
 *
 * {@snippet :
 * Channel<Integer> ch = new Channel<>(2);
 * loop.createTask(() -> { for (int i = 0; i < 5; i++) ch.send(i); ch.close(); return null; });
 * for (int i : ch) {       // receives until the channel is closed and drained
 *     System.out.println(i);
 * }
 * }
 *
 * <p>Ending: {@link #close()} stops new sends; receivers still get every element already sent
 * (those buffered and those of senders waiting at the time), then see the end
 * ({@link ClosedReceiveChannelException}, a {@link ChannelResult.Closed}, or the end of a for-each).
 * {@link #cancel()} ends the channel at once: the elements inside it are dropped through the
 * {@code onUndeliveredElement} hook given at creation, and so is the element of every
 * {@link #send} that throws (a closed or cancelled channel, a cancelled sender, including senders
 * waiting when the channel is cancelled) and each element a {@link #CONFLATED} channel replaces.
 * So an element given to {@code send} is received or handed to the hook, exactly once. A {@link #trySend} that does
 * not return true leaves the element with its caller, and so does a {@link Select#onSend} clause
 * that was not chosen.
 *
 * <p>Many senders and many receivers may share a channel (fan-in, fan-out): waiting receivers
 * are served in arrival order, one element each, and so are waiting senders.
 *
 * <p>Cancellation is exact: a {@code send} that returns sent its element, one that throws did
 * not; a {@code receive} that returns took its element, one that throws took none. A task
 * cancelled after a peer served it (in the peer's step, before the task ran again) completes the
 * operation and gets the {@link CancelledError} at its next suspension point; see {@link Select}.
 *
 * <p>States ({@link #toString()} shows them):
 * <pre>
 * OPEN       -> CLOSED     // close(): no more sends; receivers drain what was sent
 * CLOSED     -> DRAINED    // the last element (buffered or of a waiting sender) was received
 * OPEN       -> CANCELLED  // cancel(): elements dropped through onUndeliveredElement
 * CLOSED     -> CANCELLED  // cancel() after close(): what was left is dropped
 * </pre>
 *
 * <p>A channel belongs to the loop of the first task that uses it, like every primitive of this
 * package; tasks of other loops and plain threads use the {@code ...Threadsafe} methods.
 *
 * <p>Python: none in asyncio ({@code asyncio.Queue} is the nearest: no rendezvous, no select);
 * trio's memory channels ({@code trio.open_memory_channel}) and kotlinx.coroutines'
 * {@code Channel}, whose names and capacities this follows. Differences: elements cannot be
 * {@code null}; a receiver cancelled after being served keeps its element (kotlinx drops it to
 * {@code onUndeliveredElement}); {@code close} lets senders that were already waiting finish.
 *
 * @param <E> the element type
 */
public class Channel<E> implements Iterable<E> {
    /*
     * Implementation notes
     *
     * Waiting senders and receivers are Select arms enlisted in two ParkingLots (Select's notes:
     * a peer serves an arm by doing the hand-over and claiming its select in one step). So every
     * wait of a channel, plain or in a select, is the same code: Select.run over one or more arms.
     *
     * Invariants, between loop steps: a live receiver waits only while the buffer is empty and no
     * live sender waits; a live sender waits only while the buffer is full (never in CONFLATED and
     * UNLIMITED channels) or, in a RENDEZVOUS channel, no live receiver waits. (A select with a send
     * and a receive arm on one rendezvous channel sits in both lots; each operation looks at the
     * other side first, so that is harmless.) Each operation keeps them in its own step:
     *   send:    serve the first live receiver (hand the element over), else buffer, else wait;
     *   receive: take the buffer's head and refill the freed slot from the first live sender, else
     *            take a live sender's element directly (rendezvous), else the end if closed, else
     *            wait.
     * "Live" means its select is not done; dead nodes are withdrawn by whoever steps over them.
     *
     * The hook (onUndeliveredElement) runs on the loop thread, in the step that drops the element:
     * cancel() (the buffer), a CONFLATED send that replaces one, a plain send that throws (in the
     * sender's step: also for senders that cancel() failed). If it throws, the rest of
     * the drop still happens and the first failure is rethrown with the others suppressed.
     */

    /** Capacity of a channel without a buffer: each send waits for a receiver. */
    public static final int RENDEZVOUS = 0;
    /** Capacity of a channel that keeps only the latest element; send never waits. */
    public static final int CONFLATED = -1;
    /** Capacity of a channel without a bound; send never waits. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private final int capacity;
    private final Consumer<? super E> onUndelivered;
    private final ArrayDeque<E> buffer = new ArrayDeque<>();
    /** Waiting send arms, each carrying its element. */
    final ParkingLot senders = ParkingLot.broadcast();
    /** Waiting receive arms. */
    final ParkingLot receivers = ParkingLot.broadcast();
    private boolean closed;
    private boolean cancelled;
    private Throwable closeCause;
    EventLoop loop;

    /**
     * Creates a channel of {@code capacity}: {@link #RENDEZVOUS}, a bound {@code n > 0},
     * {@link #CONFLATED} or {@link #UNLIMITED}; dropped elements are simply forgotten.
     *
     * @throws IllegalArgumentException for any other negative capacity
     */
    public Channel(int capacity) {
        this(capacity, null);
    }

    /**
     * Creates a channel of {@code capacity} whose dropped elements go to
     * {@code onUndeliveredElement} (null: forgotten); see the class description for when.
     *
     * @throws IllegalArgumentException for a negative capacity other than {@link #CONFLATED}
     */
    public Channel(int capacity, Consumer<? super E> onUndeliveredElement) {
        if (capacity < 0 && capacity != CONFLATED) {
            throw new IllegalArgumentException("Channel capacity " + capacity + " is invalid: use RENDEZVOUS (0), a "
                    + "bound n > 0, CONFLATED (-1) or UNLIMITED");
        }
        this.capacity = capacity;
        this.onUndelivered = onUndeliveredElement;
        EventLoop running = EventLoop.running();
        if (running != null && running.isRunning()) {
            loop = running; // created inside a loop: its thread-safe methods work from the start
        }
    }

    /**
     * Creates a channel of {@code capacity} for the tasks of {@code loop}, ready for the
     * {@code ...Threadsafe} methods before any task of {@code loop} has used it.
     */
    public Channel(EventLoop loop, int capacity, Consumer<? super E> onUndeliveredElement) {
        this(capacity, onUndeliveredElement);
        this.loop = Objects.requireNonNull(loop, "loop");
    }

    /** The capacity given at creation. */
    public int capacity() {
        return capacity;
    }

    /** The number of elements buffered (not counting those of waiting senders). */
    public int size() {
        return buffer.size();
    }

    /** Whether {@link #close()} or {@link #cancel()} was called: sends fail from now on. */
    public boolean isClosedForSend() {
        return closed;
    }

    /** Whether receives see the end: closed with nothing left to receive, or cancelled. */
    public boolean isClosedForReceive() {
        return closed && buffer.isEmpty() && Select.firstLive(senders) == null;
    }

    // ---- send ----------------------------------------------------------------------------------

    /**
     * Sends {@code element}, waiting while the channel has no room for it (for a rendezvous
     * channel: until a receiver has taken it).
     *
     * @suspends while the buffer is full, or (rendezvous) until a receiver takes the element
     * @cancellation a send that throws {@link CancelledError} did not send its element, and the
     *     element goes to {@code onUndeliveredElement}; a sender cancelled after its element was
     *     taken returns normally and meets the cancel at its next suspension point
     * @thread a task of the channel's loop; elsewhere, {@link #sendThreadsafe}
     * @throws ClosedSendChannelException if the channel is closed or cancelled, before or while
     *     waiting (the element goes to {@code onUndeliveredElement})
     * @throws NullPointerException if {@code element} is null
     */
    public void send(E element) {
        SendArm<Void> arm = sendArm(element, null);
        try {
            Select.run(bind("send"), List.of(arm));
        } catch (Throwable t) {
            try {
                undelivered(List.of(element));
            } catch (RuntimeException hook) {
                t.addSuppressed(hook);
            }
            throw t;
        }
    }

    /**
     * Sends {@code element} if that needs no wait: hands it to a waiting receiver or buffers it.
     * Returns false if it would have to wait; the element then stays the caller's (it is not passed
     * to {@code onUndeliveredElement}).
     *
     * @thread the channel's loop thread (a task or a callback); elsewhere, {@link #trySendThreadsafe}
     * @throws ClosedSendChannelException if the channel is closed or cancelled (the element stays the
     *     caller's)
     */
    public boolean trySend(E element) {
        Objects.requireNonNull(element, this::nullElement);
        checkThread("trySend");
        if (closed) {
            throw sendClosed();
        }
        return offer(element);
    }

    /** Hands {@code e} to the first live receiver, else buffers it; false if it would have to wait. */
    private boolean offer(E e) {
        if (Select.firstLive(receivers) instanceof ReceiveArm<?, ?> r) {
            @SuppressWarnings("unchecked")
            ReceiveArm<E, ?> mine = (ReceiveArm<E, ?>) r;
            mine.outcome = new ChannelResult.Value<>(e);
            Select.serve(receivers, mine);
            return true;
        }
        if (capacity == CONFLATED) {
            E old = buffer.poll();
            buffer.add(e);
            if (old != null) {
                undelivered(List.of(old));
            }
            return true;
        }
        if (buffer.size() < capacity) {
            buffer.add(e);
            return true;
        }
        return false;
    }

    <R> SendArm<R> sendArm(E element, Supplier<? extends R> handler) {
        Objects.requireNonNull(element, this::nullElement);
        return new SendArm<>(element, handler);
    }

    /** A send, plain or a select's onSend clause. */
    final class SendArm<R> extends Select.Arm<R> {
        final E element;
        private final Supplier<? extends R> handler;
        /** The failure to throw once chosen (closed or cancelled channel), or null: sent. */
        RuntimeException failure;

        SendArm(E element, Supplier<? extends R> handler) {
            this.element = element;
            this.handler = handler;
        }

        @Override
        boolean tryNow() {
            bind("send");
            if (closed) {
                failure = sendClosed();
                return true;
            }
            return offer(element);
        }

        @Override
        void enlist(EventLoop loop) {
            node = senders.enlist(loop, this);
        }

        @Override
        void withdraw() {
            senders.withdraw(node);
        }

        @Override
        R finish() {
            if (failure != null) {
                throw failure;
            }
            return handler == null ? null : handler.get();
        }

        @Override
        public String toString() {
            return "send to " + Channel.this;
        }
    }

    // ---- receive -------------------------------------------------------------------------------

    /**
     * Receives the next element, waiting while there is none.
     *
     * @suspends while the channel is empty and not closed
     * @cancellation a receive that throws {@link CancelledError} took no element; a receiver
     *     cancelled after a sender handed it an element returns that element and meets the cancel
     *     at its next suspension point
     * @thread a task of the channel's loop
     * @throws ClosedReceiveChannelException if the channel is closed and drained, or cancelled
     */
    public E receive() {
        return valueOrThrow(this, receiveCatching());
    }

    /**
     * Receives the next element, or the channel's end as a {@link ChannelResult.Closed}, waiting
     * while there is neither.
     *
     * @suspends as {@link #receive()}
     * @cancellation as {@link #receive()}
     * @thread a task of the channel's loop
     */
    public ChannelResult<E> receiveCatching() {
        return Select.run(bind("receive"), List.of(receiveArm(Function.identity())));
    }

    /**
     * Receives the next element if one is ready: {@link ChannelResult.Value}, else
     * {@link ChannelResult.Empty}, or {@link ChannelResult.Closed} at the end. Never waits.
     *
     * @thread the channel's loop thread (a task or a callback)
     */
    public ChannelResult<E> tryReceive() {
        checkThread("tryReceive");
        ChannelResult<E> r = take();
        return r == null ? new ChannelResult.Empty<>() : r;
    }

    /** The next element (refilling the buffer from a waiting sender), or the end; null if it would wait. */
    private ChannelResult<E> take() {
        E e = buffer.poll();
        if (e != null) {
            SendArm<?> s = liveSender();
            if (s != null) {
                buffer.add(s.element);
                Select.serve(senders, s);
            }
            return new ChannelResult.Value<>(e);
        }
        SendArm<?> s = liveSender();
        if (s != null) {
            Select.serve(senders, s);
            return new ChannelResult.Value<>(s.element);
        }
        if (closed) {
            return new ChannelResult.Closed<>(closeCause);
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private SendArm<?> liveSender() {
        return (SendArm<?>) Select.firstLive(senders);
    }

    <R> ReceiveArm<E, R> receiveArm(Function<? super ChannelResult<E>, ? extends R> handler) {
        return new ReceiveArm<>(this, handler);
    }

    static <E> E valueOrThrow(Channel<E> ch, ChannelResult<E> r) {
        if (r instanceof ChannelResult.Value<E> v) {
            return v.value();
        }
        throw ch.receiveClosed();
    }

    /** A receive, plain or a select's onReceive / onReceiveCatching clause. */
    static final class ReceiveArm<E, R> extends Select.Arm<R> {
        private final Channel<E> ch;
        private final Function<? super ChannelResult<E>, ? extends R> handler;
        /** What it received (a Value or Closed), once it took effect. */
        ChannelResult<E> outcome;

        ReceiveArm(Channel<E> ch, Function<? super ChannelResult<E>, ? extends R> handler) {
            this.ch = ch;
            this.handler = handler;
        }

        @Override
        boolean tryNow() {
            ch.bind("receive");
            outcome = ch.take();
            return outcome != null;
        }

        @Override
        void enlist(EventLoop loop) {
            node = ch.receivers.enlist(loop, this);
        }

        @Override
        void withdraw() {
            ch.receivers.withdraw(node);
        }

        @Override
        R finish() {
            return handler.apply(outcome);
        }

        @Override
        public String toString() {
            return "receive from " + ch;
        }
    }

    /**
     * Iterates over the elements as they are received, until the channel is closed and drained;
     * {@code hasNext()} waits for the next element (it is a receive), {@code next()} does not.
     * A cancelled channel ends the iteration too.
     *
     * @thread a task of the channel's loop (hasNext suspends)
     */
    @Override
    public Iterator<E> iterator() {
        return new Iterator<>() {
            private ChannelResult<E> next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = receiveCatching();
                }
                return next.isSuccess();
            }

            @Override
            public E next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the channel has ended: " + Channel.this);
                }
                E e = next.getOrNull();
                next = null;
                return e;
            }
        };
    }

    // ---- ending --------------------------------------------------------------------------------

    /** Closes the channel without a cause: {@code close(null)}. */
    public boolean close() {
        return close(null);
    }

    /**
     * Closes the channel for sending: sends fail with {@link ClosedSendChannelException} (its cause:
     * {@code cause}); senders already waiting still deliver; receivers get everything sent, then
     * the end. Returns false if it was already closed or cancelled. Never waits.
     *
     * @thread the channel's loop thread; elsewhere, {@link #closeThreadsafe}
     */
    public boolean close(Throwable cause) {
        checkThread("close");
        if (closed) {
            return false;
        }
        closed = true;
        closeCause = cause;
        endReceivers();
        return true;
    }

    /** Cancels the channel without a cause: {@code cancel(null)}. */
    public boolean cancel() {
        return cancel(null);
    }

    /**
     * Cancels the channel: it is closed, every buffered element is passed to
     * {@code onUndeliveredElement}, waiting senders fail with {@link ClosedSendChannelException}
     * (a plain {@link #send} passes its element to the hook as it throws, as every failing send
     * does; a select's {@code onSend} leaves it with its caller) and receivers see the end. Returns false if it was already
     * cancelled. Never waits.
     *
     * @thread the channel's loop thread
     * @throws RuntimeException the first exception of the hook, after every element was dropped
     */
    public boolean cancel(Throwable cause) {
        checkThread("cancel");
        if (cancelled) {
            return false;
        }
        if (!closed) {
            closeCause = cause;
        }
        closed = true;
        cancelled = true;
        List<E> dropped = List.copyOf(buffer);
        buffer.clear();
        for (SendArm<?> s = liveSender(); s != null; s = liveSender()) {
            s.failure = sendClosed(); // a plain send passes its element to the hook as it throws
            Select.serve(senders, s);
        }
        endReceivers();
        undelivered(dropped);
        return true;
    }

    /** Serves every waiting receiver with the end (they wait only when nothing is left to receive). */
    private void endReceivers() {
        for (Select.Arm<?> a = Select.firstLive(receivers); a != null; a = Select.firstLive(receivers)) {
            @SuppressWarnings("unchecked")
            ReceiveArm<E, ?> r = (ReceiveArm<E, ?>) a;
            r.outcome = new ChannelResult.Closed<>(closeCause);
            Select.serve(receivers, r);
        }
    }

    /** Passes each element to the hook; the first failure is rethrown after all, the others suppressed on it. */
    private void undelivered(Iterable<E> elements) {
        if (onUndelivered == null) {
            return;
        }
        RuntimeException first = null;
        for (E e : elements) {
            try {
                onUndelivered.accept(e);
            } catch (RuntimeException x) {
                if (first == null) {
                    first = x;
                } else {
                    first.addSuppressed(x);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    // ---- from other threads and other loops ----------------------------------------------------

    /**
     * Sends {@code element} from a plain thread or a task of another loop: the send runs on the
     * channel's loop (as {@link #send}), and the caller waits for it, blocking a plain thread or
     * suspending a task of another loop. From a task of the channel's own loop it is {@link #send}.
     *
     * @suspends a task of another loop, until the send took effect or failed
     * @cancellation interrupting the blocked thread (or cancelling the waiting task) cancels the send
     *     on the channel's loop; the call then waits for the real outcome: if the element went
     *     first, it returns normally (the interrupt flag, or the task's cancel, stays pending);
     *     otherwise it throws {@link InterruptedException} (or {@link CancelledError}) and the
     *     element went to {@code onUndeliveredElement}, as for a cancelled {@link #send}
     * @thread any thread
     * @throws InterruptedException if the thread was interrupted and the element was not sent
     * @throws ClosedSendChannelException as {@link #send}
     * @throws IllegalStateException if the channel has no loop yet, or its loop is closed
     */
    public void sendThreadsafe(E element) throws InterruptedException {
        Objects.requireNonNull(element, this::nullElement);
        ChannelDoor.call(owner("sendThreadsafe"), "sendThreadsafe", () -> {
            send(element);
            return null;
        }, true, () -> undelivered(List.of(element)));
    }

    /**
     * {@link #trySend} from any thread: runs on the channel's loop, the caller waits only for that
     * one step (not for room). An interrupt meanwhile does not stop it; the flag stays set.
     *
     * @thread any thread
     * @throws ClosedSendChannelException as {@link #trySend}
     * @throws IllegalStateException if the channel has no loop yet, or its loop is closed
     */
    public boolean trySendThreadsafe(E element) {
        Objects.requireNonNull(element, this::nullElement);
        return uninterruptibly("trySendThreadsafe", () -> trySend(element));
    }

    /**
     * Receives from a plain thread or a task of another loop: {@link #receive} on the channel's
     * loop, awaited as in {@link #sendThreadsafe}.
     *
     * @suspends a task of another loop, until an element or the end arrives
     * @cancellation as {@link #sendThreadsafe}: an interrupted (or cancelled) call that returns
     *     normally received its element; one that throws received none
     * @thread any thread
     * @throws InterruptedException if the thread was interrupted and nothing was received
     * @throws ClosedReceiveChannelException as {@link #receive}
     * @throws IllegalStateException if the channel has no loop yet, or its loop is closed
     */
    public E receiveThreadsafe() throws InterruptedException {
        return ChannelDoor.call(owner("receiveThreadsafe"), "receiveThreadsafe", this::receive, true, () -> { });
    }

    /**
     * {@link #tryReceive} from any thread, waiting only for the one loop step that runs it.
     *
     * @thread any thread
     * @throws IllegalStateException if the channel has no loop yet, or its loop is closed
     */
    public ChannelResult<E> tryReceiveThreadsafe() {
        return uninterruptibly("tryReceiveThreadsafe", this::tryReceive);
    }

    /**
     * {@link #close()} from any thread, waiting only for the one loop step that runs it.
     *
     * @thread any thread
     * @throws IllegalStateException if the channel has no loop yet, or its loop is closed
     */
    public boolean closeThreadsafe() {
        return uninterruptibly("closeThreadsafe", this::close);
    }

    private <T> T uninterruptibly(String what, java.util.concurrent.Callable<T> op) {
        try {
            return ChannelDoor.call(owner(what), what, op, false, () -> { });
        } catch (InterruptedException e) {
            throw new AssertionError("weft bug: an uninterruptible channel door threw " + e, e);
        }
    }

    private EventLoop owner(String op) {
        EventLoop l = loop;
        if (l == null) {
            throw new IllegalStateException("Channel." + op + "(): " + this + " belongs to no loop yet; create it inside a"
                    + " task of its loop, or with new Channel<>(loop, capacity, onUndeliveredElement)");
        }
        return l;
    }

    // ---- loop binding and messages -------------------------------------------------------------

    /** The loop of the running task, bound on first use; fails on another loop or outside a task's loop. */
    EventLoop bind(String op) {
        checkThread(op);
        loop = ParkingLot.bind(loop, this, "Channel." + op);
        return loop;
    }

    private void checkThread(String op) {
        EventLoop l = loop;
        if (l != null && !l.onLoopThread()) {
            throw new IllegalStateException("Channel." + op + "() called from " + Thread.currentThread() + ", but " + this
                    + " belongs to " + l + ", which runs on another thread; from other threads and other loops use "
                    + "sendThreadsafe, trySendThreadsafe, receiveThreadsafe, tryReceiveThreadsafe or closeThreadsafe");
        }
    }

    private ClosedSendChannelException sendClosed() {
        return new ClosedSendChannelException("send to a " + (cancelled ? "cancelled" : "closed") + " channel: " + this
                + "; stop sending once the channel is closed (close it from the sending side, after the last send)",
                closeCause);
    }

    ClosedReceiveChannelException receiveClosed() {
        return new ClosedReceiveChannelException((cancelled ? "channel was cancelled: " : "channel is closed and empty: ")
                + this + "; no more elements will come (receiveCatching() or for-each report the end without throwing)",
                closeCause);
    }

    private String nullElement() {
        return "Channel elements cannot be null: " + this + "; send a sentinel object, or close() to signal the end";
    }

    /**
     * The state, e.g. {@code Channel[capacity=2, size=2, senders=1, closed]}.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Channel[capacity=").append(switch (capacity) {
            case RENDEZVOUS -> "RENDEZVOUS";
            case CONFLATED -> "CONFLATED";
            case UNLIMITED -> "UNLIMITED";
            default -> Integer.toString(capacity);
        });
        sb.append(", size=").append(buffer.size());
        if (!senders.isEmpty()) {
            sb.append(", senders=").append(senders.statistics().inLine());
        }
        if (!receivers.isEmpty()) {
            sb.append(", receivers=").append(receivers.statistics().inLine());
        }
        if (cancelled) {
            sb.append(", cancelled");
        } else if (closed) {
            sb.append(buffer.isEmpty() && senders.isEmpty() ? ", drained" : ", closed");
        }
        return sb.append(']').toString();
    }
}
