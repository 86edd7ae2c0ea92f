package dev.weft.examples;

import dev.weft.gen.Generator;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Seed 003: {@code yield from} an iterable replaces a {@code for} loop that yields each item.
 *
 * <pre>{@code
 * def generator_word():
 *     for c in 'ABCDE':
 *         yield c
 *     for i in range(1, 3):
 *         yield i
 *
 * def generator_word():
 *     yield from 'ABCDE'
 *     yield from range(1, 3)
 *
 * list(generator_word())   # ['A', 'B', 'C', 'D', 'E', 1, 2]
 * }</pre>
 */
public final class GeneratorWord {

    private GeneratorWord() {
    }

    /** The loop version: yields the letters of "ABCDE", then 1 and 2. */
    public static Generator<Object, Void, Void> generatorWord() {
        return Generator.of("generator_word", ctx -> {
            for (char c : "ABCDE".toCharArray()) {
                ctx.yield(String.valueOf(c));
            }
            for (int i = 1; i < 3; i++) {
                ctx.yield(i);
            }
            return null;
        });
    }

    /** The {@code yieldFrom} version: the same values. */
    public static Generator<Object, Void, Void> generatorWordYieldFrom() {
        return Generator.of("generator_word", ctx -> {
            ctx.yieldFrom("ABCDE".chars().mapToObj(Character::toString).iterator());
            ctx.yieldFrom(IntStream.range(1, 3).boxed().iterator());
            return null;
        });
    }

    /** Prints {@code list(generator_word())} for both versions. */
    public static void run(PrintStream out) {
        out.println(Py.repr(list(generatorWord())));
        out.println(Py.repr(list(generatorWordYieldFrom())));
    }

    private static List<Object> list(Generator<Object, Void, Void> g) {
        List<Object> items = new ArrayList<>();
        g.forEachRemaining(items::add);
        return items;
    }

    /** Runs the example on standard output. */
    public static void main(String[] args) {
        run(Py.stdout());
    }
}
