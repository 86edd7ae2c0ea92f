package dev.weft.examples;

import dev.weft.gen.Generator;
import dev.weft.gen.StopIteration;
import java.io.PrintStream;

/**
 * Seed 002: PEP 380's {@code yield from} through two levels. {@code bottom} yields 42 and returns
 * what is sent back; {@code middle} and {@code top} just delegate. The value 42 travels up to the
 * caller, {@code 42 * 2} travels straight back down to {@code bottom}, and {@code bottom}'s return
 * value comes up as each {@code yield from}'s result, and finally as {@code StopIteration.value}.
 *
 * <pre>{@code
 * def bottom():
 *     return (yield 42)
 * def middle():
 *     return (yield from bottom())
 * def top():
 *     return (yield from middle())
 *
 * gen = top()
 * value = next(gen)
 * print(value)  # 42
 * try:
 *     value = gen.send(value * 2)
 * except StopIteration as exc:
 *     value = exc.value
 * print(value)  # 84
 * }</pre>
 */
public final class BottomMiddleTop {

    private BottomMiddleTop() {
    }

    /** Yields 42 and returns the value sent back. */
    public static Generator<Integer, Integer, Integer> bottom() {
        return Generator.of("bottom", ctx -> ctx.yield(42));
    }

    /** Delegates to {@link #bottom()} and returns its result. */
    public static Generator<Integer, Integer, Integer> middle() {
        return Generator.of("middle", ctx -> ctx.yieldFrom(bottom()));
    }

    /** Delegates to {@link #middle()} and returns its result. */
    public static Generator<Integer, Integer, Integer> top() {
        return Generator.of("top", ctx -> ctx.yieldFrom(middle()));
    }

    /** The seed's session. */
    public static void run(PrintStream out) {
        Generator<Integer, Integer, Integer> gen = top();
        int value = gen.next();
        out.println(value);
        try {
            value = gen.send(value * 2);
        } catch (StopIteration exc) {
            value = (Integer) exc.value(); // top's return value (also gen.returnValue())
        }
        out.println(value);
    }

    /** Runs the example on standard output. */
    public static void main(String[] args) {
        run(Py.stdout());
    }
}
