package dev.weft.aio;

import java.util.Collection;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The loop's door for other threads: the handles they schedule ({@code callSoonThreadsafe}, task
 * wakeups the JDK delivers from its own threads, {@code toThread} results), drained into the ready
 * queue by the loop thread.
 */
/* Implementation notes
 *
 * The promise (trio's _entry_queue): a thread-safe call that returned without an error is
 * processed, or reported, before close() returns. Two things make it hold:
 *   - offer() checks `closed` and appends under one lock, and close() sets `closed` under the same
 *     lock, so once close() returns every accepted handle is already in `handles` and no other
 *     will be accepted (before, the check and the add were separate steps and close() cleared the
 *     queue: a call racing close() returned normally and was silently dropped);
 *   - EventLoop.close() closes this queue first and then runs what it holds during its bounded
 *     unwinding, on the closing thread acting as the loop thread.
 * The loop's own wakeups of tasks it is unwinding must still get in after the door closed to user
 * calls: offerInternal() does not check. Whatever internal wakeup arrives after the loop closed
 * belongs to a task the loop already reported as refusing to end; it is never run.
 *
 * Draining is lock-free (ConcurrentLinkedQueue); only producers take the lock, uncontended in
 * the common case.
 */
final class EntryQueue {
    private final ConcurrentLinkedQueue<Handle> handles = new ConcurrentLinkedQueue<>();
    private boolean closed;

    /** Appends {@code h} unless the queue is closed; returns whether it was accepted. Any thread. */
    boolean offer(Handle h) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            handles.add(h);
        }
        return true;
    }

    /** Appends a wakeup of the loop's own machinery, closed or not. Any thread. */
    void offerInternal(Handle h) {
        handles.add(h);
    }

    /** Refuses every later {@link #offer}; what was accepted stays queued for the loop to run. */
    synchronized void close() {
        closed = true;
    }

    /** Whether {@link #close()} was called. */
    synchronized boolean isClosed() {
        return closed;
    }

    /** Moves everything queued to {@code sink}, in order; the loop thread. */
    void drainTo(Collection<? super Handle> sink) {
        Handle h;
        while ((h = handles.poll()) != null) {
            sink.add(h);
        }
    }

    boolean isEmpty() {
        return handles.isEmpty();
    }

    /** Drops what is left once the loop has closed (internal wakeups of abandoned tasks). */
    void clear() {
        handles.clear();
    }
}
