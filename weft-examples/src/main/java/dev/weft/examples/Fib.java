package dev.weft.examples;

import dev.weft.gen.Generator;
import java.io.PrintStream;

/**
 * Seed 000: the Fibonacci generator. The seed's {@code fib(max)} printed each number; turning the
 * {@code print b} into {@code yield b} makes it a generator that computes a value only when asked.
 *
 * <pre>{@code
 * def fib(max):
 *     n, a, b = 0, 0, 1
 *     while n < max:
 *         yield b
 *         a, b = b, a + b
 *         n = n + 1
 * }</pre>
 */
public final class Fib {

    private Fib() {
    }

    /** The first {@code max} Fibonacci numbers, computed lazily: 1, 1, 2, 3, 5, ... */
    public static Generator<Integer, Void, Void> fib(int max) {
        return Generator.of("fib", ctx -> {
            int n = 0, a = 0, b = 1;
            while (n < max) {
                ctx.yield(b);
                int t = a + b;
                a = b;
                b = t;
                n = n + 1;
            }
            return null;
        });
    }

    /** Prints the first six numbers with a for-each loop, then takes two more by hand with {@code next()}. */
    public static void run(PrintStream out) {
        for (int x : fib(6)) {
            out.println(x);
        }
        // Nothing is computed until asked for: next() runs the body up to its next yield.
        Generator<Integer, Void, Void> f = fib(100);
        out.println("next: " + f.next());
        out.println("next: " + f.next());
        out.println(f); // the generator is paused at its yield
    }

    /** Runs the example on standard output. */
    public static void main(String[] args) {
        run(Py.stdout());
    }
}
