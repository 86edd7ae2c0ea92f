package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import dev.weft.aio.net.Connection;
import dev.weft.aio.net.Server;
import dev.weft.aio.net.Streams;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** EchoServer, EchoClient, ChatServer and the tour's network entry, on real loopback sockets. */
@Timeout(60)
class NetExamplesTest {

    static <T> T run(Callable<T> main) {
        return EventLoop.run(main);
    }

    @Test
    void theEchoClientGetsEveryMessageBackFromTheEchoServer() throws Exception {
        List<String> lines = Capture.lines(out -> run(() -> {
            try (Server server = EchoServer.start("127.0.0.1", 0, out)) {
                EchoClient.talk("127.0.0.1", server.port(), List.of("one", "two", "three"), out);
                server.close();
                server.waitClosed();
            }
            return null;
        }));
        assertTrue(lines.get(0).matches("listening on 127\\.0\\.0\\.1:\\d+"), lines.get(0));
        assertEquals(List.of("echo: one", "echo: two", "echo: three"), lines.subList(1, lines.size()));
    }

    @Test
    void theEchoServerEchoesLargeDataByteForByte() {
        byte[] sent = new byte[1 << 20];
        new java.util.Random(7).nextBytes(sent);
        byte[] back = run(() -> {
            try (Server server = EchoServer.start("127.0.0.1", 0, Capture.sink())) {
                Connection c = Streams.openConnection("127.0.0.1", server.port());
                var feeder = EventLoop.current().createTask(() -> {
                    for (int i = 0; i < sent.length; i += 8192) {
                        c.writer().write(sent, i, 8192);
                        c.writer().drain();
                    }
                    c.writer().writeEof();
                    return null;
                });
                byte[] all = c.reader().read();
                feeder.await();
                c.close();
                return all;
            }
        });
        assertTrue(java.util.Arrays.equals(sent, back), "1 MiB came back unchanged");
    }

    @Test
    void theEchoServerMainPrintsWhereItListensAndTheClientMainTalksToIt() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String cp = System.getProperty("java.class.path");
        Process server = new ProcessBuilder(java, "-cp", cp, EchoServer.class.getName(), "--port", "0")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
            String first = out.readLine();
            assertTrue(first != null && first.matches("listening on 127\\.0\\.0\\.1:\\d+"), String.valueOf(first));
            String port = first.substring(first.lastIndexOf(':') + 1);
            Process client = new ProcessBuilder(java, "-cp", cp, EchoClient.class.getName(), "--port", port, "a b", "c")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String said = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, client.waitFor(), said);
            assertEquals("echo: a b\necho: c\n", said.replace("\r", "").lines()
                    .reduce("", (x, y) -> x + y + "\n"));
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    @Test
    void chatClientsHearEachOtherButNotThemselves() throws Exception {
        List<String> lines = Capture.lines(out -> run(() -> {
            NetDemo.chat(out);
            return null;
        }));
        assertEquals(List.of(
                "alice < welcome, guest-1! nobody else is here; /nick NAME renames you",
                "alice > /nick alice",
                "alice < * guest-1 is now alice",
                "bob < welcome, guest-2! here: alice; /nick NAME renames you",
                "alice < * guest-2 joined",
                "bob > /nick bob",
                "alice < * guest-2 is now bob",
                "bob < * guest-2 is now bob",
                "alice > hi bob",
                "bob < alice: hi bob",
                "bob > hi alice, bye",
                "alice < bob: hi alice, bye",
                "alice < * bob left"), lines.subList(1, lines.size()));
    }

    @Test
    void aChatClientThatNeverReadsIsDisconnectedAndTheOthersGoOn() throws Exception {
        String last = run(() -> {
            try (Server server = ChatServer.start("127.0.0.1", 0, Capture.sink())) {
                Connection slow = Streams.openConnection("127.0.0.1", server.port());
                slow.reader().readLine(); // welcome; then it never reads again
                Connection fast = Streams.openConnection("127.0.0.1", server.port());
                fast.reader().readLine(); // welcome
                String line = "x".repeat(1000);
                String heard = null;
                Flag sent = new Flag();
                var talker = EventLoop.current().createTask(() -> {
                    for (int i = 0; i < 20_000 && !sent.stop; i++) {
                        fast.writer().write(line + "\n");
                        fast.writer().drain();
                        Aio.sleep(0);
                    }
                    return null;
                });
                while ((heard = fast.reader().readLineUtf8()) != null && !heard.startsWith("* guest-1 left")) {
                    // only the slow one's departure is sent to the fast client
                }
                sent.stop = true;
                talker.await();
                slow.close();
                fast.close();
                server.close();
                server.waitClosed();
                return heard;
            }
        });
        assertEquals("* guest-1 left (too slow: " + ChatServer.OUTBOX + " lines were waiting for it)", last);
    }

    /** A flag the talker task checks. */
    static final class Flag {
        boolean stop;
    }

    @Test
    void theTourEntryRunsByItself() throws Exception {
        List<String> lines = Capture.lines(NetDemo::run);
        assertEquals(2, lines.stream().filter(l -> l.startsWith("listening on 127.0.0.1:")).count(), lines.toString());
        assertTrue(lines.containsAll(List.of("echo: hello", "echo: weft", "bob < alice: hi bob", "alice < * bob left")),
                lines.toString());
    }
}
