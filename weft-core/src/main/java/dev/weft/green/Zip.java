package dev.weft.green;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Two iterables in step, as pairs, ending with the shorter one (Python's {@code zip}); lazy, so
 * the multi-iterable {@code imap} still takes an item only when it spawns its task.
 */
final class Zip {
    private Zip() {
    }

    /** The n-th items of the two iterables. */
    record Pair<A, B>(A first, B second) {
    }

    static <A, B> Iterable<Pair<A, B>> of(Iterable<? extends A> first, Iterable<? extends B> second) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        return () -> new Iterator<>() {
            private final Iterator<? extends A> a = first.iterator();
            private final Iterator<? extends B> b = second.iterator();

            @Override
            public boolean hasNext() {
                return a.hasNext() && b.hasNext();
            }

            @Override
            public Pair<A, B> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("zip: one of the iterables is exhausted");
                }
                return new Pair<>(a.next(), b.next());
            }
        };
    }
}
