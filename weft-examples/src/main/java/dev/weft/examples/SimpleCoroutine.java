package dev.weft.examples;

import dev.weft.gen.Generator;
import dev.weft.gen.StopIteration;
import java.io.PrintStream;

/**
 * Seeds 003 and 004: the simplest generator coroutine. It only receives: its bare {@code yield}
 * yields {@code None} (here {@code null}), and the value sent becomes the value of that
 * {@code yield}. After that the body ends, so the {@code send} raises {@code StopIteration}.
 *
 * <pre>{@code
 * def simple_coroutine():                     # 003
 *     print('-> coroutine started')
 *     x = yield
 *     print('-> coroutine received:', x)
 *
 * my_coro = simple_coroutine()
 * next(my_coro)
 * my_coro.send(42)                            # StopIteration
 *
 * def simple_coroutine():                     # 004
 *     print("开始协程")
 *     x = yield
 *     print("接收到数据x为: " + str(x))
 *
 * coro = simple_coroutine()
 * output = next(coro)
 * print("协程产出了", output)                   # None
 * coro.send(100)                              # StopIteration
 * }</pre>
 */
public final class SimpleCoroutine {

    private SimpleCoroutine() {
    }

    /** Seed 003's coroutine: prints that it started, waits for one value, prints it and ends. */
    public static Generator<Void, Integer, Void> simpleCoroutine(PrintStream out) {
        return Generator.of("simple_coroutine", ctx -> {
            out.println("-> coroutine started");
            Integer x = ctx.yield(null); // Python: x = yield
            out.println("-> coroutine received: " + x);
            return null;
        });
    }

    /** Seed 004's coroutine, printing in Chinese. */
    public static Generator<Void, Integer, Void> simpleCoroutineZh(PrintStream out) {
        return Generator.of("simple_coroutine", ctx -> {
            out.println("开始协程"); // "coroutine started"
            Integer x = ctx.yield(null);
            out.println("接收到数据x为: " + Py.str(x)); // "received x: "
            return null;
        });
    }

    /** Seed 003's session: next() then send(42). */
    public static void run003(PrintStream out) {
        Generator<Void, Integer, Void> myCoro = simpleCoroutine(out);
        myCoro.next(); // start it; send(null) does the same
        try {
            myCoro.send(42);
        } catch (StopIteration e) {
            out.println("StopIteration"); // control flowed off the end of the body
        }
    }

    /** Seed 004's session: next() yields None, then send(100). */
    public static void run004(PrintStream out) {
        Generator<Void, Integer, Void> coro = simpleCoroutineZh(out);
        Void output = coro.next();
        out.println("协程产出了 " + Py.str(output)); // "the coroutine yielded None"
        try {
            coro.send(100);
        } catch (StopIteration e) {
            out.println("StopIteration");
        }
    }

    /** Both sessions, each under a {@code -- seed 00N --} label. */
    public static void run(PrintStream out) {
        out.println("-- seed 003 --");
        run003(out);
        out.println("-- seed 004 --");
        run004(out);
    }

    /** Runs the example on standard output. */
    public static void main(String[] args) {
        run(Py.stdout());
    }
}
