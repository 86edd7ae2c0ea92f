package dev.weft.green;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The iterator behind {@link Group#imap} and {@link Group#imapUnordered}, driven by its consumer:
 * each {@code hasNext()} first tops the window of started tasks up to {@code maxsize} (spawning
 * in the group, so a full {@link Pool} makes it wait for a slot), then waits for the next result
 * (the oldest task, or in the unordered case whichever dies first). Nothing runs ahead of the
 * consumer by more than {@code maxsize} tasks, and no task is spawned by a background feeder.
 */
final class IMap<A, R> implements Iterator<R> {
    private final Group group;
    private final Group.Fn<? super A, ? extends R> fn;
    private final Iterator<? extends A> items;
    private final int maxsize;
    private final boolean ordered;
    private final ArrayDeque<GreenTask<R>> window = new ArrayDeque<>();
    private final Completions<GreenTask<R>> unordered;

    IMap(Group group, Group.Fn<? super A, ? extends R> fn, Iterator<? extends A> items, int maxsize, boolean ordered) {
        if (maxsize < 1) {
            throw new IllegalArgumentException("weft: imap maxsize " + maxsize + "; at least one task must run");
        }
        this.group = group;
        this.fn = fn;
        this.items = items;
        this.maxsize = maxsize;
        this.ordered = ordered;
        this.unordered = ordered ? null : new Completions<>(group.hub);
    }

    private int running() {
        return ordered ? window.size() : unordered.outstanding();
    }

    private void topUp() {
        while (running() < maxsize && items.hasNext()) {
            A item = items.next();
            GreenTask<R> g = group.spawn(() -> fn.apply(item));
            if (ordered) {
                window.addLast(g);
            } else {
                unordered.add(g);
            }
        }
    }

    @Override
    public boolean hasNext() {
        topUp();
        return running() > 0;
    }

    @Override
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException("imap: no more items");
        }
        GreenTask<R> g = ordered ? window.removeFirst() : unordered.next(Gevent.FOREVER, "imapUnordered");
        return g.get();
    }
}
