package dev.weft.aio;

/**
 * A flag that tasks can wait for: {@link #set()} wakes every waiting task.
 *
 * <p>Python: {@code asyncio.Event}; {@code await event.wait()} is {@link #waitSet()} (Java's
 * {@code Object.wait()} takes the plain name).
 *
 * {@snippet :
 * Event ready = new Event();
 * loop.createTask(() -> { ready.waitSet(); System.out.println("go"); return null; });
 * ready.set();
 * }
 *
 * <p>States ({@link #toString()} shows them):
 * <pre>
 * CLEAR -> SET    // set(): every waiting task is woken
 * SET   -> CLEAR  // clear()
 * </pre>
 */
public final class Event {
    private final ParkingLot waiters = ParkingLot.broadcast();
    private boolean value;
    private EventLoop loop;

    /** Creates a clear event; it binds to the loop of the first task that waits on it. */
    public Event() {
    }

    /**
     * Waits until the event is set; returns at once if it is set.
     *
     * <p>@suspends while the event is clear. A waiter woken by {@link #set()} returns even if
     * {@link #clear()} ran before it was resumed.
     * <p>@cancellation a cancelled waiter leaves the list; nothing else changes.
     * <p>@thread the loop thread, inside a task.
     */
    public void waitSet() {
        ParkingLot.checkThread(loop, "Event.waitSet");
        if (value) {
            return;
        }
        loop = ParkingLot.bind(loop, this, "Event.waitSet");
        waiters.park(loop, null);
    }

    /** Sets the event and wakes every waiting task. Never suspends. */
    public void set() {
        ParkingLot.checkThread(loop, "Event.set");
        if (!value) {
            value = true;
            waiters.unparkAll();
        }
    }

    /** Clears the event: later {@link #waitSet()} calls suspend until the next {@link #set()}. */
    public void clear() {
        ParkingLot.checkThread(loop, "Event.clear");
        value = false;
    }

    /** Whether the event is set. */
    public boolean isSet() {
        return value;
    }

    /** The state and the number of waiting tasks, e.g. {@code Event[clear, waiters=3]}. */
    @Override
    public String toString() {
        return "Event[" + (value ? "set" : "clear")
                + (waiters.isEmpty() ? "" : ", waiters=" + waiters.statistics().inLine()) + "]";
    }
}
