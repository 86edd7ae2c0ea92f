package dev.weft.aio.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.aio.EventLoop;
import dev.weft.aio.ExceptionContext;
import dev.weft.aio.Future;
import dev.weft.aio.LoopGroup;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GroupServer: connections spread over a group's loops, by hand-off or SO_REUSEPORT; shutdown. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GroupServerTest {

    /** Answers each line with the index of the loop serving the connection. */
    private static ConnectionHandler whoServes(LoopGroup g) {
        return (r, w) -> {
            while (r.readLine().length > 0) {
                w.write((g.loops().indexOf(EventLoop.current()) + "\n").getBytes(UTF_8));
                w.drain();
            }
            w.close();
        };
    }

    /** Opens {@code n} connections at once and returns which loop answered each. */
    private static List<Integer> ask(int port, int n) throws IOException {
        List<Connection> cs = new ArrayList<>();
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cs.add(Streams.openConnection("127.0.0.1", port));
        }
        for (Connection c : cs) {
            c.writer().write("who\n".getBytes(UTF_8));
            got.add(Integer.parseInt(c.reader().readLineUtf8().strip()));
            c.close();
        }
        return got;
    }

    @Test
    void spreadHandsConnectionsToEveryLoopInTurn() {
        LoopGroup.run(3, () -> {
            LoopGroup g = LoopGroup.current();
            GroupServer s = GroupServer.start(g, whoServes(g), "127.0.0.1", 0);
            List<Integer> got = ask(s.port(), 6);
            assertEquals(List.of(0, 1, 2, 0, 1, 2), got);
            assertEquals(List.of(2, 2, 2), s.servedPerLoop());
            s.close();
            assertFalse(s.isServing());
            return null;
        });
    }

    @Test
    void reusePortListensOnEveryLoopOfTheGroup() {
        LoopGroup.run(3, () -> {
            LoopGroup g = LoopGroup.current();
            GroupServer s = GroupServer.start(g, whoServes(g), "127.0.0.1", 0, GroupServer.Mode.REUSE_PORT);
            List<Integer> got = ask(s.port(), 30);
            assertEquals(30, got.size());
            int total = s.servedPerLoop().stream().mapToInt(Integer::intValue).sum();
            assertEquals(30, total, s.toString());
            // the kernel hashes each connection to a listener: with 30 of them, all on one loop
            // would mean the port is not shared (odds of chance: about 1e-13)
            assertTrue(new TreeSet<>(got).size() >= 2, "every connection went to one loop: " + got);
            s.close();
            return null;
        });
    }

    @Test
    void closingTheGroupStopsAcceptingThenCancelsTheHandlers() throws Exception {
        LoopGroup g = LoopGroup.create(2);
        CompletableFuture<String> handlerEnd = new CompletableFuture<>();
        CompletableFuture<Void> handlerStarted = new CompletableFuture<>();
        int port = g.submitThreadsafe(() -> GroupServer.start(g, (r, w) -> {
            handlerStarted.complete(null);
            try {
                r.read(); // the client says nothing
            } finally {
                handlerEnd.complete("finally ran on loop " + g.loops().indexOf(EventLoop.current()));
            }
        }, "127.0.0.1", 0).port()).join();
        try (SocketChannel idle = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            handlerStarted.join();
            LoopGroup.Shutdown report = g.shutdown();
            assertTrue(report.clean(), report.toString());
            // round robin: the start went to loop 0, so the first connection went to loop 1
            assertEquals("finally ran on loop 1", handlerEnd.join());
            assertThrows(ConnectException.class, () -> SocketChannel.open(new InetSocketAddress("127.0.0.1", port))
                    .close());
            assertTrue(idle.isOpen());
        }
    }

    @Test
    void aHandlersExceptionIsReportedAndItsConnectionAborted() {
        ConcurrentLinkedQueue<ExceptionContext> reports = new ConcurrentLinkedQueue<>();
        IllegalStateException boom = new IllegalStateException("boom");
        LoopGroup.run(2, () -> {
            LoopGroup g = LoopGroup.current();
            g.setExceptionHandler((l, c) -> reports.add(c));
            GroupServer s = GroupServer.start(g, (r, w) -> {
                r.readLine();
                throw boom;
            }, "127.0.0.1", 0);
            Connection c = Streams.openConnection("127.0.0.1", s.port());
            c.writer().write("hi\n".getBytes(UTF_8));
            try {
                assertEquals(0, c.reader().read().length, "the aborted connection ends");
            } catch (java.net.SocketException reset) {
                assertTrue(reset.getMessage().contains("reset"), reset.getMessage());
            }
            c.writer().abort();
            // the report is made on the acceptor loop, by a done callback: let it run
            while (reports.isEmpty()) {
                dev.weft.aio.Aio.sleep(0);
            }
            s.close();
            return null;
        });
        ExceptionContext r = reports.peek();
        assertTrue(r.message().startsWith("Unhandled exception in the connection handler of GroupServer"), r.message());
        assertEquals(boom, r.exception());
    }

    @Test
    void startOutsideTheGroupsLoopsNamesTheFix() {
        try (LoopGroup g = LoopGroup.create(1)) {
            IllegalStateException e = EventLoop.run(() -> assertThrows(IllegalStateException.class,
                    () -> GroupServer.start(g, (r, w) -> { }, "127.0.0.1", 0)));
            assertTrue(e.getMessage().contains("LoopGroup.run"), e.getMessage());
        }
    }

    @Test
    void adoptServesAChannelAcceptedElsewhereOnTheCallingLoop() throws Exception {
        String echoed = EventLoop.run(() -> {
            try (java.nio.channels.ServerSocketChannel l = java.nio.channels.ServerSocketChannel.open()) {
                l.bind(new InetSocketAddress("127.0.0.1", 0));
                Connection client = Streams.openConnection("127.0.0.1",
                        ((InetSocketAddress) l.getLocalAddress()).getPort());
                Future<SocketChannel> accepted = EventLoop.current().toThread(l::accept);
                Connection served = Streams.adopt(accepted.await());
                client.writer().write("ping\n".getBytes(UTF_8));
                served.writer().write(served.reader().readLine());
                String got = client.reader().readLineUtf8();
                served.close();
                client.close();
                return got;
            }
        });
        assertEquals("ping", echoed);
    }

    @Test
    void adoptRefusesAnUnconnectedChannel() {
        IOException e = EventLoop.run(() -> {
            try (SocketChannel ch = SocketChannel.open()) {
                return assertThrows(IOException.class, () -> Streams.adopt(ch));
            }
        });
        assertTrue(e.getMessage().contains("is not connected"), e.getMessage());
    }
}
