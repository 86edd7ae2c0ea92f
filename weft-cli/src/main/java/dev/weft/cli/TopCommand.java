package dev.weft.cli;

import dev.weft.aio.LoopSnapshot;
import dev.weft.aio.TaskSnapshot;
import dev.weft.inspect.InspectorClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./weft top [PID|--list]}: a live view of a running weft program's tasks. On a terminal it
 * redraws every second and takes keys (sort, filter, move, expand a task's stack); otherwise it
 * prints plain snapshots, like {@code top -b}.
 */
@Command(name = "top", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Shows the tasks of a running weft program (started with -Dweft.inspect=on or Inspector.start()), "
                + "live: per event loop, each task's state, time in that state, what it awaits and who awaits it.",
            "",
            "Keys on a terminal: s sort (id, name, state, time), / filter (Enter applies, Esc clears), "
                    + "j/k or arrows move, Enter or e expands the task's stack, space refreshes, q quits.",
            "When standard output is not a terminal (or with --plain), prints --iterations snapshots as plain text "
                    + "and ends."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:ended normally", "1:the program could not be reached", "2:bad usage, or no such program"},
        footer = {"", "Examples:", "  ./weft top --list", "  ./weft top 4242", "  ./weft top 4242 --plain -n 3 --sort time"})
final class TopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    InspectCommands.Target target = new InspectCommands.Target();
    @Parameters(index = "0", arity = "0..1", paramLabel = "PID",
            description = "the program's process id (may be left out when exactly one program has an inspector)")
    Long pid;
    @Option(names = "--list", description = "list the programs that have an inspector, and end")
    boolean list;
    @Mixin
    InspectCommands.Rows rows = new InspectCommands.Rows();
    private TaskViews.Sort sort;
    private String filter;
    @Option(names = {"-d", "--interval"}, paramLabel = "SECONDS", defaultValue = "1",
            description = "time between refreshes (default: ${DEFAULT-VALUE})")
    double interval;
    @Option(names = {"-n", "--iterations"}, paramLabel = "N",
            description = "end after N refreshes (default: 1 in plain mode, no limit on a terminal)")
    Integer iterations;
    @Option(names = "--plain", description = "plain text even on a terminal")
    boolean plain;

    InputStream stdin = System.in;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        sort = rows.sort(TaskViews.Sort.STATE);
        filter = rows.filter;
        if (!(interval > 0)) {
            throw new IllegalArgumentException("--interval must be a positive number of seconds, got " + interval);
        }
        if (iterations != null && iterations < 1) {
            throw new IllegalArgumentException("--iterations must be at least 1, got " + iterations);
        }
        if (list) {
            List<InspectorClient.Target> all = InspectorClient.list(target.dir());
            out.printf("%8s  %6s  %s%n", "PID", "PORT", "COMMAND");
            for (InspectorClient.Target t : all) {
                out.printf("%8d  %6d  %s%n", t.pid(), t.port(), t.command());
            }
            if (all.isEmpty()) {
                out.println("(none in " + target.dir() + "; start a program with -Dweft.inspect=on)");
            }
            return 0;
        }
        InspectorClient client = target.attach(pid != null ? pid : target.only());
        boolean terminal = !plain && System.console() != null && System.console().isTerminal();
        if (!terminal) {
            int n = iterations != null ? iterations : 1;
            for (int i = 1; i <= n; i++) {
                out.println("weft top: pid " + client.target().pid() + " at " + now() + ", sorted by " + sort.label()
                        + (filter != null ? ", filter '" + filter + "'" : ""));
                TaskViews.table(client.snapshot(), sort, filter, -1, 0).forEach(out::println);
                out.flush();
                if (i < n) {
                    out.println();
                    Thread.sleep((long) (interval * 1000));
                }
            }
            return 0;
        }
        return new Live(client, out).run();
    }

    private static String now() {
        return LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"));
    }

    /** The interactive view: raw keys from the terminal, a full redraw per refresh. */
    private final class Live {
        private final InspectorClient client;
        private final PrintWriter out;
        private final BlockingQueue<Integer> keys = new LinkedBlockingQueue<>();
        private long selected = -1;
        private boolean expanded;
        private StringBuilder editing; // non-null while the filter is being typed
        private String error;

        Live(InspectorClient client, PrintWriter out) {
            this.client = client;
            this.out = out;
        }

        int run() throws Exception {
            String saved = stty("-g").strip();
            Thread restore = new Thread(() -> leave(saved), "weft-top-restore");
            Runtime.getRuntime().addShutdownHook(restore);
            stty("-icanon", "-echo", "min", "1");
            out.print("\033[?1049h\033[?25l");
            Thread reader = Thread.ofPlatform().daemon().name("weft-top-keys").start(this::readKeys);
            try {
                int n = 0;
                while (iterations == null || n++ < iterations) {
                    draw();
                    Integer k = keys.poll((long) (interval * 1000), TimeUnit.MILLISECONDS);
                    while (k != null) {
                        if (!key(k)) {
                            return 0;
                        }
                        k = keys.poll();
                    }
                }
                return 0;
            } finally {
                reader.interrupt();
                leave(saved);
                Runtime.getRuntime().removeShutdownHook(restore);
            }
        }

        private void leave(String saved) {
            out.print("\033[?25h\033[?1049l");
            out.flush();
            try {
                stty(saved);
            } catch (IOException | InterruptedException e) {
                System.err.println("weft top: could not restore the terminal (" + e.getMessage() + "); run: stty sane");
            }
        }

        private void readKeys() {
            try {
                int c;
                while ((c = stdin.read()) >= 0) {
                    keys.add(c);
                }
            } catch (IOException e) {
                keys.add((int) 'q');
            }
        }

        /** Handles one key; false to quit. */
        private boolean key(int k) throws InterruptedException {
            if (editing != null) {
                if (k == '\n' || k == '\r') {
                    filter = editing.toString();
                    editing = null;
                } else if (k == 27) {
                    filter = null;
                    editing = null;
                } else if (k == 127 || k == 8) {
                    if (!editing.isEmpty()) {
                        editing.setLength(editing.length() - 1);
                    }
                } else if (k >= 32) {
                    editing.append((char) k);
                }
                return true;
            }
            switch (k) {
                case 'q', 'Q', 3 -> {
                    return false;
                }
                case 's' -> sort = sort.next();
                case '/' -> editing = new StringBuilder();
                case 'j' -> move(1);
                case 'k' -> move(-1);
                case '\n', '\r', 'e' -> expanded = !expanded;
                case 27 -> { // an arrow: ESC [ A / ESC [ B
                    Integer b = keys.poll(50, TimeUnit.MILLISECONDS);
                    Integer c = b != null && b == '[' ? keys.poll(50, TimeUnit.MILLISECONDS) : null;
                    if (c != null && c == 'A') {
                        move(-1);
                    } else if (c != null && c == 'B') {
                        move(1);
                    }
                }
                default -> {
                    // space and others: refresh
                }
            }
            return true;
        }

        private List<LoopSnapshot> last = List.of();

        private List<TaskSnapshot> flat() {
            List<TaskSnapshot> all = new ArrayList<>();
            for (LoopSnapshot l : last) {
                all.addAll(TaskViews.rows(l, sort, filter));
            }
            return all;
        }

        private void move(int by) {
            List<TaskSnapshot> all = flat();
            if (all.isEmpty()) {
                return;
            }
            int i = 0;
            while (i < all.size() && all.get(i).id() != selected) {
                i++;
            }
            i = i == all.size() ? 0 : Math.floorMod(i + by, all.size());
            selected = all.get(i).id();
        }

        private void draw() throws InterruptedException {
            int rows = 24;
            int cols = 80;
            try {
                String[] size = stty("size").strip().split(" ");
                rows = Integer.parseInt(size[0]);
                cols = Integer.parseInt(size[1]);
            } catch (IOException | RuntimeException e) {
                // keep 24x80
            }
            try {
                last = client.snapshot();
                error = null;
            } catch (IOException e) {
                error = e.getMessage();
            }
            List<TaskSnapshot> all = flat();
            if (all.stream().noneMatch(t -> t.id() == selected)) {
                selected = all.isEmpty() ? -1 : all.getFirst().id();
            }
            List<String> lines = new ArrayList<>();
            lines.add("weft top: pid " + client.target().pid() + "  " + now() + "  sort " + sort.label()
                    + (editing != null ? "  filter: " + editing + "_" : filter != null ? "  filter '" + filter + "'" : "")
                    + "   [s]ort [/]filter [j/k]move [e]xpand [q]uit");
            if (error != null) {
                lines.add("! " + error);
            }
            List<String> table = TaskViews.table(last, sort, filter, selected, cols);
            List<String> stack = expanded && selected >= 0 ? stackLines() : List.of();
            int room = Math.max(3, rows - 1 - lines.size() - stack.size());
            lines.addAll(table.subList(0, Math.min(room, table.size())));
            lines.addAll(stack);
            StringBuilder sb = new StringBuilder("\033[H\033[2J");
            for (String l : lines.subList(0, Math.min(rows - 1, lines.size()))) {
                String cut = TaskViews.cut(l, cols);
                sb.append(cut.startsWith(">") ? "\033[7m" + cut + "\033[0m" : cut).append("\r\n");
            }
            out.print(sb);
            out.flush();
        }

        private List<String> stackLines() {
            List<String> out = new ArrayList<>();
            for (LoopSnapshot l : last) {
                for (TaskSnapshot t : l.tasks()) {
                    if (t.id() == selected) {
                        out.add("stack of " + t.name() + " (" + l.name() + "):");
                        try {
                            List<StackTraceElement> frames = client.stack(l.id(), t.id());
                            frames.forEach(f -> out.add("    at " + f));
                            if (frames.isEmpty()) {
                                out.add("    (none: the task is running or has not started)");
                            }
                        } catch (IOException e) {
                            out.add("    " + e.getMessage());
                        }
                        return out;
                    }
                }
            }
            return out;
        }
    }

    /** Runs stty on the controlling terminal and returns what it prints. */
    private static String stty(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("stty"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(new java.io.File("/dev/tty"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("stty " + String.join(" ", args) + " failed with status " + p.exitValue());
        }
        return text;
    }
}
