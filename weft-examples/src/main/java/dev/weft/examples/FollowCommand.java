package dev.weft.examples;

import dev.weft.pipe.Follow;
import dev.weft.pipe.Pipe;
import dev.weft.pipe.Sink;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./weft follow FILE [--grep TEXT] [--from-start] [--max-line N] [--skip-long-lines]}: a
 * real {@code tail -f | grep} built on
 * a coroutine pipeline, {@code follow -> grep -> printer}. It keeps following across log rotation
 * and truncation, and runs until interrupted (Ctrl-C).
 *
 * <p>Exit codes: 0 after {@code --help}; 1 if the file cannot be read while following; 2 for bad
 * arguments or a missing file.
 */
public final class FollowCommand {
    private FollowCommand() {
    }

    static final String USAGE = """
            usage: ./weft follow FILE [--grep TEXT] [--from-start] [--max-line N] [--skip-long-lines]

            Print the lines appended to FILE as they arrive (tail -f), through a coroutine
            pipeline: follow -> grep -> printer. Keeps following when FILE is truncated or
            replaced (log rotation). Stop with Ctrl-C.

              --grep TEXT        print only the lines that contain TEXT (plain text, not a regex)
              --from-start       print the lines already in FILE first (default: only new ones)
              --max-line N       hold at most N bytes of a line (default 1M); suffixes K and M
                                 mean KiB and MiB. A longer line is printed cut to N bytes, with
                                 a warning on stderr; memory stays bounded whatever FILE holds
              --skip-long-lines  drop a line longer than --max-line instead of cutting it
              -h, --help         print this help
            """;

    /** The parsed command line. */
    record Options(Path file, String grep, boolean fromStart, int maxLine, boolean skipLongLines) {
        Options(Path file, String grep, boolean fromStart) {
            this(file, grep, fromStart, Follow.DEFAULT_MAX_LINE_BYTES, false);
        }
    }

    /** A command-line mistake, reported with exit code 2. */
    static final class UsageError extends Exception {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    /** Parses {@code args}; null means help was asked for. */
    static Options parse(String[] args) throws UsageError {
        List<String> files = new ArrayList<>();
        String grep = null;
        boolean fromStart = false;
        int maxLine = Follow.DEFAULT_MAX_LINE_BYTES;
        boolean skipLongLines = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--from-start" -> fromStart = true;
                case "--skip-long-lines" -> skipLongLines = true;
                case "--max-line" -> {
                    if (i + 1 >= args.length) {
                        throw new UsageError("--max-line needs a size in bytes, as in --max-line 4M");
                    }
                    maxLine = size(args[++i]);
                }
                case "--grep" -> {
                    if (i + 1 >= args.length) {
                        throw new UsageError("--grep needs the TEXT to look for, as in --grep ERROR");
                    }
                    grep = args[++i];
                }
                default -> {
                    if (a.startsWith("--grep=")) {
                        grep = a.substring("--grep=".length());
                    } else if (a.startsWith("--max-line=")) {
                        maxLine = size(a.substring("--max-line=".length()));
                    } else if (a.startsWith("-") && !a.equals("-")) {
                        throw new UsageError("unknown option '" + a + "'");
                    } else {
                        files.add(a);
                    }
                }
            }
        }
        if (files.isEmpty()) {
            throw new UsageError("no FILE given: say which file to follow");
        }
        if (files.size() > 1) {
            throw new UsageError("one FILE at a time, but got " + files.size() + ": " + String.join(", ", files));
        }
        Path file = Path.of(files.get(0));
        if (!Files.exists(file)) {
            throw new UsageError("no such file: " + file + " (follow waits for new lines in an existing file; "
                    + "create it first, e.g. touch " + file + ")");
        }
        if (Files.isDirectory(file)) {
            throw new UsageError(file + " is a directory; follow a file inside it");
        }
        return new Options(file, grep, fromStart, maxLine, skipLongLines);
    }

    /** A {@code --max-line} size: bytes, or KiB / MiB with a K or M suffix. */
    static int size(String text) throws UsageError {
        String t = text.strip();
        long unit = 1;
        if (t.endsWith("K") || t.endsWith("k")) {
            unit = 1 << 10;
        } else if (t.endsWith("M") || t.endsWith("m")) {
            unit = 1 << 20;
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        long n;
        try {
            n = Long.parseLong(digits) * unit;
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n <= 0 || n > Integer.MAX_VALUE - 8) {
            throw new UsageError("--max-line must be a positive size up to 2047M, as in --max-line 65536 or "
                    + "--max-line 4M, not '" + text + "'");
        }
        return (int) n;
    }

    /**
     * Runs the command with {@code args}, printing lines to {@code out} and problems to
     * {@code err}; follows until the thread is interrupted, then returns the exit code.
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = parse(args);
        } catch (UsageError e) {
            err.println("weft follow: " + e.getMessage());
            err.println("run ./weft follow --help for usage");
            return 2;
        }
        if (o == null) {
            out.print(USAGE);
            return 0;
        }
        Sink<String> printer = Pipe.printer(out);
        Sink<String> pipeline = o.grep() == null ? printer : Pipe.grep(o.grep(), printer);
        try {
            Follow.file(o.file()).fromStart(o.fromStart()).maxLineBytes(o.maxLine())
                    .longLines(o.skipLongLines() ? Follow.LongLines.SKIP : Follow.LongLines.TRUNCATE)
                    .warnings(w -> err.println("weft follow: warning: " + w))
                    .into(pipeline);
            return 0;
        } catch (IOException e) {
            err.println("weft follow: cannot read " + o.file() + ": " + e);
            return 1;
        }
    }

    /** The {@code ./weft follow} entry point. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, System.out.charset());
        int code = run(args, out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }
}
