package dev.weft.aio;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waits for the first of several clauses (channel sends and receives, futures, a timeout) and
 * takes exactly one of them: the chosen clause's handler gives the result, and the others take
 * no effect (an element offered by an {@code onSend} that was not chosen was not sent).
 *
 * {@snippet :
 * String got = Select.select(s -> s
 *         .onReceive(prices, p -> "price " + p)
 *         .onReceive(news, n -> "news " + n)
 *         .onTimeout(1.0, () -> "quiet"));
 * }
 *
 * <p>Rules:
 * <ul>
 *   <li>Clauses that can take effect at once are tried first, starting at a clause that rotates
 *       from one select of a loop to the next, so a clause that is always ready cannot starve
 *       another that is also ready (kotlinx's {@code selectUnbiased}, without the randomness, so
 *       a seeded schedule replays). A timeout clause is chosen only if no other clause is ready.
 *   <li>Otherwise the task waits on every clause at once; the first peer (a send or receive of
 *       another task, the future's completion, the timer) to serve a clause takes it, in its own
 *       step, and no other clause can be served afterwards.
 *   <li>A handler runs in the selecting task after the choice, outside any channel: it may
 *       suspend, and its exception is the select's.
 * </ul>
 *
 * <p>Python: none in asyncio or trio (trio selects with a nursery and cancel scopes);
 * kotlinx.coroutines' {@code select} with {@code onSend}, {@code onReceive},
 * {@code onReceiveCatching}, {@code onAwait} (here {@link #onFuture}) and {@code onTimeout}.
 *
 * @param <R> the type of the select's result
 */
public final class Select<R> {
    /*
     * Implementation notes
     *
     * One mechanism for every wait of a channel: a plain send or receive is a select of one arm.
     * Each arm can (1) take effect now, in the selecting task's step (tryNow), (2) enlist where a
     * peer can serve it (a channel's ParkingLot, a timer, a future's done callback), (3) withdraw.
     * The task awaits one future, the Selection; serving an arm means claiming the Selection
     * (completing it with the arm) in the same step as the hand-over (the element moved, the
     * outcome written in the arm), so a claim is the commit point and happens at most once. A
     * peer never serves an arm whose Selection is done (already claimed, or cancelled).
     *
     * Cancellation. Task.cancel cancels the Selection the task awaits: from then on no arm can be
     * claimed, and the select raises CancelledError having taken none. A cancel that arrives after
     * a claim (the task was served but has not run yet) cannot cancel the done Selection; the task
     * then meets the CancelledError when it resumes. The served arm's hand-over has happened (an
     * element is in this task's hands, or out of them), so select keeps it: it returns the arm's
     * result and re-arms the request (Task.redeliverCancel) for the next suspension point. This is
     * why no element is lost or delivered twice when a sender or receiver is cancelled at any point,
     * and why a woken waiter never has a wake-up to pass on (unlike ParkingLot.park's tokens).
     *
     * Rejected: waking receivers with a bare token and letting them take the element in their own
     * step (Queue's way). For a rendezvous channel the sender must not return before a receiver
     * holds its element, and a select must not be woken for two arms; the commit has to be the
     * peer's.
     */

    private final List<Arm<R>> arms = new ArrayList<>();

    private Select() {}

    /**
     * Builds a select with {@code clauses} and waits until one of them takes effect; returns that
     * clause's handler's result.
     *
     * @suspends until a clause can take effect (not at all if one can at once)
     * @cancellation a select cancelled while it waits takes no clause; a cancel that arrives after a
     *     clause was served (in the same loop step, before the task ran again) leaves that clause's
     *     effect in place: the select returns its result and the cancel is delivered at the task's
     *     next suspension point
     * @thread a task of the loop the clauses' channels and futures belong to
     * @throws IllegalArgumentException if no clause was given, or a clause belongs to another loop
     * @throws ClosedSendChannelException if the chosen clause is an {@code onSend} to a closed channel
     * @throws ClosedReceiveChannelException if the chosen clause is an {@code onReceive} of a channel
     *     that has ended
     */
    public static <R> R select(Consumer<? super Select<R>> clauses) {
        Select<R> s = new Select<>();
        clauses.accept(s);
        if (s.arms.isEmpty()) {
            throw new IllegalArgumentException("select with no clause would wait forever; add at least one "
                    + "onSend, onReceive, onReceiveCatching, onFuture or onTimeout clause");
        }
        EventLoop loop = ParkingLot.bind(null, s, "Select.select");
        return run(loop, s.arms);
    }

    /**
     * A clause that receives an element from {@code channel}; {@code handler} maps it to the
     * select's result. Chosen on a closed and drained (or cancelled) channel too, where it throws
     * {@link ClosedReceiveChannelException}.
     */
    public <E> Select<R> onReceive(Channel<E> channel, Function<? super E, ? extends R> handler) {
        Objects.requireNonNull(handler, "handler");
        arms.add(channel.receiveArm(r -> handler.apply(Channel.valueOrThrow(channel, r))));
        return this;
    }

    /**
     * A clause that receives from {@code channel} and hands {@code handler} the outcome: an element
     * or the channel's end ({@link ChannelResult.Closed}), never {@link ChannelResult.Empty}.
     */
    public <E> Select<R> onReceiveCatching(Channel<E> channel, Function<? super ChannelResult<E>, ? extends R> handler) {
        Objects.requireNonNull(handler, "handler");
        arms.add(channel.receiveArm(handler));
        return this;
    }

    /**
     * A clause that sends {@code element} to {@code channel}; once it is sent, {@code handler} gives
     * the select's result. If another clause is chosen, the element was not sent (and is not passed
     * to the channel's {@code onUndeliveredElement}: it is still the caller's). Chosen on a closed
     * channel too, where it throws {@link ClosedSendChannelException}.
     */
    public <E> Select<R> onSend(Channel<E> channel, E element, Supplier<? extends R> handler) {
        Objects.requireNonNull(handler, "handler");
        arms.add(channel.sendArm(element, handler));
        return this;
    }

    /**
     * A clause that takes effect when {@code future} is done; {@code handler} gets its result (a
     * failed future's exception, or its {@code CancelledError}, is thrown by the select instead).
     * Choosing it does not consume anything: the future stays done for its other awaiters.
     */
    public <T> Select<R> onFuture(Future<T> future, Function<? super T, ? extends R> handler) {
        arms.add(new FutureArm<>(future, handler));
        return this;
    }

    /**
     * A clause that takes effect when {@code seconds} of loop time have passed and no other clause
     * took effect first; {@code seconds <= 0} chooses it at once if no other clause is ready.
     */
    public Select<R> onTimeout(double seconds, Supplier<? extends R> handler) {
        arms.add(new TimeoutArm<>(seconds, handler));
        return this;
    }

    /** The clauses, e.g. {@code Select[receive Channel[...], timeout 1.0]}. */
    @Override
    public String toString() {
        return "Select" + arms;
    }

    // ---- the mechanism (also under every wait of Channel) ------------------------------------

    /** Takes one of {@code arms}: at once if one can take effect, else by waiting for a peer. */
    static <R> R run(EventLoop loop, List<Arm<R>> arms) {
        int n = arms.size();
        int start = n == 1 ? 0 : Math.floorMod(loop.selectTurn++, n);
        for (int i = 0; i < n; i++) {
            Arm<R> a = arms.get((start + i) % n);
            if (!(a instanceof TimeoutArm) && a.tryNow()) {
                return a.finish();
            }
        }
        for (Arm<R> a : arms) {
            if (a instanceof TimeoutArm && a.tryNow()) {
                return a.finish();
            }
        }
        Selection sel = new Selection(loop);
        try {
            for (Arm<R> a : arms) {
                a.owner = sel;
                a.enlist(loop);
            }
            try {
                sel.await();
            } catch (CancelledError e) {
                if (!sel.done() || sel.cancelled()) {
                    throw e; // cancelled while waiting: no arm was or can be served
                }
                Task.current().redeliverCancel(); // served first: keep the effect, deliver the cancel later
            }
        } finally {
            for (Arm<R> a : arms) {
                a.withdraw();
            }
        }
        @SuppressWarnings("unchecked")
        Arm<R> won = (Arm<R>) sel.result();
        return won.finish();
    }

    /** What a waiting select awaits; completed with the arm that was served (the commit), at most once. */
    static final class Selection extends Future<Object> {
        Selection(EventLoop loop) {
            super(loop);
        }

        /** Serves {@code arm} if nothing was served and the select was not cancelled; false otherwise. */
        boolean claim(Arm<?> arm) {
            if (done()) {
                return false;
            }
            completeResult(arm);
            return true;
        }
    }

    /**
     * One clause: takes effect now, or enlists where a peer can serve it; {@link #finish()} gives the
     * result once it took effect. The peer that serves it writes its outcome first, then claims.
     */
    abstract static class Arm<R> {
        /** The waiting select, once enlisted. */
        Selection owner;
        /** Its place in a channel's lot, while enlisted there. */
        ParkingLot.Node node;

        /** Takes effect in the selecting task's step, if it can without waiting. */
        abstract boolean tryNow();

        /** Waits where a peer can serve it (claim {@link #owner}). */
        abstract void enlist(EventLoop loop);

        /** Leaves where it waited; called once the select is served or cancelled. */
        abstract void withdraw();

        /** The clause's result (its handler applied to its outcome), or its failure thrown. */
        abstract R finish();
    }

    /**
     * The first arm in {@code lot} whose select can still be served, with the nodes of those that
     * cannot (already served, or cancelled) withdrawn on the way; null if there is none.
     */
    static Arm<?> firstLive(ParkingLot lot) {
        ParkingLot.Node n = lot.first();
        while (n != null) {
            ParkingLot.Node next = n.next;
            Arm<?> a = (Arm<?>) n.arm;
            if (!a.owner.done()) {
                return a;
            }
            lot.withdraw(n);
            n = next;
        }
        return null;
    }

    /** Takes the first servable arm out of {@code lot} and claims its select; the caller has written its outcome. */
    static void serve(ParkingLot lot, Arm<?> a) {
        lot.withdraw(a.node);
        if (!a.owner.claim(a)) {
            throw new AssertionError("weft bug: served " + a + " whose select was already done");
        }
    }

    private static final class FutureArm<T, R> extends Arm<R> {
        private final Future<T> future;
        private final Function<? super T, ? extends R> handler;
        private final Consumer<Future<T>> onDone = f -> owner.claim(this);

        FutureArm(Future<T> future, Function<? super T, ? extends R> handler) {
            this.future = Objects.requireNonNull(future, "future");
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        @Override
        boolean tryNow() {
            return future.done();
        }

        @Override
        void enlist(EventLoop loop) {
            if (future.loop() != loop) {
                throw new IllegalArgumentException("select onFuture(" + future + "): the future belongs to "
                        + future.loop() + ", not to the selecting task's loop " + loop
                        + "; bring it over with Future.wrap(future.toCompletableFuture(), loop)");
            }
            future.addDoneCallback(onDone);
        }

        @Override
        void withdraw() {
            if (owner != null && !future.done()) {
                future.removeDoneCallback(onDone);
            }
        }

        @Override
        R finish() {
            return handler.apply(future.result());
        }

        @Override
        public String toString() {
            return "future " + future;
        }
    }

    private static final class TimeoutArm<R> extends Arm<R> {
        private final double seconds;
        private final Supplier<? extends R> handler;
        private TimerHandle timer;

        TimeoutArm(double seconds, Supplier<? extends R> handler) {
            if (Double.isNaN(seconds)) {
                throw new IllegalArgumentException("select onTimeout(NaN): give a number of seconds");
            }
            this.seconds = seconds;
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        @Override
        boolean tryNow() {
            return seconds <= 0;
        }

        @Override
        void enlist(EventLoop loop) {
            if (seconds != Double.POSITIVE_INFINITY) {
                timer = loop.callLater(seconds, () -> owner.claim(this));
            }
        }

        @Override
        void withdraw() {
            if (timer != null) {
                timer.cancel();
            }
        }

        @Override
        R finish() {
            return handler.get();
        }

        @Override
        public String toString() {
            return "timeout " + seconds;
        }
    }
}
