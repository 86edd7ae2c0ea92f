package dev.weft.aio.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.aio.TaskBackend;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Streams over Unix-domain sockets. */
@Timeout(60)
class UnixStreamsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource(StreamsTest.BACKENDS)
    void linesEchoOverAUnixSocketAndCloseRemovesTheFile(TaskBackend backend) {
        Path sock = dir.resolve("echo.sock");
        String got = StreamsTest.run(backend, () -> {
            Server server = Streams.startUnixServer((r, w) -> {
                w.write(r.readLine());
                w.close();
            }, sock);
            assertTrue(Files.exists(sock));
            Connection c = Streams.openUnixConnection(sock);
            c.writer().write("over unix\n");
            String line = c.reader().readLineUtf8();
            c.close();
            server.close();
            server.waitClosed();
            assertFalse(Files.exists(sock), "close() removes the socket file");
            return line + "|" + server;
        });
        assertEquals("over unix|Server[unix:" + sock + ", closed, 0 connections]", got);
    }

    @Test
    void aStaleSocketFileIsReplacedButAnOrdinaryFileIsNot() throws Exception {
        Path sock = dir.resolve("stale.sock");
        Path plain = Files.writeString(dir.resolve("plain.txt"), "keep me");
        StreamsTest.run(() -> {
            Server first = Streams.startUnixServer((r, w) -> w.close(), sock);
            Server second;
            first.close();
            // recreate a stale socket file: bind with the JDK directly, then close without deleting
            try (var ch = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                ch.bind(java.net.UnixDomainSocketAddress.of(sock));
            }
            assertTrue(Files.exists(sock), "the JDK leaves the file behind");
            second = Streams.startUnixServer((r, w) -> w.close(), sock);
            second.close();
            java.nio.file.FileAlreadyExistsException e = assertThrows(java.nio.file.FileAlreadyExistsException.class,
                    () -> Streams.startUnixServer((r, w) -> w.close(), plain));
            assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
            return null;
        });
        assertEquals("keep me", Files.readString(plain));
    }

    @Test
    void connectingToAMissingSocketNamesThePath() {
        Path sock = dir.resolve("nobody.sock");
        ConnectException e = StreamsTest.run(() -> assertThrows(ConnectException.class,
                () -> Streams.openUnixConnection(sock)));
        assertTrue(e.getMessage().contains("unix:" + sock), e.getMessage());
    }
}
