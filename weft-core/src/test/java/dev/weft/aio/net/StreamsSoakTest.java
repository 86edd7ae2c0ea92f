package dev.weft.aio.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.aio.Aio;
import dev.weft.aio.Backends;
import dev.weft.aio.Event;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Task;
import dev.weft.aio.TestLoops;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The soak (issue 7 §4): 10 000 concurrent loopback connections to one echo server, a share of them
 * resetting, half-closing or reading slowly. The server runs here; the clients run in a child JVM
 * ({@link SoakClients}), so each process holds one end of every connection and the per-process
 * descriptor limit is not halved. Every client connects first and none sends until all are
 * connected, and no handler echoes until the server holds all of them: both sides see every
 * connection open at once. Every byte of every completed exchange is checked (in the child); at the
 * end the server has no task, no socket and no queued or buffered byte left.
 *
 * <p>{@code ./weft test} runs it with 10 000 connections where {@code ulimit -n} allows (fewer
 * otherwise, with a note), once per surefire execution. {@code ./weft soak [N]} runs it alone
 * with N connections; {@code -Dweft.soak.seed} picks another schedule.
 */
@Tag("soak")
@Timeout(600)
class StreamsSoakTest {
    /** -Dweft.soak.connections, else 10 000 (fewer if the descriptor limit cannot hold that many). */
    static final int CONNECTIONS = connections();
    static final long SEED = Long.getLong("weft.soak.seed", 20261128L);

    enum Kind { LINES, HALF_CLOSE, RESET, SLOW_READER }

    @Test
    void tenThousandConcurrentClientsGetEveryByteBackAndNothingIsLeftBehind() throws Exception {
        long limit = openFileLimit();
        long needed = CONNECTIONS + 200L;
        assertTrue(limit < 0 || limit >= needed, "the soak needs " + needed + " file descriptors in each process ("
                + CONNECTIONS + " connections) but the limit is " + limit + "; raise it (ulimit -n " + needed
                + ") or lower -Dweft.soak.connections");
        TestLoops.run(Backends.tasks(), false, () -> { // the JDK opens a few sockets once, lazily
            try (Server s = Streams.startServer((r, w) -> w.close(), "127.0.0.1", 0)) {
                Connection c = Streams.openConnection("127.0.0.1", s.port());
                c.reader().read();
                c.close();
            }
            return null;
        });
        long socketsBefore = openSockets();
        assumeTrue(socketsBefore >= 0, "counting sockets needs /proc/self/fd (Linux)");
        String report = TestLoops.run(Backends.tasks(), false, () -> {
            EventLoop loop = EventLoop.current();
            Event allIn = new Event();
            int[] count = new int[4]; // open now, most open at once, ended, saw the peer reset
            long[] leftBytes = {0};
            Server server = Streams.startServer((r, w) -> {
                count[0]++;
                count[1] = Math.max(count[1], count[0]);
                if (count[0] == CONNECTIONS) {
                    allIn.set();
                }
                try {
                    allIn.waitSet();
                    byte[] data;
                    while ((data = r.read(65536)).length > 0) {
                        w.write(data);
                        w.drain();
                    }
                    w.close();
                    w.waitClosed();
                    leftBytes[0] += w.writeBufferSize() + r.buffered();
                } catch (java.net.SocketException e) {
                    count[3]++; // a resetting client: the socket is already closed
                } finally {
                    count[0]--;
                    count[2]++;
                }
            }, "127.0.0.1", 0, 4096, StreamReader.DEFAULT_LIMIT);
            Subprocess child = Subprocess.start(new ProcessBuilder(SoakClients.command(server.port(), CONNECTIONS, SEED)));
            Subprocess.Output out;
            try {
                out = child.communicate(null);
            } finally { // on failure or timeout too: no child JVM left running, no server left listening
                if (child.returnCode() == null) {
                    child.kill();
                }
                server.close();
            }
            String stdout = new String(out.stdout(), StandardCharsets.UTF_8).strip();
            assertEquals(0, out.returnCode(), () -> "the client JVM failed (exit " + out.returnCode() + "): "
                    + stdout + "\n" + new String(out.stderr(), StandardCharsets.UTF_8));
            server.waitClosed();
            assertEquals(0, server.clientCount());
            for (int i = 0; i < 3; i++) {
                Aio.sleep(0); // closed channels give their descriptors back at the next select
            }
            assertEquals(1, loop.allTasks().size(), "only this main task is left: " + loop.allTasks());
            assertEquals(CONNECTIONS, count[1], "every connection was open at once");
            assertEquals(CONNECTIONS, count[2], "every handler ended");
            Map<String, Integer> byKind = SoakClients.parseReport(stdout);
            assertEquals(CONNECTIONS, byKind.values().stream().mapToInt(Integer::intValue).sum(), stdout);
            assertEquals(byKind.get(Kind.RESET.name()), count[3], "exactly the resetting clients were seen resetting");
            assertEquals(0, leftBytes[0], "no byte left queued or buffered in the server");
            return stdout;
        });
        assertEquals(socketsBefore, openSockets(), () -> "every socket is closed; open now: " + socketDetails());
        System.out.println("soak: " + report);
    }

    /** One client's exchange on its open connection; returns its kind once every byte checked out. */
    static Kind exchange(Connection c, Kind kind, Random rnd) throws IOException {
        StreamReader r = c.reader();
        StreamWriter w = c.writer();
        switch (kind) {
            case LINES -> {
                for (int i = 0, n = 1 + rnd.nextInt(20); i < n; i++) {
                    byte[] line = randomLine(rnd, 1 + rnd.nextInt(2000));
                    w.write(line);
                    assertArrayEquals(line, r.readLine());
                }
                w.close();
                assertEquals(0, r.read().length, "nothing after the last echo");
            }
            case HALF_CLOSE -> {
                byte[] all = new byte[1 + rnd.nextInt(100_000)];
                rnd.nextBytes(all);
                Task<Void> send = EventLoop.current().createTask(() -> {
                    w.write(all);
                    w.writeEof();
                    w.drain();
                    return null;
                });
                assertArrayEquals(all, r.read(), "the whole echo, up to the server's EOF");
                send.await();
                w.close();
            }
            case RESET -> {
                byte[] some = new byte[1 + rnd.nextInt(5000)];
                rnd.nextBytes(some);
                w.write(some);
                r.readExactly(Math.min(some.length, 1)); // the server is in its echo loop
                w.abort();
            }
            case SLOW_READER -> {
                byte[] all = new byte[70_000 + rnd.nextInt(70_000)];
                rnd.nextBytes(all);
                Task<Void> send = EventLoop.current().createTask(() -> {
                    for (int off = 0; off < all.length; off += 8192) {
                        w.write(all, off, Math.min(8192, all.length - off));
                        w.drain();
                        assertTrue(w.writeBufferSize() <= 64 * 1024 + 8192, "the sender stays bounded");
                    }
                    w.writeEof();
                    return null;
                });
                byte[] got = new byte[all.length];
                int at = 0;
                while (at < all.length) {
                    byte[] b = r.read(1024);
                    assertTrue(b.length > 0, "early EOF at " + at);
                    System.arraycopy(b, 0, got, at, b.length);
                    at += b.length;
                    assertTrue(r.buffered() <= 2 * r.limit() + 65536, "the reader stays bounded: " + r.buffered());
                    Aio.sleep(0); // read slowly: everyone else runs in between
                }
                assertArrayEquals(all, got);
                send.await();
                assertEquals(0, r.read().length);
                w.close();
            }
        }
        w.waitClosed();
        assertEquals(0, w.writeBufferSize(), "no queued byte left");
        return kind;
    }

    static byte[] randomLine(Random rnd, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len - 1; i++) {
            b[i] = (byte) (' ' + rnd.nextInt(95));
        }
        b[len - 1] = '\n';
        return b;
    }

    static String socketDetails() {
        try {
            StringBuilder sb = new StringBuilder();
            try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
                s.forEach(p -> {
                    try {
                        String link = Files.readSymbolicLink(p).toString();
                        if (link.startsWith("socket:")) {
                            String inode = link.substring(8, link.length() - 1);
                            sb.append(link);
                            for (String table : List.of("tcp", "tcp6", "udp", "udp6", "unix", "netlink")) {
                                Files.readAllLines(Path.of("/proc/net/" + table)).stream()
                                        .filter(l -> l.contains(" " + inode + " ")).forEach(l -> sb.append(" ").append(table).append(": ").append(l.strip()));
                            }
                            sb.append("; ");
                        }
                    } catch (IOException gone) {
                        // closed meanwhile
                    }
                });
            }
            return sb.toString();
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    static int connections() {
        Integer asked = Integer.getInteger("weft.soak.connections");
        if (asked != null) {
            return asked;
        }
        try {
            long limit = openFileLimit();
            int n = limit < 0 ? 10_000 : (int) Math.max(10, Math.min(10_000, limit - 200));
            if (n < 10_000) {
                System.err.println("soak: " + n + " connections, not 10 000: the descriptor limit is " + limit
                        + " (ulimit -n 10200 or more gives the full soak)");
            }
            return n;
        } catch (IOException e) {
            return 10_000;
        }
    }

    /** The soft limit on open files, from /proc/self/limits; -1 if unknown or unlimited. */
    static long openFileLimit() throws IOException {
        Path limits = Path.of("/proc/self/limits");
        if (!Files.isReadable(limits)) {
            return -1;
        }
        for (String line : Files.readAllLines(limits)) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).strip().split("\\s+")[0];
                return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
            }
        }
        return -1;
    }

    /** The sockets this process holds open, from /proc/self/fd; -1 where that is not available. */
    static long openSockets() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(fds)) {
            return s.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).toString().startsWith("socket:");
                } catch (IOException gone) {
                    return false; // the descriptor of the listing itself, closed meanwhile
                }
            }).count();
        }
    }
}
