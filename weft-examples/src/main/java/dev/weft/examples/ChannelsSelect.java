package dev.weft.examples;

import dev.weft.aio.Aio;
import dev.weft.aio.Channel;
import dev.weft.aio.ChannelResult;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Select;
import dev.weft.aio.Task;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Channels and select: jobs fan out to two workers over a buffered channel, their results fan in
 * over a rendezvous channel, and the main task selects between results, a news channel and a
 * timeout. Then a channel of open "files" is cancelled: what was still inside goes to its
 * {@code onUndeliveredElement} hook and is closed, not leaked.
 *
 * <pre>{@code
 * // kotlinx.coroutines
 * val jobs = Channel<Int>(2); val results = Channel<String>()
 * repeat(2) { w -> launch { for (job in jobs) { delay(1000); results.send("w$w: $job") } } }
 * select<String> {
 *     results.onReceive { it }
 *     news.onReceiveCatching { ... }
 *     onTimeout(750) { "(quiet)" }
 * }
 * }</pre>
 */
public final class ChannelsSelect {

    private ChannelsSelect() {
    }

    private static String at(EventLoop loop) {
        return "[" + String.format("%.2f", loop.time()) + "] ";
    }

    static Void demo(EventLoop loop, PrintStream out) {
        Channel<Integer> jobs = new Channel<>(2);
        Channel<String> results = new Channel<>(Channel.RENDEZVOUS);
        Channel<String> news = new Channel<>(Channel.RENDEZVOUS);
        List<Task<Void>> workers = new ArrayList<>();
        for (String worker : List.of("w1", "w2")) {   // fan-out: both workers receive from jobs
            workers.add(loop.createTask(() -> {
                for (int job : jobs) {
                    Aio.sleep(1);
                    results.send(worker + ": " + job + " squared is " + job * job); // fan-in
                }
                return null;
            }));
        }
        loop.createTask(() -> {
            for (int i = 1; i <= 4; i++) {
                jobs.send(i);   // waits while two jobs are queued
            }
            jobs.close();       // the workers' for-each loops end once the jobs are drained
            Aio.gather(workers).await();
            results.close();
            return null;
        });
        loop.createTask(() -> {
            Aio.sleep(2.5);
            news.send("market closes early");
            news.close();
            return null;
        });
        Set<Channel<String>> open = new LinkedHashSet<>(List.of(results, news));
        while (!open.isEmpty()) {
            String line = Select.<String>select(s -> {
                for (Channel<String> ch : open) {
                    s.onReceiveCatching(ch, r -> switch (r) {
                        case ChannelResult.Value<String>(String v) -> ch == news ? "news: " + v : v;
                        default -> {
                            open.remove(ch); // closed and drained: stop selecting on it
                            yield "(" + (ch == news ? "news" : "results") + " ended)";
                        }
                    });
                }
                s.onTimeout(0.75, () -> "(quiet for 0.75 s)");
            });
            out.println(at(loop) + line);
        }
        Channel<String> files = new Channel<>(Channel.UNLIMITED, f -> out.println(at(loop) + "closed " + f + " (undelivered)"));
        files.send("a.log");
        files.send("b.log");
        out.println(at(loop) + "took " + files.receive());
        files.cancel();   // b.log is still inside: the hook closes it
        return null;
    }

    /** Runs the demo on {@code loop}. */
    public static void run(EventLoop loop, PrintStream out) {
        loop.runUntilComplete(() -> demo(loop, out));
    }

    /** Runs the demo on a virtual clock (a few seconds of loop time, instantly). */
    public static void main(String[] args) {
        try (EventLoop loop = EventLoop.createVirtual()) {
            run(loop, System.out);
        }
    }
}
