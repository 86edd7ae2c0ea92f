package dev.weft.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Task;
import dev.weft.inspect.Inspector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./weft ps, pstree and top (plain text) against this JVM's own inspector, with a loop on another
 * thread holding a known shape: Task-1 awaits parent, parent awaits gather(a, b), a and b sleep.
 */
@Timeout(60)
class InspectCommandsTest {
    @TempDir
    static Path dir;
    static Inspector inspector;
    static Thread loopThread;
    static final CompletableFuture<EventLoop> LOOP = new CompletableFuture<>();
    static final CompletableFuture<Task<?>> PARENT = new CompletableFuture<>();
    static final String PID = String.valueOf(ProcessHandle.current().pid());

    @BeforeAll
    static void startShape() throws Exception {
        inspector = Inspector.start(dir.resolve("run"));
        CountDownLatch settled = new CountDownLatch(2);
        loopThread = Thread.ofPlatform().name("shape-loop").start(() -> EventLoop.run(() -> {
            EventLoop loop = EventLoop.current();
            LOOP.complete(loop);
            Task<Object> parent = loop.createTask(() -> Aio.gather(
                    loop.createTask(() -> { settled.countDown(); Aio.sleep(3600); return 1; }, "a"),
                    loop.createTask(() -> { settled.countDown(); Aio.sleep(3600); return 2; }, "b")).await(), "parent");
            PARENT.complete(parent);
            try {
                return parent.await();
            } catch (dev.weft.aio.CancelledError done) {
                return null;
            }
        }));
        assertTrue(settled.await(30, TimeUnit.SECONDS));
    }

    @AfterAll
    static void stop() throws Exception {
        LOOP.get().callSoonThreadsafe(() -> PARENT.join().cancel());
        loopThread.join(30_000);
        inspector.close();
    }

    record Result(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--dir";
        all[args.length + 1] = dir.resolve("run").toString();
        int status = InspectCommands.run(all, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8),
                new ByteArrayInputStream(new byte[0]));
        return new Result(status, out.toString(UTF_8), err.toString(UTF_8));
    }

    /** Times vary from run to run: "12.34s" becomes "Ts". */
    static String untimed(String s) {
        return s.replaceAll("\\d+\\.\\d+s|\\d+s\\b", "Ts").replaceAll("time \\d+\\.\\d+", "time T")
                .replaceAll("thread \\S+\\)", "thread X)");
    }

    @Test
    void pstreeDrawsTheAwaitedByTree() {
        Result r = run("pstree", PID);
        assertEquals(0, r.status(), r.err());
        List<String> tree = r.lines().stream().filter(l -> !l.startsWith("EventLoop-")).map(InspectCommandsTest::untimed).toList();
        assertEquals(List.of(
                "└── (T) Task-1 [waiting Ts]",
                "    └── (T) parent [waiting Ts]",
                "        ├── (T) a [waiting Ts]",
                "        │   └── Future[pending]",
                "        └── (T) b [waiting Ts]",
                "            └── Future[pending]"), tree);
    }

    @Test
    void psPrintsATaskALineWithWhatItAwaitsAndWhoAwaitsIt() {
        Result r = run("ps", PID, "--sort", "name");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.lines();
        assertTrue(lines.getFirst().startsWith("EventLoop-") && lines.getFirst().contains("(running, thread shape-loop)"),
                lines.getFirst());
        assertEquals(List.of("ID", "NAME", "STATE", "IN", "STATE", "AWAITS", "AWAITED", "BY"), List.of(lines.get(1).trim().split("\\s+")));
        List<List<String>> rows = lines.subList(2, lines.size()).stream()
                .map(l -> List.of(l.substring(8).trim().split("\\s{2,}"))).toList();
        assertEquals(List.of("Task-1", "a", "b", "parent"), rows.stream().map(x -> x.get(0)).toList(), "sorted by name");
        List<String> parent = rows.get(3);
        assertEquals("waiting", parent.get(1));
        assertTrue(parent.get(2).matches("\\d+\\.\\d\\ds"), parent.toString());
        assertEquals("a, b", parent.get(3));
        assertEquals("Task-1", parent.get(4));
    }

    @Test
    void topInPlainTextWhenNotATerminal() {
        Result r = run("top", PID, "-n", "2", "-d", "0.01", "--filter", "waiting", "--sort", "time");
        assertEquals(0, r.status(), r.err());
        assertFalse(r.out().contains("\033"), "no terminal escapes when stdout is not a terminal");
        assertEquals(2, r.lines().stream().filter(l -> l.startsWith("weft top: pid " + PID)).count(), r.out());
        assertTrue(r.lines().getFirst().endsWith("sorted by time, filter 'waiting'"), r.lines().getFirst());
        assertEquals(8, r.lines().stream().filter(l -> l.contains(" waiting ")).count(), "4 waiting tasks, twice:\n" + r.out());
    }

    @Test
    void topListsTheProgramsAndAttachesToTheOnlyOneWithoutAPid() {
        Result list = run("top", "--list");
        assertEquals(0, list.status(), list.err());
        assertTrue(list.lines().get(1).trim().startsWith(PID + " "), list.out());
        Result r = run("top");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("parent"), r.out());
    }

    @Test
    void aProcessWithoutAnInspectorIsAUsageErrorNamingTheFix() {
        Result r = run("ps", "999999999");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no weft inspector for process 999999999") && r.err().contains("programs with one: [" + PID + "]"),
                r.err());
    }

    @Test
    void aBadSortKeyIsAUsageError() {
        Result r = run("ps", PID, "--sort", "colour");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--sort") && r.err().contains("./weft ps --help"), r.err());
    }
}
