package dev.weft.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

/** Captures what an example prints, as lines. */
final class Capture {

    private Capture() {
    }

    /** Runs {@code demo} on a UTF-8 buffer and returns the lines it printed. */
    static List<String> lines(Tour.Demo demo) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buf, true, UTF_8)) {
            demo.run(out);
        }
        return buf.toString(UTF_8).lines().toList();
    }

    /** A stream that discards everything, for tests that only look at values. */
    static PrintStream sink() {
        return new PrintStream(PrintStream.nullOutputStream(), true, UTF_8);
    }
}
