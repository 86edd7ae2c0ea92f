package dev.weft.examples;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Queue;
import dev.weft.aio.QueueShutDown;
import dev.weft.aio.Task;
import java.io.PrintStream;
import java.util.List;

/**
 * Producer and consumers over a bounded {@link Queue}: the producer waits when the queue is full,
 * consumers wait when it is empty, {@code join()} waits until every item was processed, and
 * {@code shutdown()} ends the consumers.
 *
 * <pre>{@code
 * async def producer(q, n):
 *     for i in range(n):
 *         await asyncio.sleep(0.25)
 *         await q.put(i)
 *
 * async def consumer(name, q):
 *     while True:
 *         item = await q.get()
 *         await asyncio.sleep(1)
 *         q.task_done()
 *
 * q = asyncio.Queue(maxsize=2)
 * ...; await q.join(); q.shutdown()
 * }</pre>
 */
public final class QueueProducerConsumer {

    private QueueProducerConsumer() {
    }

    private static String at(EventLoop loop) {
        return "[" + String.format("%.2f", loop.time()) + "] ";
    }

    static Void producer(EventLoop loop, PrintStream out, Queue<Integer> q, int n) {
        for (int i = 0; i < n; i++) {
            Aio.sleep(0.25);
            q.put(i);        // suspends while the queue holds two items
            out.println(at(loop) + "produced " + i + " (qsize " + q.qsize() + ")");
        }
        return null;
    }

    static Integer consumer(EventLoop loop, PrintStream out, String name, Queue<Integer> q) {
        int handled = 0;
        try {
            while (true) {
                int item = q.get();
                out.println(at(loop) + name + " consumes " + item);
                Aio.sleep(1);
                q.taskDone();
                handled++;
            }
        } catch (QueueShutDown end) {
            out.println(at(loop) + name + " stops: queue shut down");
            return handled;
        }
    }

    static Void demo(EventLoop loop, PrintStream out) {
        Queue<Integer> q = new Queue<>(2);
        List<Task<Integer>> consumers = List.of(
                loop.createTask(() -> consumer(loop, out, "c1", q)),
                loop.createTask(() -> consumer(loop, out, "c2", q)));
        loop.createTask(() -> producer(loop, out, q, 6)).await();
        q.join();
        out.println(at(loop) + "all items processed");
        q.shutdown();
        List<Integer> handled = Aio.gather(consumers).await();
        out.println(at(loop) + "handled per consumer: " + handled);
        return null;
    }

    /** Runs the demo on {@code loop}. */
    public static void run(EventLoop loop, PrintStream out) {
        loop.runUntilComplete(() -> demo(loop, out));
    }

    /** Runs the demo on a virtual clock (a few seconds of loop time, instantly). */
    public static void main(String[] args) {
        System.out.println("(virtual clock: the loop time jumps while every task waits)");
        try (EventLoop loop = EventLoop.createVirtual()) {
            run(loop, System.out);
        }
    }
}
