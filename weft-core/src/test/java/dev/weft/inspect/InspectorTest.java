package dev.weft.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import dev.weft.aio.LoopInspection;
import dev.weft.aio.LoopSnapshot;
import dev.weft.aio.Task;
import dev.weft.aio.TaskSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectorTest {
    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        Inspector.running().ifPresent(Inspector::close);
    }

    record Reply(int status, String body, String cookie) {
    }

    static Reply get(String url, Map<String, String> headers) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        headers.forEach(c::setRequestProperty);
        try {
            int status = c.getResponseCode();
            var in = status < 400 ? c.getInputStream() : c.getErrorStream();
            return new Reply(status, new String(in.readAllBytes(), StandardCharsets.UTF_8), c.getHeaderField("Set-Cookie"));
        } finally {
            c.disconnect();
        }
    }

    static String token(Inspector i) throws IOException {
        return (String) SnapshotFormat.map(Json.parse(Files.readString(i.file()))).get("token");
    }

    @Nested
    class Files600 {
        @Test
        void theTokenFileIsMode600InADirectoryOfMode700() throws IOException {
            Path dir = tmp.resolve("run/weft-inspect");
            try (Inspector i = Inspector.start(dir)) {
                assertEquals(dir.resolve(ProcessHandle.current().pid() + ".json"), i.file());
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(i.file())));
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
                assertEquals(64, token(i).length());
                assertTrue(LoopInspection.isEnabled());
            }
            assertFalse(Files.exists(dir.resolve(ProcessHandle.current().pid() + ".json")), "close deletes the file");
            assertFalse(LoopInspection.isEnabled(), "close turns inspection off");
        }

        @Test
        void aDirectoryOpenToOthersIsRefusedWithTheFix() throws IOException {
            Path dir = Files.createDirectory(tmp.resolve("open"), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Inspector.start(dir));
            assertTrue(e.getMessage().contains("chmod 700 " + dir), e.getMessage());
            assertTrue(Inspector.running().isEmpty());
        }

        @Test
        void startTwiceReturnsTheRunningOneAndAnotherDirectoryIsRefused() {
            Inspector i = Inspector.start(tmp.resolve("a"));
            assertSame(i, Inspector.start(tmp.resolve("a")));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Inspector.start(tmp.resolve("b")));
            assertTrue(e.getMessage().contains("Inspector.running()"), e.getMessage());
        }
    }

    @Nested
    class Access {
        @Test
        void withoutTheTokenRefused401WithAWrongOne403() throws IOException {
            Inspector i = Inspector.start(tmp.resolve("d"));
            String base = "http://127.0.0.1:" + i.port();
            assertEquals(401, get(base + "/api/v1/snapshot", Map.of()).status());
            assertEquals(401, get(base + "/", Map.of()).status());
            assertEquals(403, get(base + "/api/v1/snapshot", Map.of("Authorization", "Bearer 00ff")).status());
            assertEquals(403, get(base + "/?token=00ff", Map.of()).status());
            assertEquals(200, get(base + "/api/v1/snapshot", Map.of("Authorization", "Bearer " + token(i))).status());
        }

        @Test
        void anotherHostNameIsRefusedAgainstDnsRebinding() throws IOException {
            Inspector i = Inspector.start(tmp.resolve("d"));
            try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), i.port())) {
                s.getOutputStream().write(("GET /api/v1/snapshot HTTP/1.1\r\nHost: evil.example:" + i.port()
                        + "\r\nAuthorization: Bearer " + token(i) + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(reply.startsWith("HTTP/1.1 403"), reply);
                assertTrue(reply.contains("127.0.0.1:" + i.port()), reply);
            }
        }

        @Test
        void thePageSetsACookieThatServesItsScript() throws IOException {
            Inspector i = Inspector.start(tmp.resolve("d"));
            Reply page = get(i.pageUri().toString(), Map.of());
            assertEquals(200, page.status());
            assertTrue(page.body().contains("<title>weft inspector</title>"));
            assertTrue(page.cookie().contains("HttpOnly") && page.cookie().contains("SameSite=Strict"), page.cookie());
            String cookie = page.cookie().split(";")[0];
            Reply js = get("http://127.0.0.1:" + i.port() + "/inspector.js", Map.of("Cookie", cookie));
            assertEquals(200, js.status());
            assertTrue(js.body().contains("/api/v1/snapshot"));
        }
    }

    @Nested
    class Client {
        @Test
        void psReadsTheTasksAndEdgesOfARunningLoopAndAStackOnDemand() throws IOException {
            Path dir = tmp.resolve("d");
            Inspector.start(dir);
            InspectorClient client = InspectorClient.attach(ProcessHandle.current().pid(), dir);
            assertEquals(List.of(ProcessHandle.current().pid()),
                    InspectorClient.list(dir).stream().map(InspectorClient.Target::pid).toList());
            EventLoop.runVirtual(() -> {
                EventLoop loop = EventLoop.current();
                Task<?> leaf = loop.createTask(() -> { Aio.sleep(60); return null; }, "leaf");
                loop.createTask(leaf::await, "root");
                Aio.sleep(2);
                List<LoopSnapshot> loops = loop.toThread(client::snapshot).await();
                LoopSnapshot mine = loops.stream().filter(l -> l.state().equals("running")).findFirst().orElseThrow();
                TaskSnapshot l = mine.tasks().stream().filter(t -> t.name().equals("leaf")).findFirst().orElseThrow();
                TaskSnapshot r = mine.tasks().stream().filter(t -> t.name().equals("root")).findFirst().orElseThrow();
                assertEquals("waiting", l.state());
                assertEquals(2.0, l.stateSeconds());
                assertEquals(List.of(r.id()), l.awaitedBy());
                assertEquals(List.of(l.id()), r.awaits());
                List<StackTraceElement> stack = loop.toThread(() -> client.stack(mine.id(), l.id())).await();
                assertTrue(stack.stream().anyMatch(f -> f.getMethodName().contains("sleep")), stack.toString());
                IOException gone = assertThrows(IOException.class,
                        () -> loop.toThread(() -> client.stack(mine.id(), 9999)).await(IOException.class));
                assertTrue(gone.getMessage().contains("404"), gone.getMessage());
                leaf.cancel();
                return null;
            });
        }

        @Test
        void attachingToAProcessWithoutAnInspectorSaysHowToStartOne() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> InspectorClient.attach(ProcessHandle.current().pid(), tmp.resolve("none")));
            assertTrue(e.getMessage().contains("-Dweft.inspect=on"), e.getMessage());
        }
    }

    @Test
    void theAgentStartsTheInspectorInTheGivenDirectory() {
        new InspectorAgent().start(tmp.resolve("agent").toString());
        Inspector i = Inspector.running().orElseThrow();
        assertEquals(tmp.resolve("agent"), i.file().getParent());
    }

    @Test
    void jsonRoundTripKeepsEveryField() {
        TaskSnapshot t = new TaskSnapshot(3, "a \"q\" <b>", "waiting", Double.NaN, "Future[pending]", List.of(4L),
                List.of(), 1, List.of(new StackTraceElement("x.Y", "z", "Y.java", 7)));
        LoopSnapshot l = new LoopSnapshot(2, "running", "main", true, 1.5, "loop", false, 1, 2, 3, 4, 5, List.of(t));
        String text = Json.write(SnapshotFormat.document(42, List.of(l)));
        assertFalse(text.contains("<b>"), "no markup survives in the JSON text");
        LoopSnapshot back = SnapshotFormat.loops(SnapshotFormat.map(Json.parse(text))).getFirst();
        assertEquals(l.toString().replace("NaN", "x"), back.toString().replace("NaN", "x"));
    }
}
