package dev.weft.aio;

/**
 * The arrival-ordered list of tasks suspended on one primitive: each waiter is a node holding the
 * loop future its task awaits.
 *
 * <p>Not API: the primitives of this package ({@link Lock}, {@link Semaphore}, {@link Queue}, ...)
 * share it so that they wake waiters the same way.
 */
final class Waiters {
    /*
     * Implementation notes
     *
     * A node stays linked from the moment its task starts waiting until that task runs again and
     * leaves (removal happens in the waiter's own finally block, never in the waker). So a waiter
     * that was woken but has not run yet is still "in line": newcomers queue behind it, which is
     * what makes every primitive fair. Waking sets the result of the first node whose future is
     * not done yet; woken and cancelled nodes are skipped. A woken waiter that cannot proceed (an
     * item was taken by a getNowait() in between) re-arms its node with a fresh future and keeps
     * its place. A waiter that leaves without using its wake-up (cancelled) passes it on: every
     * primitive does so in its exit path.
     *
     * A doubly linked list, because waiters leave from anywhere (cancellation) and the common
     * case, the head leaving, must stay O(1).
     */

    /** One suspended task: the future it awaits, re-armed when it has to wait again. */
    static final class Node {
        Future<Object> fut;
        Node prev;
        Node next;
        boolean linked;

        Node(Future<Object> fut) {
            this.fut = fut;
        }
    }

    private Node head;
    private Node tail;
    private int size;

    /** Appends a waiter for {@code fut} and returns its node. */
    Node add(Future<Object> fut) {
        Node n = new Node(fut);
        n.prev = tail;
        if (tail == null) {
            head = n;
        } else {
            tail.next = n;
        }
        tail = n;
        n.linked = true;
        size++;
        return n;
    }

    /** Unlinks {@code n}; a no-op if it already left. */
    void remove(Node n) {
        if (!n.linked) {
            return;
        }
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
        n.linked = false;
        size--;
    }

    /** Completes the future of the first waiter not woken yet with {@code value}; false if none. */
    boolean wakeFirst(Object value) {
        for (Node n = head; n != null; n = n.next) {
            if (!n.fut.done()) {
                n.fut.setResult(value);
                return true;
            }
        }
        return false;
    }

    /** Wakes up to {@code count} waiters in arrival order; returns how many were woken. */
    int wake(int count, Object value) {
        int woken = 0;
        for (Node n = head; n != null && woken < count; n = n.next) {
            if (!n.fut.done()) {
                n.fut.setResult(value);
                woken++;
            }
        }
        return woken;
    }

    /** Wakes every waiter not woken yet. */
    void wakeAll(Object value) {
        wake(Integer.MAX_VALUE, value);
    }

    /** Whether some waiter is still in line (waiting or woken), ignoring cancelled ones. */
    boolean anyActive() {
        for (Node n = head; n != null; n = n.next) {
            if (!n.fut.cancelled()) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The number of linked waiters (waiting, woken or cancelled but not yet gone). */
    int size() {
        return size;
    }

    /** The number of waiters whose future is not done: the ones still suspended. */
    int waiting() {
        int c = 0;
        for (Node n = head; n != null; n = n.next) {
            if (!n.fut.done()) {
                c++;
            }
        }
        return c;
    }

    /** The loop of the current task, checked against the loop a primitive is bound to. */
    static EventLoop bind(EventLoop bound, Object primitive) {
        EventLoop current = EventLoop.current();
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
