package dev.weft.examples;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import java.io.PrintStream;

/**
 * Seed 003: coroutines calling coroutines. {@code result = await compute(x, y)} is a plain method
 * call in weft: {@code compute} suspends its caller's task while it sleeps.
 *
 * <pre>{@code
 * async def compute(x, y):
 *     print("Compute %s + %s ..." % (x, y))
 *     await asyncio.sleep(1.0)
 *     return x + y
 *
 * async def print_sum(x, y):
 *     result = await compute(x, y)
 *     print("%s + %s = %s" % (x, y, result))
 *
 * loop.run_until_complete(print_sum(1, 2))
 * }</pre>
 */
public final class ComputePrintSum {

    private ComputePrintSum() {
    }

    static int compute(PrintStream out, int x, int y) {
        out.println("Compute " + x + " + " + y + " ...");
        Aio.sleep(1.0);
        return x + y;
    }

    static Void printSum(PrintStream out, int x, int y) {
        int result = compute(out, x, y);
        out.println(x + " + " + y + " = " + result);
        return null;
    }

    /** Runs {@code printSum(1, 2)} on {@code loop}. */
    public static void run(EventLoop loop, PrintStream out) {
        loop.runUntilComplete(() -> printSum(out, 1, 2));
    }

    /** Runs the seed's program on a real clock (about one second). */
    public static void main(String[] args) {
        try (EventLoop loop = EventLoop.create()) {
            run(loop, System.out);
        }
    }
}
