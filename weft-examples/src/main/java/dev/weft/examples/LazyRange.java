package dev.weft.examples;

import dev.weft.gen.Generator;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 002: {@code lazy_range}, the PEP 255 generator that yields 0 to {@code up_to - 1} without
 * building a list, and its PEP 380 refactoring that moves the loop into an inner generator and
 * delegates to it with {@code yield from}.
 *
 * <pre>{@code
 * def lazy_range(up_to):
 *     index = 0
 *     while index < up_to:
 *         yield index
 *         index += 1
 *
 * def lazy_range(up_to):
 *     index = 0
 *     def gratuitous_refactor():
 *         while index < up_to:       # needs `nonlocal index` to run in Python
 *             yield index
 *             index += 1
 *     yield from gratuitous_refactor()
 * }</pre>
 *
 * <p>As printed, the seed's refactored version fails in Python with {@code UnboundLocalError}: the
 * inner function assigns {@code index} without {@code nonlocal}. Java has the same rule for lambdas
 * (captured locals are effectively final), so the inner generator here keeps {@code index} in a
 * one-element array, the usual Java stand-in for {@code nonlocal}.
 */
public final class LazyRange {

    private LazyRange() {
    }

    /** Yields 0, 1, ..., {@code upTo - 1}, one at a time. */
    public static Generator<Integer, Void, Void> lazyRange(int upTo) {
        return Generator.of("lazy_range", ctx -> {
            int index = 0;
            while (index < upTo) {
                ctx.yield(index);
                index += 1;
            }
            return null;
        });
    }

    /** The same values, produced by an inner generator that this one delegates to with {@code yieldFrom}. */
    public static Generator<Integer, Void, Void> refactoredLazyRange(int upTo) {
        return Generator.of("lazy_range", ctx -> {
            int[] index = {0}; // Python: nonlocal index
            Generator<Integer, Void, Void> gratuitousRefactor = Generator.of("gratuitous_refactor", inner -> {
                while (index[0] < upTo) {
                    inner.yield(index[0]);
                    index[0] += 1;
                }
                return null;
            });
            ctx.yieldFrom(gratuitousRefactor);
            return null;
        });
    }

    /** Prints {@code list(lazy_range(5))} for both versions. */
    public static void run(PrintStream out) {
        out.println(Py.repr(toList(lazyRange(5))));
        out.println(Py.repr(toList(refactoredLazyRange(5))));
    }

    private static <T> List<T> toList(Iterable<T> items) {
        List<T> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
    }

    /** Runs the example on standard output. */
    public static void main(String[] args) {
        run(Py.stdout());
    }
}
