package dev.weft.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.aio.EventLoop;
import dev.weft.aio.Future;
import dev.weft.aio.LoopGroup;
import dev.weft.aio.net.Connection;
import dev.weft.aio.net.GroupServer;
import dev.weft.aio.net.Streams;
import java.io.PrintStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tour's "every core" entry: a {@link LoopGroup} of three loops, each on its own thread. A
 * {@link GroupServer} spreads six connections over them; work placed by key keeps per-key state
 * on one loop, without a lock; hashing is handed to other loops and awaited. It ends by itself.
 */
public final class EveryCore {
    private EveryCore() {
    }

    /** Runs the demo on a fresh group of three loops, closed afterwards. */
    public static void run(PrintStream out) {
        LoopGroup.run(3, () -> {
            LoopGroup group = LoopGroup.current();
            out.println(group.size() + " loops, main runs on loop " + indexOfCurrent(group));
            serve(group, out);
            countByKey(group, out);
            hashElsewhere(group, out);
            return null;
        });
    }

    private static int indexOfCurrent(LoopGroup group) {
        return group.loops().indexOf(EventLoop.current());
    }

    /** Six clients; the server hands their connections to the loops in turn. */
    static void serve(LoopGroup group, PrintStream out) throws Exception {
        GroupServer server = GroupServer.start(group, (reader, writer) -> {
            byte[] line = reader.readLine();
            writer.write(("loop " + indexOfCurrent(group) + " serves " + new String(line, UTF_8).strip() + "\n")
                    .getBytes(UTF_8));
            writer.close();
        }, "127.0.0.1", 0);
        for (int i = 1; i <= 6; i++) {
            try (Connection c = Streams.openConnection("127.0.0.1", server.port())) {
                c.writer().write(("client " + i + "\n").getBytes(UTF_8));
                out.println(c.reader().readLineUtf8());
            }
        }
        server.close();
        out.println("served per loop: " + server.servedPerLoop());
    }

    /** Each user's counter lives on the loop of its key: no lock, no lost update. */
    static void countByKey(LoopGroup group, PrintStream out) {
        List<Map<String, Integer>> counters = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            counters.add(new HashMap<>()); // one plain map per loop, touched only by that loop
        }
        List<Future<Void>> visits = new ArrayList<>();
        String[] users = {"ana", "ben", "cho", "ana", "ana", "ben"};
        for (String user : users) {
            visits.add(group.submit(user, () -> {
                counters.get(indexOfCurrent(group)).merge(user, 1, Integer::sum);
                return null;
            }));
        }
        for (Future<Void> v : visits) {
            v.await();
        }
        Map<String, Integer> all = new TreeMap<>();
        for (EventLoop l : group.loops()) {
            all.putAll(group.submitTo(l, () -> new HashMap<>(counters.get(indexOfCurrent(group)))).await());
        }
        out.println("visits by key: " + all);
    }

    /** CPU work handed to the other loops and awaited here; the result is the same as one loop's. */
    static void hashElsewhere(LoopGroup group, PrintStream out) throws Exception {
        List<Future<byte[]>> parts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] block = ("block " + i).repeat(512).getBytes(UTF_8);
            parts.add(group.submit(() -> MessageDigest.getInstance("SHA-256").digest(block)));
        }
        MessageDigest all = MessageDigest.getInstance("SHA-256");
        for (Future<byte[]> p : parts) {
            all.update(p.await());
        }
        out.println("sha-256 of six hashes made on the loops: " + HexFormat.of().formatHex(all.digest()).substring(0, 16));
    }
}
