package dev.weft.aio;

import java.util.function.BooleanSupplier;

/**
 * The one fair, cancellable line of tasks that every waiting primitive of this package is built
 * on: {@link Lock}, {@link Semaphore}, {@link Event}, {@link Condition}, {@link Barrier} and
 * {@link Queue} park their tasks here and unpark them, and nothing else in them suspends a task;
 * {@link Channel} and {@link Select} enlist their waiting arms here (see "Enlisted waiters").
 *
 * <p>Not API. The idea and the operations ({@code park}, {@code unpark(n)}, {@code unparkAll},
 * {@code repark}, {@code statistics}) come from trio's {@code _core/_parking_lot.py}; the rule for
 * a task that is woken and then cancelled before it runs comes from asyncio's {@code locks.py}
 * (a woken waiter that leaves without using its wake-up hands it to the next one).
 *
 * <p>States of one parked task (its {@link Node}):
 * <pre>
 * PARKED   -> WOKEN     // unpark(n) / unparkAll(): the node's future gets a result
 * PARKED   -> gone      // the task is cancelled: the node is cancelled and leaves the line at once
 * WOKEN    -> gone      // the task runs again and leaves park() (normally, or with the
 *                       // CancelledError of a cancel that came after the wake-up: then the
 *                       // wake-up is passed on, see below)
 * WOKEN    -> PARKED    // park(loop, ready): woken while `ready` is false; parks again in place
 * PARKED   -> PARKED    // repark(n, other): moved to the end of another lot, still asleep
 * </pre>
 */
final class ParkingLot {
    /*
     * Implementation notes
     *
     * A node stays in line from the moment its task parks until that task runs again and leaves
     * (in park()'s own exit path), so a woken task that has not run yet still counts as in line:
     * newcomers see a non-empty lot and queue behind it, which is what makes every primitive fair
     * and keeps a woken lock or permit from being taken by a newcomer. Cancelled nodes leave at
     * once (Node.cancel), so every linked node is PARKED or WOKEN.
     *
     * Each node is the future its task awaits (one object per waiter, not a future plus a list
     * entry): Task.cancel() cancels the future a task awaits, which here is the node, and a
     * cancelled node unlinks itself. A node woken before the cancel cannot be cancelled any more
     * (its future is done); the task then gets its CancelledError when it resumes (Task.suspendOn),
     * and park() hands the wake-up on: exactly once, to the first PARKED node of the lot the node
     * was in, or, if there is none, to the lot's `unclaimed` action (a Semaphore takes its
     * reserved permit back there). Lots whose wake-ups are broadcasts (Event, Barrier) do not pass
     * on: a woken waiter of theirs re-checks a predicate or returns, and a wake-up passed to a task
     * that parked after the broadcast would be false.
     *
     * park() is the frame that parks: it runs Task.suspendOn's three parts (enterWait, the
     * runner's park, endWait/leaveWait) itself, so primitive -> ParkingLot.park -> runner.park is
     * the whole stack between a waiting primitive and the runner, as many frames as when the
     * primitives called suspendOn themselves (a waiting task's stack chunk holds every frame;
     * `./weft bench aio` measures the bytes).
     *
     * A doubly linked list, because nodes leave from anywhere (cancellation) and the common case,
     * the head leaving, must stay O(1).
     */

    /** How many tasks are parked and how many were woken but have not run yet. */
    record Statistics(int parked, int woken) {
        /** Every task still in line: parked or woken. */
        int inLine() {
            return parked + woken;
        }
    }

    /**
     * One parked task: the future it awaits, linked into the lot it waits in; or, for a task that
     * waits in several lots at once ({@link #enlist}), its entry in this one.
     */
    static final class Node extends Future<Object> {
        ParkingLot lot;
        Node prev;
        Node next;
        /** What an enlisted waiter offers or wants in this lot (a channel's select arm); null for park(). */
        Object arm;

        Node(EventLoop loop) {
            super(loop);
        }

        /** Cancelling a parked task's node (Task.cancel does) takes it out of line at once. */
        @Override
        public boolean cancel(String msg) {
            boolean cancelled = super.cancel(msg);
            if (cancelled && lot != null) {
                lot.unlink(this);
            }
            return cancelled;
        }

        @Override
        public String toString() {
            return "ParkingLot.Node[" + (done() ? outcome() : "parked") + "]";
        }
    }

    private final boolean passOn;
    private final Runnable unclaimed;
    private Node head;
    private Node tail;
    private int size;

    private ParkingLot(boolean passOn, Runnable unclaimed) {
        this.passOn = passOn;
        this.unclaimed = unclaimed;
    }

    /** A lot whose wake-ups are broadcasts: a woken waiter that is cancelled just leaves. */
    static ParkingLot broadcast() {
        return new ParkingLot(false, null);
    }

    /**
     * A lot whose wake-ups are tokens (a lock, a permit, an item): a woken waiter that leaves
     * without using its wake-up passes it to the next parked task, or, if none is parked, runs
     * {@code unclaimed} (null: nothing to give back).
     */
    static ParkingLot passingOn(Runnable unclaimed) {
        return new ParkingLot(true, unclaimed);
    }

    /**
     * Parks the current task of {@code loop} at the back of the line until it is woken while
     * {@code ready} holds ({@code null}: at the first wake-up). A task woken while {@code ready} is
     * false (someone took what it was woken for) parks again in its place, ahead of later arrivals.
     * {@code ready} may throw to leave the line (the exception propagates).
     *
     * @throws CancelledError if the task is cancelled while parked, or after it was woken and
     *     before it ran (then the wake-up is passed on)
     */
    void park(EventLoop loop, BooleanSupplier ready) {
        Task<?> task = Task.currentForAwait(loop, this);
        Node node = new Node(loop);
        append(node);
        try {
            while (true) {
                // Task.suspendOn(node) written out, so that this method is the frame that parks
                task.enterWait(node);
                try {
                    task.runner.park();
                } finally {
                    task.endWait();
                }
                task.leaveWait(node);
                node.result(); // the node's CancelledError, if the task was cancelled while parked
                if (ready == null || ready.getAsBoolean()) {
                    break;
                }
                node = rearm(node);
            }
        } catch (Throwable t) {
            ParkingLot in = node.lot;
            if (in != null) {
                in.unlink(node);
                if (node.done() && !node.cancelled()) {
                    in.handOn();
                }
            }
            throw t;
        }
        if (node.lot != null) {
            node.lot.unlink(node);
        }
    }

    /** The wake-up of a woken task that is leaving without using it goes to the next one. */
    private void handOn() {
        if (!passOn) {
            return;
        }
        if (unpark(1) == 0 && unclaimed != null) {
            unclaimed.run();
        }
    }

    /** A fresh node in the place of {@code old}, which was woken but must wait again. */
    private Node rearm(Node old) {
        Node n = new Node(old.loop);
        ParkingLot in = old.lot;
        n.lot = in;
        n.prev = old.prev;
        n.next = old.next;
        if (n.prev == null) {
            in.head = n;
        } else {
            n.prev.next = n;
        }
        if (n.next == null) {
            in.tail = n;
        } else {
            n.next.prev = n;
        }
        old.lot = null;
        old.prev = old.next = null;
        return n;
    }

    /**
     * Wakes up to {@code count} parked tasks in arrival order (tasks already woken are skipped:
     * each is woken once); returns how many were woken.
     */
    int unpark(int count) {
        int woken = 0;
        for (Node n = head; n != null && woken < count; n = n.next) {
            if (!n.done()) {
                n.completeResult(null);
                woken++;
            }
        }
        return woken;
    }

    /** Wakes every parked task; returns how many were woken. */
    int unparkAll() {
        return unpark(Integer.MAX_VALUE);
    }

    /**
     * Moves up to {@code count} parked tasks, in arrival order, to the end of {@code other}
     * without waking them: they wake when {@code other} unparks them. Returns how many moved.
     */
    int repark(int count, ParkingLot other) {
        int moved = 0;
        Node n = head;
        while (n != null && moved < count) {
            Node next = n.next;
            if (!n.done()) {
                unlink(n);
                other.append(n);
                moved++;
            }
            n = next;
        }
        return moved;
    }

    /*
     * Enlisted waiters (Channel and Select). A select waits in several lots at once and awaits a
     * future of its own, so it cannot park here: it enlists one node per lot, carrying its arm. A
     * peer that serves an arm does the whole hand-over in its own step and completes the select's
     * future; so a wake-up here is never a bare token to pass on, and the nodes are never
     * completed (they count as parked). The owner withdraws its nodes when it runs again; a peer
     * may withdraw the node it served, and the nodes of owners already served or cancelled that it
     * steps over.
     */

    /** Appends an entry for a waiter that awaits a future of its own; {@code arm} is what it offers or wants here. */
    Node enlist(EventLoop loop, Object arm) {
        Node n = new Node(loop);
        n.arm = arm;
        append(n);
        return n;
    }

    /** Takes an enlisted node out of line; a node already out of line (or null) is left alone. */
    void withdraw(Node n) {
        if (n != null && n.lot == this) {
            unlink(n);
        }
    }

    /** The first node in line, or null; enlisted nodes are walked from here through {@code next}. */
    Node first() {
        return head;
    }

    /** Whether no task is in line (parked, or woken and not yet run). */
    boolean isEmpty() {
        return size == 0;
    }

    /** The parked and the woken-but-not-run tasks. */
    Statistics statistics() {
        int woken = 0;
        for (Node n = head; n != null; n = n.next) {
            if (n.done()) {
                woken++;
            }
        }
        return new Statistics(size - woken, woken);
    }

    private void append(Node n) {
        n.lot = this;
        n.prev = tail;
        n.next = null;
        if (tail == null) {
            head = n;
        } else {
            tail.next = n;
        }
        tail = n;
        size++;
    }

    private void unlink(Node n) {
        if (n.prev == null) {
            head = n.next;
        } else {
            n.prev.next = n.next;
        }
        if (n.next == null) {
            tail = n.prev;
        } else {
            n.next.prev = n.prev;
        }
        n.prev = n.next = null;
        n.lot = null;
        size--;
    }

    /** The number of tasks in line, e.g. {@code ParkingLot[parked=2, woken=1]}. */
    @Override
    public String toString() {
        Statistics s = statistics();
        return "ParkingLot[parked=" + s.parked() + ", woken=" + s.woken() + "]";
    }

    /**
     * The loop of the current task, checked against the loop a primitive is bound to; {@code op}
     * names the waiting operation for the error messages.
     */
    static EventLoop bind(EventLoop bound, Object primitive, String op) {
        EventLoop current = EventLoop.running();
        if (current == null || !current.isRunning()) {
            throw new IllegalStateException(op + " outside a task: " + primitive + " would have to suspend, and only"
                    + " a task of a running event loop can, but " + Thread.currentThread() + " runs none. Call it"
                    + " inside a task (EventLoop.run(() -> ...) or loop.createTask(...)); from a thread outside the"
                    + " loop, hand the work to the loop with loop.runCoroutineThreadsafe(() -> ...), or use the"
                    + " non-suspending form through loop.callSoonThreadsafe(...) (e.g. () -> queue.putNowait(item))");
        }
        if (bound != null && bound != current) {
            throw new IllegalStateException(primitive + " is bound to a different event loop (" + bound
                    + ") than the one running this task (" + current + "): a primitive belongs to the"
                    + " loop of the first task that waits on it; create one per loop");
        }
        return current;
    }

    /**
     * Fails clearly when a primitive already bound to {@code loop} is used from another thread;
     * a field comparison, cheap enough for every operation.
     */
    static void checkThread(EventLoop loop, String op) {
        if (loop != null) {
            loop.checkThread(op);
        }
    }
}
