package dev.weft.examples;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Future;
import java.io.PrintStream;

/**
 * Seed 003: a task completes a {@link Future} after a second; the loop is driven once with
 * {@code runUntilComplete(future)} and once with {@code runForever()} and a done callback that
 * calls {@code stop()}.
 *
 * <pre>{@code
 * async def slow_operation(future):
 *     await asyncio.sleep(1)
 *     future.set_result('Future is done!')
 *
 * loop = asyncio.get_event_loop()
 * future = asyncio.Future()
 * asyncio.ensure_future(slow_operation(future))
 * loop.run_until_complete(future)            # form 1
 * print(future.result())
 *
 * def got_result(future):                    # form 2
 *     print(future.result())
 *     loop.stop()
 * future.add_done_callback(got_result)
 * loop.run_forever()
 * }</pre>
 */
public final class SlowOperation {

    private SlowOperation() {
    }

    static Void slowOperation(Future<String> future) {
        Aio.sleep(1);
        future.setResult("Future is done!");
        return null;
    }

    /** Form 1: {@code runUntilComplete(future)}, then print its result. */
    public static void runUntilComplete(EventLoop loop, PrintStream out) {
        Future<String> future = loop.createFuture();
        loop.createTask(() -> slowOperation(future));
        loop.runUntilComplete(future);
        out.println(future.result());
    }

    /** Form 2: {@code runForever()}; the future's done callback prints and stops the loop. */
    public static void runForever(EventLoop loop, PrintStream out) {
        Future<String> future = loop.createFuture();
        loop.createTask(() -> slowOperation(future));
        future.addDoneCallback(f -> {
            out.println(f.result());
            loop.stop();
        });
        loop.runForever();
    }

    /** Runs both forms on a real clock (about two seconds). */
    public static void main(String[] args) {
        try (EventLoop loop = EventLoop.create()) {
            runUntilComplete(loop, System.out);
            runForever(loop, System.out);
        }
    }
}
