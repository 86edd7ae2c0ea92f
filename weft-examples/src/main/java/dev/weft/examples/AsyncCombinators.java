package dev.weft.examples;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import dev.weft.aio.ReturnWhen;
import dev.weft.aio.Task;
import dev.weft.aio.WaitResult;
import java.io.PrintStream;
import java.util.List;

/**
 * Seed 003: running several tasks at once and collecting them with {@code wait},
 * {@code as_completed} and {@code gather}.
 *
 * <pre>{@code
 * done, pending = await asyncio.wait(tasks)
 * for f in asyncio.as_completed(tasks):
 *     result = await f
 * results = await asyncio.gather(*tasks)
 * for result in results:
 *     print('Task ret: ', result)
 * }</pre>
 *
 * <p>The demo runs on a virtual clock, so its nine seconds of loop time pass at once; the lines
 * show the loop time at which each thing happened.
 */
public final class AsyncCombinators {

    private AsyncCombinators() {
    }

    /** One unit of work: sleeps, then reports its name. */
    static String work(String name, double seconds) {
        Aio.sleep(seconds);
        return name + " slept " + seconds + " s";
    }

    /** Starts three tasks that finish after 3, 1 and 2 seconds. */
    static List<Task<String>> start(EventLoop loop) {
        return List.of(
                loop.createTask(() -> work("a", 3)),
                loop.createTask(() -> work("b", 1)),
                loop.createTask(() -> work("c", 2)));
    }

    private static String at(EventLoop loop) {
        return "[" + String.format("%.1f", loop.time()) + "] ";
    }

    static Void demo(EventLoop loop, PrintStream out) {
        out.println(at(loop) + "wait: until all are done");
        WaitResult<Task<String>> all = Aio.wait(start(loop));
        out.println(at(loop) + "done=" + all.done().size() + " pending=" + all.pending().size());

        out.println(at(loop) + "wait FIRST_COMPLETED: until one is done");
        List<Task<String>> tasks = start(loop);
        WaitResult<Task<String>> first = Aio.wait(tasks, ReturnWhen.FIRST_COMPLETED);
        for (Task<String> t : first.done()) {
            out.println(at(loop) + "first: " + t.result() + "; pending=" + first.pending().size());
        }
        first.pending().forEach(Task::cancel);
        Aio.wait(tasks);

        out.println(at(loop) + "asCompleted: in the order they finish");
        for (Task<String> t : Aio.asCompleted(start(loop))) {
            out.println(at(loop) + t.result());
        }

        out.println(at(loop) + "gather: results in argument order");
        List<String> results = Aio.gather(start(loop)).await();
        for (String result : results) {
            out.println(at(loop) + "Task ret: " + result);
        }
        return null;
    }

    /** Runs the demo on {@code loop}. */
    public static void run(EventLoop loop, PrintStream out) {
        loop.runUntilComplete(() -> demo(loop, out));
    }

    /** Runs the demo on a virtual clock (nine seconds of loop time, instantly). */
    public static void main(String[] args) {
        System.out.println("(virtual clock: the loop time jumps while every task sleeps)");
        try (EventLoop loop = EventLoop.createVirtual()) {
            run(loop, System.out);
        }
    }
}
