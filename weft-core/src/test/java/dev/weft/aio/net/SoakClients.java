package dev.weft.aio.net;

import dev.weft.aio.Aio;
import dev.weft.aio.Event;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Semaphore;
import dev.weft.aio.Task;
import dev.weft.aio.net.StreamsSoakTest.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The client side of {@link StreamsSoakTest}, run in a child JVM: {@code SoakClients PORT N SEED}
 * opens N connections to the server at 127.0.0.1:PORT, waits until all N are open, then runs every
 * client's exchange at once (kinds in turn: lines, half-close, reset, slow reader; sizes from SEED),
 * checking every byte. Prints {@code LINES=n HALF_CLOSE=n RESET=n SLOW_READER=n} and exits 0, or
 * prints the failure and exits 1.
 */
final class SoakClients {
    /** Connection attempts at once: more would overflow the server's listen backlog (SYN retries cost seconds). */
    static final int CONNECTING_AT_ONCE = 256;

    private SoakClients() {
    }

    /** The command that runs the clients in a child JVM with this JVM's class path and weft flags. */
    static List<String> command(int port, int connections, long seed) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Module base = Object.class.getModule();
        if (base.isExported("jdk.internal.vm", SoakClients.class.getModule())) { // this JVM has weft's flags
            cmd.addAll(List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"));
        }
        if (base.isOpen("java.lang", SoakClients.class.getModule())) {
            cmd.addAll(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"));
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("weft.")) {
                cmd.add("-D" + name + "=" + System.getProperty(name)); // the backend choice, the soak's size
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SoakClients.class.getName(),
                Integer.toString(port), Integer.toString(connections), Long.toString(seed)));
        return cmd;
    }

    /** {@code LINES=1 RESET=2} -> {LINES=1, RESET=2}. */
    static Map<String, Integer> parseReport(String line) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String kv : line.strip().split("\\s+")) {
            String[] p = kv.split("=", 2);
            if (p.length != 2) {
                throw new IllegalArgumentException("not a soak report (KIND=count ...): '" + line + "'");
            }
            out.put(p[0], Integer.valueOf(p[1]));
        }
        return out;
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: SoakClients PORT CONNECTIONS SEED");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        try {
            Map<Kind, Integer> byKind = EventLoop.run(() -> run(port, n, seed));
            StringBuilder sb = new StringBuilder();
            byKind.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append('=').append(v));
            System.out.println(sb);
        } catch (Throwable t) {
            System.out.println("FAILED: " + t);
            t.printStackTrace();
            System.exit(1);
        }
    }

    static Map<Kind, Integer> run(int port, int n, long seed) throws Exception {
        EventLoop loop = EventLoop.current();
        Semaphore connecting = new Semaphore(CONNECTING_AT_ONCE);
        Event allOpen = new Event();
        int[] open = {0};
        Random seeds = new Random(seed);
        List<Task<Kind>> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Random rnd = new Random(seeds.nextLong());
            Kind kind = Kind.values()[i % Kind.values().length];
            clients.add(loop.createTask(() -> {
                Connection c;
                connecting.acquire();
                try {
                    c = Streams.openConnection("127.0.0.1", port);
                } finally {
                    connecting.release();
                }
                if (++open[0] == n) {
                    allOpen.set();
                }
                allOpen.waitSet();
                return StreamsSoakTest.exchange(c, kind, rnd);
            }, "soak-client-" + i));
        }
        Map<Kind, Integer> byKind = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            byKind.put(k, 0);
        }
        for (Kind k : Aio.gather(clients).await()) {
            byKind.merge(k, 1, Integer::sum);
        }
        return byKind;
    }
}
