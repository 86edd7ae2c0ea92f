package dev.weft.aio;

import java.util.ArrayDeque;

/**
 * A first-in first-out queue for the tasks of one event loop, optionally bounded, with
 * {@code join}/{@code taskDone} accounting and 3.13-style {@link #shutdown()}.
 *
 * <p>Python: {@code asyncio.Queue}; {@link LifoQueue} and {@link PriorityQueue} are its
 * {@code LifoQueue} and {@code PriorityQueue}. Differences: items cannot be {@code null}
 * (signal the end with {@link #shutdown()} or a sentinel object); waiters are served strictly in
 * arrival order (asyncio may let a newcomer overtake a woken waiter).
 *
 * {@snippet :
 * Queue<String> q = new Queue<>(10);
 * loop.createTask(() -> { for (String s : lines) q.put(s); q.shutdown(); return null; });
 * loop.createTask(() -> {
 *     try {
 *         while (true) { handle(q.get()); q.taskDone(); }
 *     } catch (QueueShutDown end) { return null; }
 * });
 * }
 *
 * <p>States ({@link #toString()} shows them):
 * <pre>
 * OPEN       -> SHUT_DOWN  // shutdown(): waiting putters and (once empty) getters get QueueShutDown
 * SHUT_DOWN  -> SHUT_DOWN  // get() still drains the remaining items, unless shutdown(true) dropped them
 * </pre>
 * and, while OPEN, {@code empty() -> non-empty -> full()} as items come and go.
 *
 * @param <E> the item type
 */
public class Queue<E> {
    /*
     * Implementation notes
     *
     * Getters and putters are ParkingLots: a task stays in line from the first suspension until
     * it takes (or stores) its item, so a get() arriving while a woken getter has not run yet
     * queues behind it. A woken getter that finds the queue empty (a getNowait() took the item)
     * parks again in its place (ParkingLot.park with a `ready` check). A getter woken and then
     * cancelled before it runs hands its wake-up to the next getter (the lot's pass-on rule), and
     * every getter leaving get() wakes the next one if items remain, as every putter leaving put()
     * does if room remains (asyncio's _wakeup_next), so no item and no slot is stranded. Extra
     * wake-ups are harmless: woken waiters re-check.
     */

    private final int maxsize;
    private final java.util.Queue<E> items;
    private final ParkingLot getters = ParkingLot.passingOn(null);
    private final ParkingLot putters = ParkingLot.passingOn(null);
    private final Event finished = new Event();
    private int unfinished;
    private boolean shutdown;
    private EventLoop loop;

    /** Creates an unbounded FIFO queue. */
    public Queue() {
        this(0);
    }

    /**
     * Creates a FIFO queue holding at most {@code maxsize} items; {@code maxsize <= 0} means
     * unbounded.
     */
    public Queue(int maxsize) {
        this(maxsize, new ArrayDeque<>());
    }

    Queue(int maxsize, java.util.Queue<E> items) {
        this.maxsize = maxsize;
        this.items = items;
        finished.set();
    }

    /** The bound given at creation; 0 (or less) means unbounded. */
    public int maxsize() {
        return maxsize;
    }

    /** The number of items in the queue. */
    public int qsize() {
        return items.size();
    }

    /** Whether the queue has no item. */
    public boolean empty() {
        return items.isEmpty();
    }

    /** Whether the queue holds {@code maxsize} items (never, when unbounded). */
    public boolean full() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    /** Whether {@link #shutdown()} was called. */
    public boolean isShutDown() {
        return shutdown;
    }

    /**
     * Adds {@code item}, suspending while the queue is full or earlier putters wait.
     *
     * <p>@suspends while the queue is full.
     * <p>@cancellation a cancelled putter adds nothing; a free slot it was woken for goes to the
     * next putter.
     * <p>@thread the loop thread, inside a task.
     *
     * @throws QueueShutDown if the queue is shut down, before or while waiting
     */
    public void put(E item) {
        ParkingLot.checkThread(loop, "Queue.put");
        if (!full() && putters.isEmpty()) {
            putNowait(item);
            return;
        }
        checkOpen();
        loop = ParkingLot.bind(loop, this, "Queue.put");
        try {
            // a newcomer waits for its turn even if there is room
            putters.park(loop, () -> {
                checkOpen();
                return !full();
            });
            putNowait(item);
        } finally {
            if (!full()) {
                putters.unpark(1);
            }
        }
    }

    /**
     * Adds {@code item} without suspending.
     *
     * @throws QueueFull if the queue is full
     * @throws QueueShutDown if the queue is shut down
     * @throws NullPointerException if {@code item} is null
     */
    public void putNowait(E item) {
        if (item == null) {
            throw new NullPointerException("Queue items cannot be null: " + this
                    + "; use shutdown() to signal the end, or a sentinel object");
        }
        ParkingLot.checkThread(loop, "Queue.putNowait");
        checkOpen();
        if (full()) {
            throw new QueueFull("queue full: " + this + "; use put() to wait for room");
        }
        items.add(item);
        unfinished++;
        finished.clear();
        getters.unpark(1);
    }

    /**
     * Removes and returns the next item, suspending while the queue is empty or earlier getters
     * wait.
     *
     * <p>@suspends while the queue is empty.
     * <p>@cancellation a cancelled getter takes no item; an item it was woken for stays in the
     * queue and the next getter is woken for it.
     * <p>@thread the loop thread, inside a task.
     *
     * @throws QueueShutDown if the queue is shut down and empty, before or while waiting
     */
    public E get() {
        ParkingLot.checkThread(loop, "Queue.get");
        if (!items.isEmpty() && getters.isEmpty()) {
            return getNowait();
        }
        if (shutdown && items.isEmpty()) {
            throw shutDownEmpty();
        }
        loop = ParkingLot.bind(loop, this, "Queue.get");
        try {
            // a newcomer waits for its turn even if items are there
            getters.park(loop, () -> {
                if (items.isEmpty() && shutdown) {
                    throw shutDownEmpty();
                }
                return !items.isEmpty();
            });
            return getNowait();
        } finally {
            if (!items.isEmpty()) {
                getters.unpark(1);
            }
        }
    }

    /**
     * Removes and returns the next item without suspending.
     *
     * @throws QueueEmpty if the queue is empty
     * @throws QueueShutDown if the queue is shut down and empty
     */
    public E getNowait() {
        ParkingLot.checkThread(loop, "Queue.getNowait");
        E item = items.poll();
        if (item == null) {
            if (shutdown) {
                throw shutDownEmpty();
            }
            throw new QueueEmpty("queue empty: " + this + "; use get() to wait for an item");
        }
        putters.unpark(1);
        return item;
    }

    /**
     * Marks one item taken earlier as processed; when every item put has been marked, tasks in
     * {@link #join()} resume.
     *
     * @throws IllegalStateException if called more often than items were put ("task_done() called
     *     too many times")
     */
    public void taskDone() {
        ParkingLot.checkThread(loop, "Queue.taskDone");
        if (unfinished <= 0) {
            throw new IllegalStateException("taskDone() called too many times: " + this
                    + " has no unfinished item; call it once per item taken with get()");
        }
        unfinished--;
        if (unfinished == 0) {
            finished.set();
        }
    }

    /**
     * Waits until every item put has been marked with {@link #taskDone()}.
     *
     * <p>@suspends while items are unfinished. @cancellation nothing changes in the queue.
     * <p>@thread the loop thread, inside a task.
     */
    public void join() {
        if (unfinished > 0) {
            finished.waitSet();
        }
    }

    /** Shuts the queue down, keeping its items for getters: {@code shutdown(false)}. */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down: puts fail with {@link QueueShutDown} from now on, and gets fail once
     * the queue is empty. With {@code immediate}, the remaining items are dropped (and counted as
     * done for {@link #join()}). Every waiting task is woken to see it. Never suspends.
     */
    public void shutdown(boolean immediate) {
        ParkingLot.checkThread(loop, "Queue.shutdown");
        shutdown = true;
        if (immediate) {
            while (items.poll() != null) {
                if (unfinished > 0) {
                    unfinished--;
                }
            }
            if (unfinished == 0) {
                finished.set();
            }
        }
        getters.unparkAll();
        putters.unparkAll();
    }

    private void checkOpen() {
        if (shutdown) {
            throw new QueueShutDown("queue is shut down: " + this + "; no more items can be put");
        }
    }

    private QueueShutDown shutDownEmpty() {
        return new QueueShutDown("queue is shut down and empty: " + this + "; no more items will come");
    }

    /** The state, e.g. {@code Queue[maxsize=2, qsize=2, putters=1, unfinished=2]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append("[maxsize=").append(maxsize)
                .append(", qsize=").append(items.size());
        if (!getters.isEmpty()) {
            sb.append(", getters=").append(getters.statistics().inLine());
        }
        if (!putters.isEmpty()) {
            sb.append(", putters=").append(putters.statistics().inLine());
        }
        if (unfinished > 0) {
            sb.append(", unfinished=").append(unfinished);
        }
        if (shutdown) {
            sb.append(", shut down");
        }
        return sb.append(']').toString();
    }
}
