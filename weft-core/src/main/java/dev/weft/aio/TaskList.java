package dev.weft.aio;

import java.util.AbstractCollection;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A loop's pending tasks in creation order, linked through the tasks themselves: no entry object
 * per task (a LinkedHashSet entry cost each waiting task 40 B). Loop thread only, like the rest of
 * the loop's state; iterators do not support removal, so callers that end tasks while iterating copy
 * the list first.
 */
final class TaskList extends AbstractCollection<Task<?>> {
    private Task<?> head;
    private Task<?> tail;
    private int size;

    @Override
    public boolean add(Task<?> t) {
        if (listed(t)) {
            return false;
        }
        t.prevInLoop = tail;
        t.nextInLoop = null;
        if (tail == null) {
            head = t;
        } else {
            tail.nextInLoop = t;
        }
        tail = t;
        size++;
        return true;
    }

    private boolean listed(Task<?> t) {
        return t.prevInLoop != null || head == t;
    }

    /** Removes {@code t} if it is listed; a second call does nothing. */
    void unlink(Task<?> t) {
        if (!listed(t)) {
            return;
        }
        Task<?> p = t.prevInLoop;
        Task<?> n = t.nextInLoop;
        if (p == null) {
            head = n;
        } else {
            p.nextInLoop = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prevInLoop = p;
        }
        t.prevInLoop = null;
        t.nextInLoop = null;
        size--;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public Iterator<Task<?>> iterator() {
        return new Iterator<>() {
            private Task<?> next = head;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Task<?> next() {
                Task<?> t = next;
                if (t == null) {
                    throw new NoSuchElementException("no more tasks in this loop's task list");
                }
                next = t.nextInLoop;
                return t;
            }
        };
    }
}
