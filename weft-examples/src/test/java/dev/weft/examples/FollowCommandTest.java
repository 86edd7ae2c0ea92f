package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class FollowCommandTest {

    /** Standard output; each write wakes {@link Following#awaitOutput} (it waits on this monitor). */
    final ByteArrayOutputStream outBytes = new ByteArrayOutputStream() {
        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            notifyAll();
        }

        @Override
        public synchronized void write(int b) {
            super.write(b);
            notifyAll();
        }
    };
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    int run(String... args) {
        return FollowCommand.run(args, out, err);
    }

    String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Nested
    class Arguments {
        @Test
        void helpPrintsUsageAndExitsZero() {
            assertEquals(0, run("--help"));
            assertTrue(out().startsWith("usage: ./weft follow FILE [--grep TEXT] [--from-start]"), out());
            assertEquals(0, run("x", "-h"));
        }

        @Test
        void noFileIsAnErrorWithExitCode2() {
            assertEquals(2, run());
            assertTrue(err().startsWith("weft follow: no FILE given"), err());
            assertTrue(err().contains("./weft follow --help"), err());
        }

        @Test
        void aMissingFileIsAnErrorNamingItAndTheFix(@TempDir Path dir) {
            Path missing = dir.resolve("nope.log");
            assertEquals(2, run(missing.toString()));
            assertTrue(err().startsWith("weft follow: no such file: " + missing), err());
            assertTrue(err().contains("touch " + missing), err());
        }

        @Test
        void anUnknownOptionIsAnError(@TempDir Path dir) throws Exception {
            Path f = Files.createFile(dir.resolve("a.log"));
            assertEquals(2, run(f.toString(), "--follow-harder"));
            assertTrue(err().startsWith("weft follow: unknown option '--follow-harder'"), err());
        }

        @Test
        void grepWithoutTextIsAnError(@TempDir Path dir) throws Exception {
            Path f = Files.createFile(dir.resolve("a.log"));
            assertEquals(2, run(f.toString(), "--grep"));
            assertTrue(err().startsWith("weft follow: --grep needs the TEXT"), err());
        }

        @Test
        void twoFilesAreAnError(@TempDir Path dir) throws Exception {
            Path a = Files.createFile(dir.resolve("a.log"));
            Path b = Files.createFile(dir.resolve("b.log"));
            assertEquals(2, run(a.toString(), b.toString()));
            assertTrue(err().startsWith("weft follow: one FILE at a time"), err());
        }

        @Test
        void aDirectoryIsAnError(@TempDir Path dir) {
            assertEquals(2, run(dir.toString()));
            assertTrue(err().contains("is a directory"), err());
        }

        @Test
        void optionsAreParsed(@TempDir Path dir) throws Exception {
            Path f = Files.createFile(dir.resolve("a.log"));
            assertEquals(new FollowCommand.Options(f, "ERR", true),
                    FollowCommand.parse(new String[] {"--from-start", f.toString(), "--grep=ERR"}));
            assertEquals(new FollowCommand.Options(f, null, false), FollowCommand.parse(new String[] {f.toString()}));
            assertEquals(new FollowCommand.Options(f, null, false, 4 << 20, true),
                    FollowCommand.parse(new String[] {f.toString(), "--max-line", "4M", "--skip-long-lines"}));
            assertEquals(new FollowCommand.Options(f, null, false, 65536, false),
                    FollowCommand.parse(new String[] {f.toString(), "--max-line=64k"}));
        }

        @Test
        void aBadMaxLineIsAnErrorShowingTheForm(@TempDir Path dir) throws Exception {
            Path f = Files.createFile(dir.resolve("a.log"));
            for (String bad : new String[] {"0", "-5", "lots", "3G", "9999999999"}) {
                errBytes.reset();
                assertEquals(2, run(f.toString(), "--max-line", bad), bad);
                assertTrue(err().startsWith("weft follow: --max-line must be a positive size"), err());
                assertTrue(err().contains("'" + bad + "'"), err());
            }
            errBytes.reset();
            assertEquals(2, run(f.toString(), "--max-line"));
            assertTrue(err().startsWith("weft follow: --max-line needs a size"), err());
        }
    }

    @Nested
    @Tag("realtime")
    class Following {
        Thread follower;
        final CompletableFuture<Integer> code = new CompletableFuture<>();

        /** Runs the command on a thread of its own until {@link #stop()}. */
        void start(String... args) {
            follower = Thread.ofPlatform().start(() -> code.complete(run(args)));
        }

        /** Interrupts the command, as Ctrl-C would, and asserts it exited with 0. */
        void stop() throws Exception {
            follower.interrupt();
            assertEquals(0, code.get(10, TimeUnit.SECONDS));
        }

        @Test
        @Timeout(30)
        void printsExistingAndNewMatchingLinesUntilInterrupted(@TempDir Path dir) throws Exception {
            Path f = dir.resolve("app.log");
            Files.writeString(f, "INFO start\nERROR one\n");
            start(f.toString(), "--grep", "ERROR", "--from-start");
            awaitOutput("ERROR one\n");
            Files.writeString(f, "INFO quiet\nERROR two\n", StandardOpenOption.APPEND);
            awaitOutput("ERROR one\nERROR two\n");
            stop();
            assertFalse(out().contains("INFO"), out());
            assertEquals("", err());
        }

        @Test
        @Timeout(30)
        void aLineOverMaxLineIsPrintedCutWithAWarningOnStderr(@TempDir Path dir) throws Exception {
            Path f = dir.resolve("app.log");
            Files.writeString(f, "0123456789abcdef\nok\n");
            start(f.toString(), "--from-start", "--max-line", "10");
            awaitOutput("0123456789\nok\n");
            stop();
            assertTrue(err().startsWith("weft follow: warning: " + f + ": line 1 is longer than the line limit of 10 "
                    + "bytes"), err());
        }

        /** Waits, woken by each write to standard output, until it is {@code expected}; at most 10 s. */
        void awaitOutput(String expected) throws InterruptedException {
            String want = expected.replace("\n", System.lineSeparator());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            synchronized (outBytes) {
                long left;
                while (!out().equals(want) && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(outBytes, left);
                }
            }
            if (!out().equals(want)) {
                fail("expected output " + want + " but got " + out());
            }
        }
    }
}
