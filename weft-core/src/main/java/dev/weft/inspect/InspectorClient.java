package dev.weft.inspect;

import dev.weft.aio.LoopSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Attaches to the {@link Inspector} of another weft program of the same user, found through the
 * file it writes, and reads its snapshots and task stacks: what {@code ./weft ps}, {@code pstree}
 * and {@code top} are built on.
 *
 * {@snippet :
 * InspectorClient client = InspectorClient.attach(pid, InspectorClient.defaultDirectory());
 * for (LoopSnapshot loop : client.snapshot()) {
 *     System.out.println(loop.name() + ": " + loop.tasks().size() + " tasks");
 * }
 * }
 *
 * <p>Python: the reading side of {@code python -m asyncio ps PID}.
 */
public final class InspectorClient {
    private final Target target;

    /**
     * A program whose inspector file was found.
     *
     * @param pid the program's process id
     * @param port its inspector's port on 127.0.0.1
     * @param token its inspector's token
     * @param command the program's command line, as the JVM saw it (may be empty)
     * @param file the file it was read from
     */
    public record Target(long pid, int port, String token, String command, Path file) {
        @Override
        public String toString() {
            return "Target[pid=" + pid + ", port=" + port + ", file=" + file + "]"; // never the token
        }
    }

    private InspectorClient(Target target) {
        this.target = target;
    }

    /** Where inspectors write their files unless told otherwise ({@code $XDG_RUNTIME_DIR/weft-inspect}, else {@code ~/.weft/inspect}). */
    public static Path defaultDirectory() {
        return RuntimeFiles.defaultDir();
    }

    /**
     * The programs with an inspector whose files are in {@code dir} and whose process is alive, by
     * pid; files left by programs that died are skipped.
     *
     * @throws IOException if {@code dir} cannot be read
     */
    public static List<Target> list(Path dir) throws IOException {
        List<Target> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                Target t = read(f);
                if (t != null && ProcessHandle.of(t.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                    out.add(t);
                }
            }
        }
        out.sort(Comparator.comparingLong(Target::pid));
        return out;
    }

    /**
     * Attaches to the inspector of process {@code pid}, whose file is in {@code dir}.
     *
     * @throws IllegalArgumentException if there is none; the message lists the programs that have one
     * @throws IOException if {@code dir} cannot be read
     */
    public static InspectorClient attach(long pid, Path dir) throws IOException {
        Path f = dir.resolve(pid + ".json");
        Target t = Files.exists(f) ? read(f) : null;
        if (t == null || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            List<Target> live = list(dir);
            throw new IllegalArgumentException("no weft inspector for process " + pid + " in " + dir
                    + (t != null ? " (its file is left from a program that ended)" : "") + "; "
                    + (live.isEmpty() ? "no program has one: start yours with -Dweft.inspect=on or Inspector.start()"
                            : "programs with one: " + live.stream().map(x -> String.valueOf(x.pid())).toList()));
        }
        return new InspectorClient(t);
    }

    /** The program this client reads. */
    public Target target() {
        return target;
    }

    /**
     * One snapshot of every loop of the program.
     *
     * @throws IOException if the program does not answer, or answers with an error
     */
    public List<LoopSnapshot> snapshot() throws IOException {
        return SnapshotFormat.loops(SnapshotFormat.map(get("/api/v1/snapshot")));
    }

    /**
     * The stack of task {@code taskId} of loop {@code loopId} (ids from a snapshot), innermost first.
     *
     * @throws IOException if the task has ended (the message says so) or the program does not answer
     */
    public List<StackTraceElement> stack(int loopId, long taskId) throws IOException {
        return SnapshotFormat.stack(SnapshotFormat.map(get("/api/v1/loops/" + loopId + "/tasks/" + taskId + "/stack")).get("frames"));
    }

    private Object get(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + target.port() + path).toURL().openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        c.setRequestProperty("Authorization", "Bearer " + target.token());
        try {
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (status != 200) {
                String why = body;
                if (body.startsWith("{")) {
                    why = Objects.toString(SnapshotFormat.map(Json.parse(body)).get("error"));
                }
                throw new IOException("process " + target.pid() + "'s inspector answered " + status + ": " + why.strip());
            }
            return Json.parse(body);
        } catch (java.net.ConnectException e) {
            throw new IOException("process " + target.pid() + "'s inspector does not answer on port " + target.port()
                    + " (" + e.getMessage() + "): it may have just ended", e);
        } finally {
            c.disconnect();
        }
    }

    private static Target read(Path f) throws IOException {
        String text;
        try {
            text = Files.readString(f);
        } catch (NoSuchFileException gone) {
            return null;
        }
        Map<String, Object> m;
        try {
            m = SnapshotFormat.map(Json.parse(text));
        } catch (IllegalArgumentException notOurs) {
            return null;
        }
        if (!(m.get("pid") instanceof Number pid) || !(m.get("port") instanceof Number port)
                || !(m.get("token") instanceof String token)) {
            return null;
        }
        return new Target(pid.longValue(), port.intValue(), token, Objects.toString(m.get("command"), ""), f);
    }
}
