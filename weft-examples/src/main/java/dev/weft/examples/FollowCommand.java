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
 * {@code ./weft follow FILE [--grep TEXT] [--from-start]}: a real {@code tail -f | grep} built on
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
            usage: ./weft follow FILE [--grep TEXT] [--from-start]

            Print the lines appended to FILE as they arrive (tail -f), through a coroutine
            pipeline: follow -> grep -> printer. Keeps following when FILE is truncated or
            replaced (log rotation). Stop with Ctrl-C.

              --grep TEXT    print only the lines that contain TEXT (plain text, not a regex)
              --from-start   print the lines already in FILE first (default: only new ones)
              -h, --help     print this help
            """;

    /** The parsed command line. */
    record Options(Path file, String grep, boolean fromStart) {
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
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--from-start" -> fromStart = true;
                case "--grep" -> {
                    if (i + 1 >= args.length) {
                        throw new UsageError("--grep needs the TEXT to look for, as in --grep ERROR");
                    }
                    grep = args[++i];
                }
                default -> {
                    if (a.startsWith("--grep=")) {
                        grep = a.substring("--grep=".length());
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
        return new Options(file, grep, fromStart);
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
            Follow.file(o.file()).fromStart(o.fromStart()).into(pipeline);
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
