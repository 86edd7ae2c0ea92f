package dev.weft.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.aio.Backends;
import dev.weft.aio.TaskBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ./weft fetch against servers on 127.0.0.1 that the tests start. */
@Tag("realtime")
@Timeout(120)
class FetchCommandTest {

    static TestServers.Http http;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        http = new TestServers.Http();
    }

    @AfterAll
    static void stopServer() {
        http.close();
    }

    /** One run of the command: its exit status and what it printed. */
    record Run(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Run fetch(InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, UTF_8); PrintStream e = new PrintStream(err, true, UTF_8)) {
            status = FetchCommand.run(args, o, e, stdin);
        }
        return new Run(status, out.toString(UTF_8), err.toString(UTF_8));
    }

    static Run fetch(String... args) {
        return fetch(InputStream.nullInputStream(), args);
    }

    String[] args(String... more) {
        List<String> a = new ArrayList<>(List.of("--out", dir.toString(), "--no-progress", "--backoff", "0.01"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    List<String> filesInDir() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Nested
    class Success {
        @Test
        void everyUrlLandsInItsFileWithALogLineEachAndASummary() throws Exception {
            Run r = fetch(args(http.url("/slow/a.txt"), http.url("/slow/b.txt"), http.url("/slow/c.txt"), "-c", "3"));
            assertEquals(0, r.status(), r.out() + r.err());
            assertEquals(List.of("a.txt", "b.txt", "c.txt"), filesInDir());
            assertEquals("slow /slow/b.txt", Files.readString(dir.resolve("b.txt")));
            assertEquals(3, r.lines().stream().filter(l -> l.startsWith("fetched http://")).count(), r.out());
            assertTrue(r.lines().getLast().startsWith("fetched 3 of 3 URLs, 48 B in "), r.out());
        }

        @Test
        void a5xxIsRetriedWithBackoffUntilItSucceeds() throws Exception {
            Run r = fetch(args(http.url("/flaky"), "--retries", "3"));
            assertEquals(0, r.status(), r.out());
            assertEquals(3, http.hits("/flaky"));
            assertEquals(2, r.lines().stream().filter(l -> l.startsWith("retry   " + http.url("/flaky")) && l.endsWith("HTTP 503 Service Unavailable")).count(), r.out());
            assertEquals("finally", Files.readString(dir.resolve("flaky")));
        }

        @Test
        void aLargeFileArrivesWholeAndByteForByte() throws Exception {
            Run r = fetch(args(http.url("/big")));
            assertEquals(0, r.status(), r.out());
            Path f = dir.resolve("big");
            assertEquals(TestServers.Http.BIG, Files.size(f));
            MessageDigest want = MessageDigest.getInstance("SHA-256");
            byte[] chunk = new byte[64 * 1024];
            for (long off = 0; off < TestServers.Http.BIG; off += chunk.length) {
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = TestServers.bigByte(off + i);
                }
                want.update(chunk);
            }
            assertArrayEquals(want.digest(), MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        }

        @Test
        void twoHundredUrlsAtConcurrencyTwentyNeverPassTwentyAtTheServer() throws Exception {
            http.maxInFlight.set(0);
            Path list = Files.createTempFile("urls", ".txt");
            try {
                List<String> urls = IntStream.range(0, 200).mapToObj(i -> http.url("/page/p" + i + ".html")).toList();
                Files.write(list, urls);
                Run r = fetch(args("-i", list.toString(), "--concurrency", "20"));
                assertEquals(0, r.status(), r.err());
                assertEquals(200, filesInDir().size());
                assertEquals("page /page/p199.html", Files.readString(dir.resolve("p199.html")));
                int max = http.maxInFlight.get();
                assertTrue(max <= 20, "max in flight " + max);
                if (Backends.tasks() == TaskBackend.LOOP) {
                    assertTrue(max > 1, "loop-scheduled green tasks should overlap, max in flight " + max);
                }
                assertTrue(r.lines().getLast().startsWith("fetched 200 of 200 URLs"), r.lines().getLast());
            } finally {
                Files.delete(list);
            }
        }

        @Test
        void urlsComeFromStandardInputSkippingBlankLinesAndComments() throws Exception {
            String in = "# my list\n\n" + http.url("/page/one.html") + "\n  " + http.url("/page/two.html") + "  \n";
            Run r = fetch(new ByteArrayInputStream(in.getBytes(UTF_8)), args("-i", "-"));
            assertEquals(0, r.status(), r.out() + r.err());
            assertEquals(List.of("one.html", "two.html"), filesInDir());
        }

        @Test
        void urlsWithTheSameFileNameGetDistinctFiles() throws Exception {
            Run r = fetch(args(http.url("/page/x.html"), http.url("/slow/x.html"), http.url("/page/")));
            assertEquals(0, r.status(), r.out());
            assertEquals(List.of("index.html", "x-1.html", "x.html"), filesInDir());
            assertEquals("slow /slow/x.html", Files.readString(dir.resolve("x-1.html")));
        }

        @Test
        void onATerminalAStatusLineIsRedrawnInPlace() throws Exception {
            Run r = fetch("--out", dir.toString(), "--progress", http.url("/slow/a"), http.url("/slow/b"));
            assertEquals(0, r.status(), r.out());
            assertTrue(r.out().contains("\r\033[K0/2 done, 0 B, "), r.out());
            assertTrue(r.out().contains("\r\033[Kfetched 2 of 2 URLs, 24 B in "), r.out()); // line cleared, then the summary
            if (Backends.tasks() == TaskBackend.LOOP) {  // else blocking reads stall the redraws
                assertTrue(r.out().contains("in flight (2): a b"), r.out());
            }
            assertFalse(r.out().contains("fetched http://"), r.out());
        }
    }

    @Nested
    class Failures {
        @Test
        void a404FailsWithoutRetryIsNamedWithItsReasonAndExitsOne() throws Exception {
            Run r = fetch(args(http.url("/missing.txt"), http.url("/page/ok.html"), "--retries", "3"));
            assertEquals(1, r.status(), r.out());
            assertEquals(1, http.hits("/missing.txt"));
            assertTrue(r.out().contains("FAILED  " + http.url("/missing.txt") + ": HTTP 404 Not Found"), r.out());
            assertTrue(r.out().contains("1 failed:\n  " + http.url("/missing.txt") + ": HTTP 404 Not Found"), r.out());
            assertEquals(List.of("ok.html"), filesInDir());
        }

        @Test
        void aResetMidBodyIsRetriedAndNeverLeavesAFileUnderItsName() throws Exception {
            try (TestServers.Raw raw = new TestServers.Raw(true)) {
                Run r = fetch(args(raw.url("/cut.bin"), "--retries", "1"));
                assertEquals(1, r.status(), r.out());
                assertEquals(2, raw.accepted.get());
                String failure = r.lines().stream().filter(l -> l.startsWith("  " + raw.url("/cut.bin") + ": ")).findFirst()
                        .orElseThrow(() -> new AssertionError(r.out()));
                assertTrue(failure.contains("of 100000 bytes") && failure.endsWith("(after 2 attempts)"), failure);
                assertEquals(List.of(), filesInDir());           // neither cut.bin nor a .part file
            }
        }

        @Test
        void aServerThatNeverAnswersTimesOut() throws Exception {
            try (TestServers.Raw raw = new TestServers.Raw(false)) {
                Run r = fetch(args(raw.url("/never"), "--timeout", "0.5", "--retries", "0"));
                assertEquals(1, r.status(), r.out());
                assertTrue(r.out().contains("FAILED  " + raw.url("/never") + ": "), r.out());
                String line = r.lines().stream().filter(l -> l.startsWith("FAILED")).findFirst().orElseThrow();
                assertTrue(line.contains("timed out"), line);
                assertEquals(List.of(), filesInDir());
            }
        }

        @Test
        void aRefusedConnectionIsNamed() throws Exception {
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Run r = fetch(args("http://127.0.0.1:" + port + "/x", "--retries", "0"));
            assertEquals(1, r.status(), r.out());
            assertTrue(r.out().contains("cannot connect"), r.out());
        }
    }

    @Nested
    class Usage {
        @Test
        void helpExplainsEverythingAndExitsZero() {
            Run r = fetch("--help");
            assertEquals(0, r.status());
            for (String s : List.of("--concurrency", "--out", "--timeout", "--retries", "-i, --input", "Exit status", "2   bad usage")) {
                assertTrue(r.out().contains(s), s + " in " + r.out());
            }
        }

        @Test
        void badUsageExitsTwoWithAMessageNamingTheProblem() throws Exception {
            Path file = Files.createFile(dir.resolve("plain-file"));
            List<List<String>> cases = List.of(
                    List.of(),
                    List.of("ftp://example.org/x"),
                    List.of("http://127.0.0.1/x", "--concurrency", "0"),
                    List.of("http://127.0.0.1/x", "--timeout", "-1"),
                    List.of("http://127.0.0.1/x", "--out", file.toString()),
                    List.of("http://127.0.0.1/x", "--bogus"),
                    List.of("-i", dir.resolve("missing.txt").toString()));
            List<String> expected = List.of("no URL given", "not an http:// or https:// URL", "--concurrency must be at least 1",
                    "--timeout must be a positive", "exists and is not a directory", "Unknown option: '--bogus'",
                    "cannot read URLs from");
            for (int i = 0; i < cases.size(); i++) {
                Run r = fetch(cases.get(i).toArray(String[]::new));
                assertEquals(2, r.status(), cases.get(i) + ": " + r.err());
                assertTrue(r.err().startsWith("weft fetch: ") && r.err().contains(expected.get(i)), r.err());
                assertTrue(r.err().contains("--help"), r.err());
            }
        }
    }
}
