package dev.weft.examples;

import dev.weft.gen.Generator;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 004: {@code chain} yields the items of several iterables in turn, first with nested loops,
 * then with {@code yield from}. Both print the same.
 *
 * <pre>{@code
 * def chain(*iterables):
 *     for iterable in iterables:
 *         for item in iterable:
 *             yield item
 *
 * def improved_chain(*iterables):
 *     for iterable in iterables:
 *         yield from iterable
 *
 * a_list = [1,2,3]
 * a_dict = {"a":"A", "b":"B"}
 * a_tuple = (8,9,0)
 * for i in chain(a_list, a_dict, a_tuple):
 *     print(i)                 # 1 2 3 a b 8 9 0
 * }</pre>
 *
 * <p>Iterating a Python dict yields its keys; a Java {@code Map} is not iterable, so the example
 * passes {@code aDict.keySet()}, of a {@code LinkedHashMap} to keep Python's insertion order.
 */
public final class Chain {

    private Chain() {
    }

    /** Yields every item of each iterable in turn, with nested loops. */
    @SafeVarargs
    public static <T> Generator<T, Void, Void> chain(Iterable<? extends T>... iterables) {
        return Generator.of("chain", ctx -> {
            for (Iterable<? extends T> iterable : iterables) {
                for (T item : iterable) {
                    ctx.yield(item);
                }
            }
            return null;
        });
    }

    /** The same, with {@code yieldFrom}. */
    @SafeVarargs
    public static <T> Generator<T, Void, Void> improvedChain(Iterable<? extends T>... iterables) {
        return Generator.of("improved_chain", ctx -> {
            for (Iterable<? extends T> iterable : iterables) {
                ctx.yieldFrom(iterable);
            }
            return null;
        });
    }

    /** The seed's session: both chains over a list, a dict's keys and a tuple. */
    public static void run(PrintStream out) {
        List<Integer> aList = List.of(1, 2, 3);
        Map<String, String> aDict = new LinkedHashMap<>();
        aDict.put("a", "A");
        aDict.put("b", "B");
        List<Integer> aTuple = List.of(8, 9, 0);

        out.println("-- chain --");
        for (Object i : Chain.<Object>chain(aList, aDict.keySet(), aTuple)) {
            out.println(i);
        }
        out.println("-- improved_chain --");
        for (Object i : Chain.<Object>improvedChain(aList, aDict.keySet(), aTuple)) {
            out.println(i);
        }
    }

    /** Runs the example on standard output. */
    public static void main(String[] args) {
        run(Py.stdout());
    }
}
