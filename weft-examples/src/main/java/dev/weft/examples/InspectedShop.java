package dev.weft.examples;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Queue;
import dev.weft.aio.Task;
import dev.weft.aio.TaskGroup;
import dev.weft.inspect.Inspector;
import java.util.concurrent.CountDownLatch;

/**
 * A program with a known shape of tasks, to look at with the inspector: {@code ./weft example
 * InspectedShop} prints the page's address and the {@code ./weft top PID} command, then runs for
 * ten minutes (or for the number of seconds given as its argument).
 *
 * <pre>
 *   Task-1 (EventLoop.run's main task) ──&gt; main
 *   main ──awaits gather──&gt; frontend   (waiting: sleeps for an hour)
 *        └────────────────&gt; backend ──task group──&gt; db-1, db-2   (waiting on a queue)
 *   ticker                                                        (waits 50 ms at a time, awaited by nobody)
 * </pre>
 */
public final class InspectedShop {
    private InspectedShop() {
    }

    /**
     * Creates the tasks on {@code loop} (inside one of its tasks) and returns {@code main}; {@code settled}
     * is counted down by frontend, db-1 and db-2 right before each first waits.
     */
    public static Task<Object> start(EventLoop loop, CountDownLatch settled) {
        Queue<String> orders = new Queue<>();
        loop.createTask(() -> {
            while (true) {
                Aio.sleep(0.05);
            }
        }, "ticker");
        return loop.createTask(() -> {
            Task<Object> frontend = loop.createTask(() -> {
                settled.countDown();
                Aio.sleep(3600);
                return null;
            }, "frontend");
            Task<Object> backend = loop.createTask(() -> {
                TaskGroup.run(g -> {
                    for (String name : new String[] {"db-1", "db-2"}) {
                        g.createTask(() -> {
                            settled.countDown();
                            return orders.get();
                        }, name);
                    }
                });
                return null;
            }, "backend");
            return Aio.gather(frontend, backend).await();
        }, "main");
    }

    /** Runs the shop with the inspector on. */
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 600;
        try (Inspector inspector = Inspector.start()) {
            System.out.println("inspector page: " + inspector.pageUri());
            System.out.println("from a terminal: ./weft top " + ProcessHandle.current().pid());
            EventLoop.run(() -> {
                EventLoop loop = EventLoop.current();
                Task<Object> main = start(loop, new CountDownLatch(3));
                loop.callLater(seconds, main::cancel);
                try {
                    return main.await();
                } catch (dev.weft.aio.CancelledError timeUp) {
                    return null;
                }
            });
        }
    }
}
