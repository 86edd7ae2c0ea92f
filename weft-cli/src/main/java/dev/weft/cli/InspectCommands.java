package dev.weft.cli;

import dev.weft.aio.LoopSnapshot;
import dev.weft.inspect.InspectorClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./weft ps PID}, {@code ./weft pstree PID} and {@code ./weft top [PID|--list]}: attach to a
 * running weft program of the same user (one started with {@code -Dweft.inspect=on} or
 * {@code Inspector.start()}) through the file its inspector writes, and show its event loops'
 * tasks.
 *
 * <p>Exit status: 0 on success, 1 when the program cannot be reached, 2 on bad usage.
 */
@Command(name = "weft", subcommands = {InspectCommands.Ps.class, InspectCommands.Pstree.class, TopCommand.class},
        exitCodeOnInvalidInput = 2)
public final class InspectCommands {
    private InspectCommands() {
    }

    /** Runs {@code args} ({@code ps|pstree|top ...}) and returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err, InputStream in) {
        CommandLine cl = new CommandLine(new InspectCommands());
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        ((TopCommand) cl.getSubcommands().get("top").getCommand()).stdin = in;
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter w = ex.getCommandLine().getErr();
            String name = ex.getCommandLine().getCommandName();
            w.println("weft " + name + ": " + ex.getMessage());
            w.println("Try './weft " + name + " --help' for the options.");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("weft " + c.getCommandName() + ": " + ex.getMessage());
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl.execute(args);
    }

    /** {@code ./weft ps|pstree|top ...}. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.in));
    }

    /** The options every inspecting command shares: which directory holds the inspectors' files. */
    static final class Target {
        @Option(names = "--dir", paramLabel = "DIR",
                description = "where the programs' inspectors write their files (default: $XDG_RUNTIME_DIR/weft-inspect, "
                        + "else ~/.weft/inspect; a program started with -Dweft.inspect=DIR uses DIR)")
        Path dir;

        Path dir() {
            return dir != null ? dir : InspectorClient.defaultDirectory();
        }

        InspectorClient attach(long pid) throws IOException {
            return InspectorClient.attach(pid, dir());
        }

        /** The one program with an inspector, if PID was left out. */
        long only() throws IOException {
            List<InspectorClient.Target> all = InspectorClient.list(dir());
            if (all.size() == 1) {
                return all.getFirst().pid();
            }
            throw new IllegalArgumentException(all.isEmpty()
                    ? "no weft program with an inspector runs (looked in " + dir() + "); start one with -Dweft.inspect=on"
                    : "several programs have an inspector; name one: " + all.stream().map(t -> String.valueOf(t.pid())).toList()
                            + " (./weft top --list shows them)");
        }
    }

    /** The options that choose and order the rows: {@code --sort}, {@code --filter}. */
    static final class Rows {
        @Option(names = {"-s", "--sort"}, paramLabel = "KEY",
                description = "order: id, name, state or time (default: id for ps, state for top)")
        TaskViews.Sort sort;
        @Option(names = {"-f", "--filter"}, paramLabel = "TEXT", description = "only tasks whose name contains TEXT, or whose state is TEXT")
        String filter;

        TaskViews.Sort sort(TaskViews.Sort otherwise) {
            return sort != null ? sort : otherwise;
        }
    }

    /** A command that prints one snapshot of program PID. */
    abstract static class OneSnapshot implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target = new Target();
        @Parameters(index = "0", paramLabel = "PID", description = "the program's process id")
        long pid;

        abstract List<String> lines(List<LoopSnapshot> loops);

        @Override
        public Integer call() throws IOException {
            lines(target.attach(pid).snapshot()).forEach(spec.commandLine().getOut()::println);
            return 0;
        }
    }

    /** {@code ./weft ps PID}: one snapshot of the program's tasks, a line each. */
    @Command(name = "ps", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Prints one snapshot of the tasks of a running weft program (started with -Dweft.inspect=on "
                    + "or Inspector.start()): per event loop, each task's id, name, state, time in that state, what it "
                    + "awaits and which tasks await it."},
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:printed", "1:the program could not be reached", "2:bad usage, or no such program"})
    static final class Ps extends OneSnapshot {
        @Mixin
        Rows rows = new Rows();

        @Override
        List<String> lines(List<LoopSnapshot> loops) {
            return TaskViews.table(loops, rows.sort(TaskViews.Sort.ID), rows.filter, -1, 0);
        }
    }

    /** {@code ./weft pstree PID}: the awaited-by tree of the program's tasks. */
    @Command(name = "pstree", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {"Prints the awaited-by tree of a running weft program's tasks, per event loop: each task "
                    + "nobody awaits is a root, under each task the tasks it awaits (a gather's children, a task "
                    + "group's tasks), with its state and time in that state."},
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:printed", "1:the program could not be reached", "2:bad usage, or no such program"})
    static final class Pstree extends OneSnapshot {
        @Override
        List<String> lines(List<LoopSnapshot> loops) {
            return TaskViews.tree(loops);
        }
    }
}
