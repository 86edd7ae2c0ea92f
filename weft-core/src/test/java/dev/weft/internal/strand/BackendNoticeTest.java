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

/** Backend choice as a user sees it, in a child JVM started without weft's flags. */
@Timeout(120)
class BackendNoticeTest {
    private static final String NOTICE = "weft: jdk.internal.vm is not exported to weft";
    private static final String FLAG = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";

    record Result(int exit, String stdout, String stderr) {
    }

    private static Result run(String... jvmArgs) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(List.of(jvmArgs));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BackendNoticeMain.class.getName());
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

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void withoutFlagsWeftFallsBackAndSaysSoExactlyOnceNamingTheFlag() throws Exception {
        Result r = run();
        assertEquals(0, r.exit(), r::stderr);
        assertEquals("backend=HANDOFF sum=15", r.stdout().strip(), r::stderr);
        assertEquals(1, count(r.stderr(), NOTICE), r::stderr);
        assertTrue(r.stderr().contains(FLAG), r::stderr);
    }

    @Test
    void withTheFlagThereIsNoNotice() throws Exception {
        Result r = run("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED");
        assertEquals(0, r.exit(), r::stderr);
        assertEquals("backend=CONTINUATION sum=15", r.stdout().strip(), r::stderr);
        assertEquals(0, count(r.stderr(), NOTICE), r::stderr);
    }

    @Test
    void forcingContinuationWithoutTheFlagFailsNamingTheFlag() throws Exception {
        Result r = run("-D" + Backend.PROPERTY + "=continuation");
        assertNotEquals(0, r.exit(), r::stdout);
        assertTrue(r.stderr().contains("the continuation strand backend was requested"), r::stderr);
        assertTrue(r.stderr().contains(FLAG), r::stderr);
    }

    @Test
    void forcingHandoffNeedsNoFlagAndPrintsNoNotice() throws Exception {
        Result r = run("-D" + Backend.PROPERTY + "=handoff");
        assertEquals(0, r.exit(), r::stderr);
        assertEquals("backend=HANDOFF sum=15", r.stdout().strip(), r::stderr);
        assertEquals(0, count(r.stderr(), NOTICE), r::stderr);
    }

    @Test
    void anUnknownBackendFailsNamingTheAllowedValues() throws Exception {
        Result r = run("-D" + Backend.PROPERTY + "=bogus");
        assertNotEquals(0, r.exit(), r::stdout);
        assertTrue(r.stderr().contains("-Dweft.strand=bogus is not a strand backend"), r::stderr);
        assertTrue(r.stderr().contains("continuation, handoff or auto"), r::stderr);
    }
}
