package dev.weft.examples;

import dev.weft.gen.Generator;
import java.io.PrintStream;

/**
 * Seed 002: {@code jumping_range}, a range the caller can move with {@code send}: the value sent is
 * the next step ({@code next()} sends {@code None}, a step of 1).
 *
 * <pre>{@code
 * def jumping_range(up_to):
 *     index = 0
 *     while index < up_to:
 *         jump = yield index
 *         if jump is None:
 *             jump = 1
 *         index += jump
 *
 * iterator = jumping_range(5)
 * print(next(iterator))       # 0
 * print(iterator.send(2))     # 2
 * print(next(iterator))       # 3
 * print(iterator.send(-1))    # 2
 * for x in iterator:
 *     print(x)                # 3 4
 * }</pre>
 */
public final class JumpingRange {

    private JumpingRange() {
    }

    /** Yields from 0 while below {@code upTo}, stepping by the value sent (1 for {@code next()}). */
    public static Generator<Integer, Integer, Void> jumpingRange(int upTo) {
        return Generator.of("jumping_range", ctx -> {
            int index = 0;
            while (index < upTo) {
                Integer jump = ctx.yield(index);
                if (jump == null) {
                    jump = 1;
                }
                index += jump;
            }
            return null;
        });
    }

    /** The seed's session. */
    public static void run(PrintStream out) {
        Generator<Integer, Integer, Void> iterator = jumpingRange(5);
        out.println(iterator.next());
        out.println(iterator.send(2));
        out.println(iterator.next());
        out.println(iterator.send(-1));
        for (int x : iterator) { // a generator is its own iterator: the loop goes on from where it is
            out.println(x);
        }
    }

    /** Runs the example on standard output. */
    public static void main(String[] args) {
        run(Py.stdout());
    }
}
