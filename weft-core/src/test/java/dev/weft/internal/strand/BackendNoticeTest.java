package dev.weft.internal.strand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Backend choice as a user sees it, in a child JVM started with or without weft's flags. */
@Timeout(120)
class BackendNoticeTest {
    private static final String NOTICE = "weft: this JVM does not give weft all of its flags";
    private static final String VIRTUAL_NOTICE = "weft: an event loop was created on a virtual thread";
    private static final String EXPORTS = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";
    private static final String OPENS = "--add-opens java.base/java.lang=ALL-UNNAMED";
    private static final List<String> BOTH_FLAGS = List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED");

    record Result(int exit, String stdout, String stderr) {
    }

    private static Result run(List<String> jvmArgs, String... mainArgs) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BackendNoticeMain.class.getName());
        cmd.addAll(List.of(mainArgs));
        Path out = Files.createTempFile("weft-notice", ".out");
        Path err = Files.createTempFile("weft-notice", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            // Keep the child free of options injected through the environment.
            pb.environment().remove("JDK_JAVA_OPTIONS");
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            Process p = pb.start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("child JVM did not finish: " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Result run(String... jvmArgs) throws IOException, InterruptedException {
        return run(List.of(jvmArgs));
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void withoutFlagsWeftFallsBackAndSaysSoExactlyOnceNamingBothFlags() throws Exception {
        Result r = run(List.of(), "loops");
        assertEquals(0, r.exit(), r::stderr);
        assertEquals("backend=HANDOFF sum=15 loops=STRAND STRAND STRAND", r.stdout().strip(), r::stderr);
        assertEquals(1, count(r.stderr(), NOTICE), r::stderr);
        assertEquals(1, count(r.stderr(), EXPORTS), r::stderr);
        assertEquals(1, count(r.stderr(), OPENS), r::stderr);
        assertTrue(r.stderr().contains("stalls the whole loop"), r::stderr);
    }

    @Test
    void withBothFlagsThereIsNoNotice() throws Exception {
        Result r = run(BOTH_FLAGS, "loops");
        assertEquals(0, r.exit(), r::stderr);
        assertEquals("backend=CONTINUATION sum=15 loops=LOOP LOOP LOOP", r.stdout().strip(), r::stderr);
        assertEquals(0, count(r.stderr(), NOTICE), r::stderr);
    }

    @Test
    void withOneFlagTheNoticeNamesOnlyTheOtherOne() throws Exception {
        Result r = run("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED");
        assertEquals(0, r.exit(), r::stderr);
        assertEquals("backend=CONTINUATION sum=15", r.stdout().strip(), r::stderr);
        assertEquals(1, count(r.stderr(), NOTICE), r::stderr);
        assertEquals(0, count(r.stderr(), EXPORTS), r::stderr);
        assertEquals(1, count(r.stderr(), OPENS), r::stderr);
    }

    @Test
    void loopsOnVirtualThreadsChooseStrandTasksAndSaySoOnce() throws Exception {
        Result r = run(BOTH_FLAGS, "virtual-loops");
        assertEquals(0, r.exit(), r::stderr);
        assertEquals("backend=CONTINUATION sum=15 loops=STRAND STRAND STRAND", r.stdout().strip(), r::stderr);
        assertEquals(1, count(r.stderr(), VIRTUAL_NOTICE), r::stderr);
        assertEquals(0, count(r.stderr(), NOTICE), r::stderr);
    }

    @Test
    void forcingLoopTasksOnAVirtualThreadFailsNamingTheWaysOut() throws Exception {
        List<String> args = new ArrayList<>(BOTH_FLAGS);
        args.add("-D" + BackendPolicy.TASKS_PROPERTY + "=loop");
        Result r = run(args, "virtual-loops");
        assertEquals(0, r.exit(), r::stderr);
        String out = r.stdout().strip();
        assertTrue(out.contains("-Dweft.backend.tasks=loop forces loop-scheduled tasks"), out);
        assertTrue(out.contains("Thread.ofPlatform()") && out.contains("drop the property"), out);
    }

    @Test
    void forcingContinuationWithoutTheFlagFailsNamingTheFlag() throws Exception {
        Result r = run("-D" + BackendPolicy.STRAND_PROPERTY + "=continuation");
        assertNotEquals(0, r.exit(), r::stdout);
        assertTrue(r.stderr().contains("the continuation strand backend was requested"), r::stderr);
        assertTrue(r.stderr().contains(EXPORTS), r::stderr);
    }

    @Test
    void forcingThePortableBackendsNeedsNoFlagAndPrintsNoNotice() throws Exception {
        Result r = run("-D" + BackendPolicy.STRAND_PROPERTY + "=handoff", "-D" + BackendPolicy.TASKS_PROPERTY + "=strand");
        assertEquals(0, r.exit(), r::stderr);
        assertEquals("backend=HANDOFF sum=15", r.stdout().strip(), r::stderr);
        assertEquals(0, count(r.stderr(), NOTICE), r::stderr);
    }

    @Test
    void theOldPropertyNamesStillWork() throws Exception {
        Result r = run("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-Dweft.strand=handoff");
        assertEquals(0, r.exit(), r::stderr);
        assertEquals("backend=HANDOFF sum=15", r.stdout().strip(), r::stderr);
    }

    @Test
    void anUnknownBackendFailsNamingThePropertyAndTheAllowedValues() throws Exception {
        Result r = run("-D" + BackendPolicy.STRAND_PROPERTY + "=bogus");
        assertNotEquals(0, r.exit(), r::stdout);
        assertTrue(r.stderr().contains("-Dweft.backend.strand=bogus is not a strand backend"), r::stderr);
        assertTrue(r.stderr().contains("continuation, handoff or auto"), r::stderr);
        Result t = run(List.of("-D" + BackendPolicy.TASKS_PROPERTY + "=bogus"), "loops");
        assertNotEquals(0, t.exit(), t::stdout);
        assertTrue(t.stderr().contains("-Dweft.backend.tasks=bogus is not a tasks backend"), t::stderr);
        assertTrue(t.stderr().contains("loop, strand or auto"), t::stderr);
    }
}
