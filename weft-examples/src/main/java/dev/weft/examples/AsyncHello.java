package dev.weft.examples;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import java.io.PrintStream;

/**
 * Seed 003: the first asyncio program. A task prints, sleeps one second without blocking the
 * loop, and prints again; {@code await asyncio.sleep(1)} is a plain call to {@link Aio#sleep}.
 *
 * <pre>{@code
 * async def hello():
 *     print("Hello world!")
 *     r = await asyncio.sleep(1)
 *     print("Hello again!")
 *
 * loop = asyncio.get_event_loop()
 * loop.run_until_complete(hello())
 * loop.close()
 * }</pre>
 */
public final class AsyncHello {

    private AsyncHello() {
    }

    /** The coroutine: any method can suspend inside a task, so it needs no {@code async}. */
    static Void hello(PrintStream out) {
        out.println("Hello world!");
        Aio.sleep(1);
        out.println("Hello again!");
        return null;
    }

    /** Runs {@code hello()} to completion on {@code loop}. */
    public static void run(EventLoop loop, PrintStream out) {
        loop.runUntilComplete(() -> hello(out));
    }

    /** Runs the seed's program on the thread's default loop (real clock: about one second). */
    public static void main(String[] args) {
        EventLoop loop = EventLoop.getEventLoop();
        run(loop, System.out);
        loop.close();
    }
}
