package dev.weft.cli;

import dev.weft.aio.LoopSnapshot;
import dev.weft.aio.TaskSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The texts of {@code ./weft ps}, {@code pstree} and {@code top}, from inspector snapshots: a
 * table of tasks (sortable, filterable) and the awaited-by tree.
 */
final class TaskViews {
    private TaskViews() {
    }

    /** How {@code top} and {@code ps} order the tasks of each loop. */
    enum Sort {
        ID(Comparator.comparingLong(TaskSnapshot::id)),
        NAME(Comparator.comparing(TaskSnapshot::name).thenComparingLong(TaskSnapshot::id)),
        STATE(Comparator.comparingInt((TaskSnapshot t) -> stateRank(t.state())).thenComparingLong(TaskSnapshot::id)),
        TIME(Comparator.comparingDouble((TaskSnapshot t) -> Double.isNaN(t.stateSeconds()) ? -1 : t.stateSeconds())
                .reversed().thenComparingLong(TaskSnapshot::id));

        final Comparator<TaskSnapshot> order;

        Sort(Comparator<TaskSnapshot> order) {
            this.order = order;
        }

        Sort next() {
            return values()[(ordinal() + 1) % values().length];
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Running first: what needs a look comes first. */
    static int stateRank(String state) {
        return switch (state) {
            case "running" -> 0;
            case "blocked" -> 1;
            case "ready" -> 2;
            case "waiting" -> 3;
            case "created" -> 4;
            default -> 5;
        };
    }

    /** Whether a task passes the filter: part of its name, or its state (empty: every task). */
    static boolean matches(TaskSnapshot t, String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        String f = filter.strip().toLowerCase(Locale.ROOT);
        return t.name().toLowerCase(Locale.ROOT).contains(f) || t.state().equals(f);
    }

    /** The tasks of {@code loop} that pass the filter, in the given order. */
    static List<TaskSnapshot> rows(LoopSnapshot loop, Sort sort, String filter) {
        return loop.tasks().stream().filter(t -> matches(t, filter)).sorted(sort.order).toList();
    }

    static String seconds(double s) {
        if (Double.isNaN(s)) {
            return "-";
        }
        return s < 100 ? String.format(Locale.ROOT, "%.2fs", s) : String.format(Locale.ROOT, "%.0fs", s);
    }

    static String loopHeading(LoopSnapshot l) {
        StringBuilder sb = new StringBuilder(l.name()).append(" (").append(l.state());
        if (l.thread() != null) {
            sb.append(", thread ").append(l.thread());
        }
        sb.append(") time ").append(String.format(Locale.ROOT, "%.3f", l.time())).append(l.virtual() ? " virtual" : "");
        sb.append(", tasks ").append(l.tasks().size()).append(", ready ").append(l.readyCount())
                .append(", timers ").append(l.timerCount()).append(", selector keys ").append(l.selectorKeys())
                .append(", slow callbacks ").append(l.debug() ? String.valueOf(l.slowCallbacks()) : "n/a (debug off)");
        return sb.toString();
    }

    /** The names of the tasks with these ids (their loop's), "#id" for one not in the snapshot. */
    static String names(LoopSnapshot loop, List<Long> ids) {
        Map<Long, String> byId = new HashMap<>();
        loop.tasks().forEach(t -> byId.put(t.id(), t.name()));
        List<String> out = new ArrayList<>();
        for (Long id : ids) {
            out.add(byId.getOrDefault(id, "#" + id));
        }
        return String.join(", ", out);
    }

    /** What a task waits for, in words: the tasks it awaits, else the future's description. */
    static String awaits(LoopSnapshot loop, TaskSnapshot t) {
        if (!t.awaits().isEmpty()) {
            return names(loop, t.awaits());
        }
        return t.awaiting() == null ? "" : t.awaiting();
    }

    /**
     * The {@code ps} table: one line per task, under a heading per loop; {@code selected} (an id,
     * or -1) is marked with {@code >}. Lines are cut at {@code width} columns (0: never).
     */
    static List<String> table(List<LoopSnapshot> loops, Sort sort, String filter, long selected, int width) {
        List<String> out = new ArrayList<>();
        for (LoopSnapshot l : loops) {
            out.add(cut(loopHeading(l), width));
            List<TaskSnapshot> rows = rows(l, sort, filter);
            int nameWidth = Math.max(4, Math.min(30, rows.stream().mapToInt(t -> t.name().length()).max().orElse(4)));
            String fmt = "%s %5s  %-" + nameWidth + "s  %-8s %9s  %-30s  %s";
            out.add(cut(String.format(Locale.ROOT, fmt, " ", "ID", "NAME", "STATE", "IN STATE", "AWAITS", "AWAITED BY"), width));
            for (TaskSnapshot t : rows) {
                out.add(cut(String.format(Locale.ROOT, fmt, t.id() == selected ? ">" : " ", t.id(), clip(t.name(), nameWidth),
                        t.state(), seconds(t.stateSeconds()), clip(awaits(l, t), 30), names(l, t.awaitedBy())), width));
            }
            if (rows.isEmpty()) {
                out.add(l.state().equals("running") ? "  (no task" + (filter == null || filter.isBlank() ? "" : " matches '" + filter + "'") + ")"
                        : "  (not running: its tasks cannot be read until it runs)");
            }
        }
        if (loops.isEmpty()) {
            out.add("(no event loop registered: loops register when they are created or start to run)");
        }
        return out;
    }

    /**
     * The awaited-by tree, as {@code asyncio pstree} draws it: each task that nobody awaits is a
     * root, and under each task the tasks it awaits. A task awaited by two tasks appears under both.
     */
    static List<String> tree(List<LoopSnapshot> loops) {
        List<String> out = new ArrayList<>();
        for (LoopSnapshot l : loops) {
            out.add(loopHeading(l));
            Map<Long, TaskSnapshot> byId = new HashMap<>();
            l.tasks().forEach(t -> byId.put(t.id(), t));
            List<TaskSnapshot> roots = l.tasks().stream().filter(t -> t.awaitedBy().isEmpty()).toList();
            for (int i = 0; i < roots.size(); i++) {
                branch(out, byId, roots.get(i), "", i == roots.size() - 1, new HashSet<>());
            }
        }
        if (loops.isEmpty()) {
            out.add("(no event loop registered)");
        }
        return out;
    }

    private static void branch(List<String> out, Map<Long, TaskSnapshot> byId, TaskSnapshot t, String indent, boolean last,
            Set<Long> path) {
        out.add(indent + (last ? "└── " : "├── ") + "(T) " + t.name() + " [" + t.state() + " " + seconds(t.stateSeconds()) + "]");
        if (!path.add(t.id())) {
            return; // a cycle cannot happen (a task awaits one thing), but a tree must end
        }
        List<TaskSnapshot> children = t.awaits().stream().map(byId::get).filter(x -> x != null).toList();
        String childIndent = indent + (last ? "    " : "│   ");
        if (children.isEmpty() && t.awaiting() != null) {
            out.add(childIndent + "└── " + t.awaiting());
        }
        for (int i = 0; i < children.size(); i++) {
            branch(out, byId, children.get(i), childIndent, i == children.size() - 1, path);
        }
        path.remove(t.id());
    }

    static String cut(String line, int width) {
        return width > 0 && line.length() > width ? line.substring(0, width) : line;
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 3) + "...";
    }
}
