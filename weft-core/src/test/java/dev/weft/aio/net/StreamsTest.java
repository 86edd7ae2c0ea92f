package dev.weft.aio.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.aio.Aio;
import dev.weft.aio.CancelledError;
import dev.weft.aio.Backends;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Future;
import dev.weft.aio.Task;
import dev.weft.aio.TaskBackend;
import dev.weft.aio.TestLoops;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** asyncio's stream API on real loopback sockets, on every task backend. */
@Timeout(60)
class StreamsTest {
    static final String BACKENDS = "dev.weft.aio.TestLoops#backends";

    static <T> T run(TaskBackend backend, Callable<T> main) {
        return TestLoops.run(backend, false, main);
    }

    static <T> T run(Callable<T> main) {
        return TestLoops.run(Backends.tasks(), false, main);
    }

    /** A server whose handler echoes every line back, closing when the client half-closes. */
    static Server lineEcho() throws IOException {
        return Streams.startServer((r, w) -> {
            byte[] line;
            while ((line = r.readLine()).length > 0) {
                w.write(line);
                w.drain();
            }
            w.close();
        }, "127.0.0.1", 0);
    }

    static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    @Nested
    class Echo {
        @ParameterizedTest
        @MethodSource(BACKENDS)
        void linesComeBackInOrderOnEveryBackend(TaskBackend backend) {
            String got = run(backend, () -> {
                try (Server server = lineEcho()) {
                    Connection c = Streams.openConnection("127.0.0.1", server.port());
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < 50; i++) {
                        c.writer().write("line " + i + "\n");
                        sb.append(c.reader().readLineUtf8()).append(',');
                    }
                    c.writer().writeEof();
                    assertNull(c.reader().readLineUtf8(), "the server closed after our EOF");
                    assertTrue(c.reader().atEof());
                    c.close();
                    c.writer().waitClosed();
                    return sb.toString();
                }
            });
            StringBuilder want = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                want.append("line ").append(i).append(',');
            }
            assertEquals(want.toString(), got);
        }

        @Test
        void manyClientsAtOnceEachGetTheirOwnBytes() {
            int ok = run(() -> {
                try (Server server = lineEcho()) {
                    java.util.List<Task<Boolean>> clients = new java.util.ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        int id = i;
                        clients.add(EventLoop.current().createTask(() -> {
                            Connection c = Streams.openConnection("127.0.0.1", server.port());
                            boolean same = true;
                            for (int k = 0; k < 20; k++) {
                                String msg = "client " + id + " message " + k;
                                c.writer().write(msg + "\n");
                                same &= msg.equals(c.reader().readLineUtf8());
                            }
                            c.close();
                            return same;
                        }));
                    }
                    int n = 0;
                    for (boolean b : Aio.gather(clients).await()) {
                        n += b ? 1 : 0;
                    }
                    server.close();
                    server.waitClosed();
                    return n;
                }
            });
            assertEquals(20, ok);
        }

        @Test
        void tcpNoDelayIsOnAndAddressesAreReported() {
            run(() -> {
                try (Server server = lineEcho()) {
                    Connection c = Streams.openConnection("localhost", server.port());
                    assertTrue(c.writer().getOption(StandardSocketOptions.TCP_NODELAY));
                    InetSocketAddress peer = (InetSocketAddress) c.writer().peerAddress();
                    assertEquals(server.port(), peer.getPort());
                    assertTrue(((InetSocketAddress) c.writer().localAddress()).getPort() > 0);
                    c.close();
                }
                return null;
            });
        }
    }

    @Nested
    class Reading {
        /** Runs body with a connection whose server sends {@code script} then closes. */
        <T> T withServerSending(byte[] script, int limit, ReaderBody<T> body) {
            return run(() -> {
                try (Server server = Streams.startServer((r, w) -> {
                    w.write(script);
                    w.close();
                }, "127.0.0.1", 0)) {
                    Connection c = Streams.openConnection("127.0.0.1", server.port(), limit);
                    try {
                        return body.run(c.reader());
                    } finally {
                        c.close();
                    }
                }
            });
        }

        interface ReaderBody<T> {
            T run(StreamReader r) throws Exception;
        }

        @Test
        void readExactlyFailsAtEofWithThePartialBytes() {
            IncompleteReadError e = withServerSending(bytes("abcdefgh"), 1024, r -> {
                assertArrayEquals(bytes("abc"), r.readExactly(3));
                return assertThrows(IncompleteReadError.class, () -> r.readExactly(10));
            });
            assertArrayEquals(bytes("defgh"), e.partial());
            assertEquals(10, e.expected());
            assertEquals("5 bytes read on a total of 10 expected bytes", e.getMessage());
        }

        @Test
        void readUntilReturnsUpToTheSeparatorAndReadReturnsTheRest() {
            String rest = withServerSending(bytes("key=value;;tail"), 1024, r -> {
                assertArrayEquals(bytes("key=value;;"), r.readUntil(bytes(";;")));
                assertFalse(r.atEof());
                String s = new String(r.read(), UTF_8);
                assertTrue(r.atEof());
                assertEquals(0, r.read(10).length, "read at EOF returns nothing");
                return s;
            });
            assertEquals("tail", rest);
        }

        @Test
        void aTooLongLineFailsAndTheConnectionStaysUsable() {
            String script = "x".repeat(100) + "\nshort\n" + "y".repeat(20) + "\n";
            String after = withServerSending(bytes(script), 32, r -> {
                LimitOverrunError e = assertThrows(LimitOverrunError.class, r::readLine);
                assertTrue(e.getMessage().contains("limit (32 bytes)"), e.getMessage());
                // asyncio: the part of the long line seen so far is dropped; the rest arrives as a line
                StringBuilder sb = new StringBuilder();
                String line;
                while ((line = r.readLineUtf8()) != null) {
                    if (!line.chars().allMatch(ch -> ch == 'x')) {
                        sb.append(line).append('|');
                    }
                }
                return sb.toString();
            });
            assertEquals("short|" + "y".repeat(20) + "|", after);
        }

        @Test
        void readUntilOverTheLimitLeavesTheDataBuffered() {
            byte[] got = withServerSending(bytes("0123456789ABCDEF|"), 8, r -> {
                LimitOverrunError e = assertThrows(LimitOverrunError.class, () -> r.readUntil(bytes("|")));
                assertTrue(e.consumed() > 8);
                return r.readExactly(17);
            });
            assertArrayEquals(bytes("0123456789ABCDEF|"), got);
        }

        @ParameterizedTest
        @MethodSource(BACKENDS)
        void aReaderThatIsNotReadStopsReadingAndTheSenderFeelsIt(TaskBackend backend) {
            long[] seen = run(backend, () -> {
                Future<StreamWriter> serverSide = EventLoop.current().createFuture();
                try (Server server = Streams.startServer((r, w) -> serverSide.setResult(w), "127.0.0.1", 0)) {
                    Connection c = Streams.openConnection("127.0.0.1", server.port(), 1024);
                    StreamWriter w = serverSide.await();
                    byte[] mb = new byte[1 << 20];
                    for (int i = 0; i < 24; i++) { // more than the kernel's socket buffers hold
                        w.write(mb);
                    }
                    long maxBuffered = 0;
                    long last = -1;
                    // until the sender's queue stops shrinking: the kernel's buffers are full too
                    for (int same = 0; same < 200; same = w.writeBufferSize() == last ? same + 1 : 0) {
                        last = w.writeBufferSize();
                        Aio.sleep(0);
                        maxBuffered = Math.max(maxBuffered, c.reader().buffered());
                    }
                    long stuck = w.writeBufferSize();
                    long total = 0;
                    byte[] got;
                    w.close();
                    while ((got = c.reader().read(1 << 16)).length > 0) {
                        total += got.length;
                    }
                    c.close();
                    return new long[] {maxBuffered, stuck, total};
                }
            });
            assertTrue(seen[0] <= 2 * 1024 + 64 * 1024, "the reader stopped at 2 x limit plus one read: " + seen[0]);
            assertTrue(seen[1] > 0, "the sender kept bytes queued: backpressure reached it");
            assertEquals(24L << 20, seen[2], "then every byte arrived");
        }

        @Test
        void writeLinesSendsEveryChunkInOrder() {
            String got = run(() -> {
                try (Server server = lineEcho()) {
                    Connection c = Streams.openConnection("127.0.0.1", server.port());
                    c.writer().writeLines(java.util.List.of(bytes("a\n"), bytes("bc\n"), bytes("d\n")));
                    String s = c.reader().readLineUtf8() + c.reader().readLineUtf8() + c.reader().readLineUtf8();
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> c.writer().setWriteBufferLimits(10, 20));
                    assertTrue(e.getMessage().contains("low <= high"), e.getMessage());
                    c.close();
                    return s;
                }
            });
            assertEquals("abcd", got);
        }

        @Test
        void aFedReaderWorksWithoutASocket() {
            String s = run(() -> {
                StreamReader r = new StreamReader(EventLoop.current(), 16);
                EventLoop.current().callSoon(() -> {
                    r.feedData(bytes("hello\nwor"), 0, 9);
                    r.feedData(bytes("ld"), 0, 2);
                    r.feedEof();
                });
                return r.readLineUtf8() + "+" + r.readLineUtf8() + "+" + r.readLineUtf8();
            });
            assertEquals("hello+world+null", s);
        }

        @Test
        void twoTasksReadingAtOnceIsAnError() {
            run(() -> {
                StreamReader r = new StreamReader(EventLoop.current(), 16);
                Task<byte[]> first = EventLoop.current().createTask(() -> r.read(1));
                Aio.sleep(0);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.read(1));
                assertTrue(e.getMessage().contains("only one task may read"), e.getMessage());
                r.feedData(bytes("z"), 0, 1);
                assertArrayEquals(bytes("z"), first.await());
                return null;
            });
        }
    }

    @Nested
    class Cancellation {
        @ParameterizedTest
        @MethodSource(BACKENDS)
        void aCancelledReadLosesAndDuplicatesNothing(TaskBackend backend) {
            String got = run(backend, () -> {
                Future<StreamWriter> serverSide = EventLoop.current().createFuture();
                try (Server server = Streams.startServer((r, w) -> serverSide.setResult(w), "127.0.0.1", 0)) {
                    Connection c = Streams.openConnection("127.0.0.1", server.port());
                    StreamWriter w = serverSide.await();
                    w.write("12345");
                    while (c.reader().buffered() < 5) {
                        Aio.sleep(0); // until the loop has received the 5 bytes
                    }
                    Task<byte[]> reader = EventLoop.current().createTask(() -> c.reader().readExactly(10));
                    Aio.sleep(0); // the reader now waits for 5 more bytes
                    reader.cancel();
                    assertThrows(CancelledError.class, reader::await);
                    assertEquals(5, c.reader().buffered(), "the cancelled read took nothing");
                    w.write("67890");
                    String s = new String(c.reader().readExactly(10), UTF_8);
                    w.close();
                    c.close();
                    return s;
                }
            });
            assertEquals("1234567890", got);
        }

        @ParameterizedTest
        @MethodSource(BACKENDS)
        void aCancelledDrainLosesNothingAndTheWriterStaysBounded(TaskBackend backend) {
            long received = run(backend, () -> {
                Future<StreamReader> serverSide = EventLoop.current().createFuture();
                try (Server server = Streams.startServer((r, w) -> serverSide.setResult(r), "127.0.0.1", 0)) {
                    Connection c = Streams.openConnection("127.0.0.1", server.port());
                    StreamReader slow = serverSide.await();
                    byte[] chunk = new byte[32 * 1024];
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = (byte) i;
                    }
                    // the peer does not read: after the kernel buffers fill, drain must suspend
                    Task<Integer> writer = EventLoop.current().createTask(() -> {
                        int n = 0;
                        while (true) {
                            c.writer().write(chunk);
                            n++;
                            assertTrue(c.writer().writeBufferSize() <= 64 * 1024 + chunk.length,
                                    "the writer holds at most the high-water mark plus one write");
                            c.writer().drain();
                        }
                    });
                    while (c.writer().writeBufferSize() <= 64 * 1024) {
                        Aio.sleep(0);
                    }
                    writer.cancel();
                    assertThrows(CancelledError.class, writer::await);
                    long queued = c.writer().writeBufferSize();
                    assertTrue(queued > 0);
                    c.writer().writeEof(); // everything queued is still sent, then EOF
                    long total = 0;
                    byte[] got;
                    while ((got = slow.read(100_000)).length > 0) {
                        for (int i = 0; i < got.length; i++) {
                            assertEquals((byte) ((total + i) % chunk.length), got[i], "byte " + (total + i));
                        }
                        total += got.length;
                    }
                    assertEquals(0, total % chunk.length, "whole chunks only: none cut, none repeated");
                    c.close();
                    return total;
                }
            });
            assertTrue(received > 64 * 1024, "received " + received);
        }
    }

    @Nested
    class Errors {
        @Test
        void connectionRefusedNamesTheAddress() {
            ConnectException e = run(() -> {
                int port;
                try (Server s = lineEcho()) {
                    port = s.port();
                }
                return assertThrows(ConnectException.class, () -> Streams.openConnection("127.0.0.1", port));
            });
            assertTrue(e.getMessage().startsWith("Connect call failed to 127.0.0.1:"), e.getMessage());
            assertTrue(e.getMessage().contains("is a server listening there?"), e.getMessage());
        }

        @ParameterizedTest
        @MethodSource(BACKENDS)
        void aPeerResetFailsTheReadAndTheDrainNamingThePeer(TaskBackend backend) {
            String[] msgs = run(backend, () -> {
                Future<Void> aborted = EventLoop.current().createFuture();
                try (Server server = Streams.startServer((r, w) -> {
                    r.readLine();
                    w.abort();
                    aborted.setResult(null);
                }, "127.0.0.1", 0)) {
                    Connection c = Streams.openConnection("127.0.0.1", server.port());
                    c.writer().write("bye\n");
                    aborted.await();
                    SocketException read = assertThrows(SocketException.class, () -> c.reader().read(10));
                    SocketException drain = assertThrows(SocketException.class, () -> c.writer().drain());
                    c.writer().write("dropped after the loss, as in asyncio");
                    c.close();
                    return new String[] {read.getMessage(), drain.getMessage(), String.valueOf(server.port())};
                }
            });
            assertTrue(msgs[0].contains("reset") && msgs[0].contains("peer 127.0.0.1:" + msgs[2]), msgs[0]);
            assertEquals(msgs[0], msgs[1]);
        }

        @Test
        void aClosedWriterRefusesWritesAndItsDrainSaysTheConnectionIsClosed() {
            run(() -> {
                try (Server server = lineEcho()) {
                    Connection c = Streams.openConnection("127.0.0.1", server.port());
                    c.close();
                    assertTrue(c.writer().isClosing());
                    IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.writer().write("x"));
                    assertTrue(e.getMessage().contains("after close()"), e.getMessage());
                    c.writer().waitClosed();
                    SocketException d = assertThrows(SocketException.class, () -> c.writer().drain());
                    assertTrue(d.getMessage().contains("peer 127.0.0.1:" + server.port()), d.getMessage());
                    assertTrue(c.reader().atEof(), "closing the writer ends the reader");
                }
                return null;
            });
        }

        @Test
        void halfCloseLetsThePeerAnswerAfterOurEof() {
            String answer = run(() -> {
                try (Server server = Streams.startServer((r, w) -> {
                    byte[] all = r.read(); // up to the client's EOF
                    w.write("got " + all.length + " bytes");
                    w.close();
                }, "127.0.0.1", 0)) {
                    Connection c = Streams.openConnection("127.0.0.1", server.port());
                    assertTrue(c.writer().canWriteEof());
                    c.writer().write(new byte[100_000]);
                    c.writer().writeEof();
                    IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.writer().write("x"));
                    assertTrue(e.getMessage().contains("after writeEof()"), e.getMessage());
                    String s = new String(c.reader().read(), UTF_8);
                    c.close();
                    return s;
                }
            });
            assertEquals("got 100000 bytes", answer);
        }
    }

    @Nested
    class Servers {
        @Test
        void closeStopsListeningAndWaitClosedWaitsForTheConnections() {
            run(() -> {
                Future<StreamWriter> accepted = EventLoop.current().createFuture();
                Server server = Streams.startServer((r, w) -> accepted.setResult(w), "127.0.0.1", 0);
                assertTrue(server.isServing());
                Connection c = Streams.openConnection("127.0.0.1", server.port());
                StreamWriter w = accepted.await();
                server.close();
                assertFalse(server.isServing());
                assertThrows(ConnectException.class, () -> Streams.openConnection("127.0.0.1", server.port()));
                Task<Void> waiter = EventLoop.current().createTask(() -> {
                    server.waitClosed();
                    return null;
                });
                Aio.sleep(0);
                assertFalse(waiter.done(), "a connection is still open");
                assertEquals(1, server.clientCount());
                w.write("last words");
                server.closeClients();
                waiter.await();
                assertEquals("last words", new String(c.reader().read(), UTF_8), "closeClients flushes first");
                c.close();
                return null;
            });
        }

        @Test
        void abortClientsResetsTheConnections() {
            run(() -> {
                try (Server server = Streams.startServer((r, w) -> { }, "127.0.0.1", 0)) {
                    Connection c = Streams.openConnection("127.0.0.1", server.port());
                    while (server.clientCount() == 0) {
                        Aio.sleep(0);
                    }
                    server.abortClients();
                    assertThrows(SocketException.class, () -> c.reader().read(1));
                    c.close();
                }
                return null;
            });
        }

        @Test
        void cancellingServeForeverClosesTheServer() {
            run(() -> {
                Server server = Streams.startServer((r, w) -> w.close(), "127.0.0.1", 0);
                Task<Void> t = EventLoop.current().createTask(() -> {
                    server.serveForever();
                    return null;
                });
                Aio.sleep(0);
                IllegalStateException twice = assertThrows(IllegalStateException.class, server::serveForever);
                assertTrue(twice.getMessage().contains("already running"), twice.getMessage());
                t.cancel();
                assertThrows(CancelledError.class, t::await);
                assertFalse(server.isServing());
                return null;
            });
        }

        @Test
        void aFailingHandlerIsReportedAndItsConnectionAborted() {
            String report = run(() -> {
                StringBuilder seen = new StringBuilder();
                EventLoop.current().setExceptionHandler((l, ctx) -> seen.append(ctx.message())
                        .append(" / ").append(ctx.exception().getMessage()));
                try (Server server = Streams.startServer((r, w) -> {
                    throw new IllegalStateException("handler bug");
                }, "127.0.0.1", 0)) {
                    Connection c = Streams.openConnection("127.0.0.1", server.port());
                    assertThrows(SocketException.class, () -> c.reader().read(1));
                    c.close();
                }
                return seen.toString();
            });
            assertTrue(report.contains("Unhandled exception in the connection handler") && report.contains("handler bug"),
                    report);
        }

        @Test
        void aSecondServerOnTheSamePortSaysWhatToDo() {
            java.net.BindException e = run(() -> {
                try (Server server = lineEcho()) {
                    return assertThrows(java.net.BindException.class,
                            () -> Streams.startServer((r, w) -> { }, "127.0.0.1", server.port()));
                }
            });
            assertTrue(e.getMessage().contains("could not bind 127.0.0.1:") && e.getMessage().contains("port 0"),
                    e.getMessage());
        }
    }

    @Nested
    class VirtualClock {
        @Test
        void loopbackTrafficDoesNotMoveTheClockAndAQuietServerDoesNotFreezeIt() {
            double[] times = TestLoops.run(Backends.tasks(), true, () -> {
                try (Server server = lineEcho()) {
                    Connection c = Streams.openConnection("127.0.0.1", server.port());
                    for (int i = 0; i < 10; i++) {
                        c.writer().write("ping\n");
                        c.reader().readLine();
                    }
                    double afterTraffic = EventLoop.current().time();
                    Aio.sleep(30); // the server listens, the connection idles: the clock still gets there
                    double afterSleep = EventLoop.current().time();
                    c.close();
                    return new double[] {afterTraffic, afterSleep};
                }
            });
            assertEquals(0.0, times[0]);
            assertEquals(30.0, times[1]);
        }
    }
}
