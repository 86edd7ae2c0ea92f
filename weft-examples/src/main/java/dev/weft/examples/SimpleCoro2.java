package dev.weft.examples;

import dev.weft.gen.Generator;
import dev.weft.gen.StopIteration;
import java.io.PrintStream;

/**
 * Seeds 003 and 004: a coroutine that yields twice, and its states. Each {@code send} resumes the
 * body with a value and returns the next value it yields; the state moves
 * {@code CREATED -> SUSPENDED -> ... -> CLOSED} (Python's {@code GEN_CREATED}, ...).
 *
 * <pre>{@code
 * def simple_coro2(a):
 *     print('-> Started: a =', a)
 *     b = yield a
 *     print('-> Received: b =', b)
 *     c = yield a + b
 *     print('-> Received: c =', c)
 *
 * my_coro2 = simple_coro2(14)
 * next(my_coro2)      # 14
 * my_coro2.send(28)   # 42
 * my_coro2.send(99)   # StopIteration
 * }</pre>
 *
 * <p>Seed 003's first listing prints {@code 'a='}, its output and second listing {@code 'a ='};
 * this follows the output.
 */
public final class SimpleCoro2 {

    private SimpleCoro2() {
    }

    /** Seed 003's coroutine: yields {@code a}, then {@code a + b} for the {@code b} sent. */
    public static Generator<Integer, Integer, Void> simpleCoro2(int a, PrintStream out) {
        return Generator.of("simple_coro2", ctx -> {
            out.println("-> Started: a = " + a);
            int b = ctx.yield(a);
            out.println("-> Received: b = " + b);
            int c = ctx.yield(a + b);
            out.println("-> Received: c = " + c);
            return null;
        });
    }

    /** Seed 004's coroutine, printing in Chinese. */
    public static Generator<Integer, Integer, Void> simpleCoro2Zh(int a, PrintStream out) {
        return Generator.of("simple_coro2", ctx -> {
            out.println("协程开始运行, 传入a：" + a); // "started, a:"
            int b = ctx.yield(a);
            out.println("协程接收到数据b：" + b); // "received b:"
            int c = ctx.yield(a + b);
            out.println("协程接收到数据c：" + c);
            return null;
        });
    }

    /** Seed 003's session with 14: prints 14 and 42. */
    public static void run003(PrintStream out) {
        Generator<Integer, Integer, Void> myCoro2 = simpleCoro2(14, out);
        out.println(myCoro2.next());
        out.println(myCoro2.send(28));
        try {
            myCoro2.send(99);
        } catch (StopIteration e) {
            out.println("StopIteration");
        }
    }

    /** Seed 004's session with 10, printing the states: 10, then 30. */
    public static void run004(PrintStream out) {
        Generator<Integer, Integer, Void> coro2 = simpleCoro2Zh(10, out);
        out.println(coro2.state()); // CREATED: the body has not run yet
        out.println(coro2.next());
        out.println(coro2.state()); // SUSPENDED: paused at `yield a`, since the caller is running again
        out.println(coro2.send(20));
        try {
            coro2.send(100);
        } catch (StopIteration e) {
            out.println("StopIteration");
        }
        out.println(coro2.state()); // CLOSED
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
