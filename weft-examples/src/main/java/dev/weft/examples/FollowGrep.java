package dev.weft.examples;

import dev.weft.pipe.Follow;
import dev.weft.pipe.Pipe;
import dev.weft.pipe.Sink;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The seed's pipeline {@code follow -> grep -> printer}: {@code tail -f} a file, keep the lines
 * that contain "python", print them.
 *
 * <p>Python: {@code follow(open('readme.txt'), grep('python', printer()))}. So that the demo ends,
 * it writes the file itself: a writer thread appends lines while the pipeline follows them, then
 * appends an end marker, and a small stage, {@link #untilLine}, ends the pipeline there: a sink
 * that returns stops its source.
 *
 * <p>Run: {@code ./weft example FollowGrep}; for a real {@code tail -f | grep}, {@code ./weft follow}.
 */
public final class FollowGrep {
    private FollowGrep() {
    }

    static final String END = "-- end of demo --";

    static final List<String> LINES = List.of(
            "python generators are lazy",
            "java has threads",
            "a coroutine consumes values: python's send()",
            "the follower waits at the end of the file",
            "grep passes on the lines about python");

    /** Follows a file that a writer thread is appending to, printing the lines about python. */
    public static void run(PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("weft-follow-grep");
        Path file = dir.resolve("readme.txt");
        Files.writeString(file, "readme.txt: python coroutine pipelines\n");
        try {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(file));
            out.println("Looking for python");
            Follow.file(file)
                    .fromStart(true) // the seed's thefile.seek(0, 0)
                    .pollInterval(Duration.ofMillis(20))
                    .into(untilLine(END, Pipe.grep("python", Pipe.printer(out))));
            writer.join();
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** Appends the demo lines, a little apart so the follower has to wait for them. */
    private static void write(Path file) {
        try {
            for (String line : LINES) {
                Thread.sleep(30); // pacing for the demo only; nothing waits on it
                Files.writeString(file, line + "\n", StandardOpenOption.APPEND);
            }
            Files.writeString(file, END + "\n", StandardOpenOption.APPEND);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("the demo's writer failed: " + e, e);
        }
    }

    /** A stage that passes lines on until {@code marker}, then ends, which stops the source. */
    static Sink<String> untilLine(String marker, Sink<String> target) {
        return Sink.coroutine("until " + marker, ctx -> {
            try {
                for (String line = ctx.yield(null); !line.equals(marker); line = ctx.yield(null)) {
                    target.send(line);
                }
                return null;
            } finally {
                target.close();
            }
        });
    }

    /** Runs the example. */
    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
