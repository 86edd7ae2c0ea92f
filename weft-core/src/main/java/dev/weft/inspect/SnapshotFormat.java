package dev.weft.inspect;

import dev.weft.aio.LoopSnapshot;
import dev.weft.aio.TaskSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inspector's JSON format, version 1 (docs/inspector-json.md): snapshots to maps for
 * {@link Json#write}, and the parsed maps back to snapshots for {@link InspectorClient}.
 */
final class SnapshotFormat {
    /** The value of every document's {@code format} field. */
    static final String FORMAT = "weft-inspect/1";

    private SnapshotFormat() {
    }

    static Map<String, Object> document(long pid, List<LoopSnapshot> loops) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("pid", pid);
        List<Object> ls = new ArrayList<>();
        for (LoopSnapshot l : loops) {
            ls.add(loop(l));
        }
        m.put("loops", ls);
        return m;
    }

    static Map<String, Object> loop(LoopSnapshot l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("name", l.name());
        m.put("state", l.state());
        m.put("thread", l.thread());
        m.put("virtual", l.virtual());
        m.put("time", l.time());
        m.put("backend", l.backend());
        m.put("debug", l.debug());
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("tasks", l.tasks().size());
        stats.put("ready", l.readyCount());
        stats.put("timers", l.timerCount());
        stats.put("selectorKeys", l.selectorKeys());
        stats.put("handlesRun", l.handlesRun());
        stats.put("slowCallbacks", l.slowCallbacks());
        m.put("stats", stats);
        List<Object> ts = new ArrayList<>();
        for (TaskSnapshot t : l.tasks()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("id", t.id());
            tm.put("name", t.name());
            tm.put("state", t.state());
            tm.put("stateSeconds", t.stateSeconds());
            tm.put("awaiting", t.awaiting());
            tm.put("awaits", t.awaits());
            tm.put("awaitedBy", t.awaitedBy());
            tm.put("cancelling", t.cancelling());
            tm.put("creationSite", frames(t.creationSite()));
            ts.add(tm);
        }
        m.put("tasks", ts);
        return m;
    }

    static List<Object> frames(List<StackTraceElement> frames) {
        List<Object> out = new ArrayList<>(frames.size());
        for (StackTraceElement e : frames) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("class", e.getClassName());
            f.put("method", e.getMethodName());
            f.put("file", e.getFileName());
            f.put("line", e.getLineNumber());
            f.put("text", e.toString());
            out.add(f);
        }
        return out;
    }

    // ---- reading ----------------------------------------------------------------------------

    static List<LoopSnapshot> loops(Map<String, Object> doc) {
        if (!FORMAT.equals(doc.get("format"))) {
            throw new IllegalArgumentException("not a weft inspector document: format is " + doc.get("format")
                    + ", expected " + FORMAT + " (is the program a different weft version?)");
        }
        List<LoopSnapshot> out = new ArrayList<>();
        for (Object o : list(doc.get("loops"))) {
            Map<String, Object> l = map(o);
            Map<String, Object> stats = map(l.get("stats"));
            List<TaskSnapshot> tasks = new ArrayList<>();
            for (Object x : list(l.get("tasks"))) {
                Map<String, Object> t = map(x);
                tasks.add(new TaskSnapshot(num(t.get("id")).longValue(), (String) t.get("name"), (String) t.get("state"),
                        t.get("stateSeconds") == null ? Double.NaN : num(t.get("stateSeconds")).doubleValue(),
                        (String) t.get("awaiting"), ids(t.get("awaits")), ids(t.get("awaitedBy")),
                        num(t.get("cancelling")).intValue(), stack(t.get("creationSite"))));
            }
            out.add(new LoopSnapshot(num(l.get("id")).intValue(), (String) l.get("state"), (String) l.get("thread"),
                    Boolean.TRUE.equals(l.get("virtual")), num(l.get("time")).doubleValue(), (String) l.get("backend"),
                    Boolean.TRUE.equals(l.get("debug")), num(stats.get("ready")).intValue(),
                    num(stats.get("timers")).intValue(), num(stats.get("selectorKeys")).intValue(),
                    num(stats.get("handlesRun")).longValue(), num(stats.get("slowCallbacks")).longValue(), tasks));
        }
        return out;
    }

    static List<StackTraceElement> stack(Object frames) {
        List<StackTraceElement> out = new ArrayList<>();
        for (Object o : list(frames)) {
            Map<String, Object> f = map(o);
            out.add(new StackTraceElement((String) f.get("class"), (String) f.get("method"), (String) f.get("file"),
                    num(f.get("line")).intValue()));
        }
        return out;
    }

    private static List<Long> ids(Object o) {
        List<Long> out = new ArrayList<>();
        for (Object x : list(o)) {
            out.add(num(x).longValue());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException("not the inspector's JSON: expected an object, got " + o);
    }

    static List<?> list(Object o) {
        if (o instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException("not the inspector's JSON: expected an array, got " + o);
    }

    private static Number num(Object o) {
        if (o instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("not the inspector's JSON: expected a number, got " + o);
    }
}
