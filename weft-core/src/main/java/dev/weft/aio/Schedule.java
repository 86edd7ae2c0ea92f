package dev.weft.aio;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * A loop's choices, made by a seeded random instead of arrival order, and optionally written to a
 * file or read back from one ({@link EventLoopBuilder#seed}, {@link EventLoopBuilder#record},
 * {@link EventLoopBuilder#replay}).
 *
 * <pre>
 *   SEEDED    -> SEEDED     // choose / tiebreak: the seeded random decides (and the file records)
 *   REPLAYING -> REPLAYING  // choose / tiebreak: the next recorded choice, checked against the program
 *   REPLAYING -> DIVERGED   // the program asked for a different choice than the recording holds:
 *                           // one IllegalStateException, then arrival order (no more choices)
 *   any       -> CLOSED     // the loop closed: the recording is flushed and closed
 * </pre>
 */
/* Implementation notes
 *
 * Two kinds of choice, the two places where weft's order is otherwise arbitrary-but-fixed:
 *   P bound k   the ready batch of one iteration holds `bound` task handles (starts, steps,
 *               wake-ups: Handle.task() != null); a Fisher-Yates shuffle of their slots asks for
 *               one k in [0, bound) per slot, bound = n, n-1, ..., 2. Plain callbacks keep their
 *               slots, so callSoon's first-in-first-out promise between callbacks holds; only
 *               which task goes first among tasks ready at the same moment changes (trio's
 *               scheduler randomizes the same thing: its batch of runnable tasks).
 *   T value     a new timer's tie-break: timers due at the same time run in the order of these
 *               random values instead of the order they were made (asyncio's heap gives no order
 *               among equal deadlines either).
 * The recording is a text file, one choice a line after a header (`weft-schedule 1`, `seed N`),
 * written as the loop goes (a BufferedWriter, so memory stays bounded however long the run) and
 * read back the same way. A replay checks each choice's kind and bound against the program: the
 * first mismatch is the first point where the program's schedule differs from the recorded one,
 * and is reported there, with the line number. Once diverged, a schedule makes no more choices
 * (arrival order), so the loop can still unwind and close.
 */
final class Schedule {
    private static final String MAGIC = "weft-schedule 1";

    final long seed;
    private final SplittableRandom random;
    private final Path file;
    private final BufferedWriter out;
    private final BufferedReader in;
    private long choices;
    private boolean diverged;
    /** The divergence not yet thrown by the loop. */
    private IllegalStateException divergence;
    private boolean closed;
    private boolean leftover;
    /** Whether close() reports recorded choices the run never asked for (EventLoopBuilder.run reports them itself). */
    boolean reportLeftovers = true;

    private Schedule(long seed, Path file, BufferedWriter out, BufferedReader in) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.file = file;
        this.out = out;
        this.in = in;
    }

    /** A seeded schedule; with {@code record} non-null, each choice is written there. */
    static Schedule seeded(long seed, Path record) {
        if (record == null) {
            return new Schedule(seed, null, null, null);
        }
        try {
            BufferedWriter w = Files.newBufferedWriter(record, StandardCharsets.UTF_8);
            w.write(MAGIC + "\nseed " + seed + "\n");
            return new Schedule(seed, record, w, null);
        } catch (IOException e) {
            throw new UncheckedIOException("weft: cannot write the schedule recording " + record, e);
        }
    }

    /** A schedule that makes the choices recorded in {@code file} again. */
    static Schedule replay(Path file) {
        try {
            BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            String magic = r.readLine();
            String seedLine = r.readLine();
            if (!MAGIC.equals(magic) || seedLine == null || !seedLine.startsWith("seed ")) {
                r.close();
                throw new IllegalArgumentException("weft: " + file + " is not a schedule recording (it should start "
                        + "with `" + MAGIC + "` and `seed N`); make one with EventLoop.builder().seed(n).record(file)");
            }
            return new Schedule(Long.parseLong(seedLine.substring(5).trim()), file, null, r);
        } catch (IOException e) {
            throw new UncheckedIOException("weft: cannot read the schedule recording " + file, e);
        }
    }

    boolean replaying() {
        return in != null;
    }

    /** Permutes the task handles among the {@code ready} batch's task slots; plain callbacks keep theirs. */
    void permuteTasks(ArrayDeque<Handle> ready) {
        int tasks = 0;
        for (Handle h : ready) {
            if (h.task() != null && ++tasks > 1) {
                break;
            }
        }
        if (tasks < 2 || diverged) {
            return;
        }
        Handle[] batch = ready.toArray(new Handle[0]);
        int[] slots = new int[batch.length];
        int n = 0;
        for (int i = 0; i < batch.length; i++) {
            if (batch[i].task() != null) {
                slots[n++] = i;
            }
        }
        for (int i = n - 1; i > 0 && !diverged; i--) {
            int j = choose(i + 1);
            Handle t = batch[slots[i]];
            batch[slots[i]] = batch[slots[j]];
            batch[slots[j]] = t;
        }
        ready.clear();
        for (Handle h : batch) {
            ready.add(h);
        }
    }

    /** A choice in [0, bound), bound >= 2. */
    int choose(int bound) {
        if (diverged) {
            return 0;
        }
        if (in != null) {
            String[] f = next("P", "a choice among " + bound + " ready tasks");
            if (f == null) {
                return 0;
            }
            int recorded = Integer.parseInt(f[1]);
            if (recorded != bound) {
                diverge("the recording has a choice among " + recorded + " ready tasks, but the program now has "
                        + bound + " ready at that point");
                return 0;
            }
            return Integer.parseInt(f[2]);
        }
        int k = random.nextInt(bound);
        write("P " + bound + " " + k);
        return k;
    }

    /** A tie-break for a new timer (timers due at the same time run in the order of these values). */
    long tiebreak(long arrival) {
        if (diverged) {
            return arrival;
        }
        if (in != null) {
            String[] f = next("T", "a new timer");
            return f == null ? arrival : Long.parseLong(f[1]);
        }
        long v = random.nextLong();
        write("T " + v);
        return v;
    }

    /** Throws the divergence noticed since the last call, once; the loop calls this between handles. */
    void throwIfDiverged() {
        IllegalStateException e = divergence;
        if (e != null) {
            divergence = null;
            throw e;
        }
    }

    /** Whether recorded choices were left unmade when the loop closed (a replay whose program ended early). */
    boolean leftover() {
        return leftover;
    }

    /** The message for a replay whose program ended before it made every recorded choice. */
    String leftoverMessage() {
        return "weft: the replay of " + file + " diverged: the program ended after " + choices + " choices, but the "
                + "recording holds more; " + FIX;
    }

    /** Flushes and closes the file; the loop closes. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (out != null) {
                out.close();
            }
            if (in != null) {
                leftover = !diverged && in.readLine() != null;
                in.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("weft: cannot finish the schedule recording " + file, e);
        }
    }

    private static final String FIX = "the program is not the one recorded, or its order depends on something "
            + "outside the loop (real time, other threads, I/O, an unseeded random). Replay the same code with the "
            + "same inputs on a virtual clock, or record the run again";

    private String[] next(String kind, String what) {
        String line;
        try {
            line = in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("weft: cannot read the schedule recording " + file, e);
        }
        choices++;
        if (line == null) {
            diverge("the recording ends after " + (choices - 1) + " choices, but the program asks for "
                    + what);
            return null;
        }
        String[] f = line.split(" ");
        if (!f[0].equals(kind)) {
            diverge("the recording has `" + line + "` (" + (f[0].equals("T") ? "a new timer" : "a choice among "
                    + "ready tasks") + "), but the program asks for " + what);
            return null;
        }
        return f;
    }

    /**
     * Notes the divergence; the loop throws it between handles (throwIfDiverged), not inside the
     * task whose Aio.sleep asked for the choice, where the body could catch it.
     */
    private void diverge(String why) {
        diverged = true;
        divergence = new IllegalStateException("weft: the replay of " + file + " diverged at choice " + choices + " (line "
                + (choices + 2) + "): " + why + "; " + FIX);
    }

    private void write(String line) {
        choices++;
        if (out == null) {
            return;
        }
        try {
            out.write(line);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("weft: cannot write the schedule recording " + file, e);
        }
    }

    @Override
    public String toString() {
        return "Schedule[seed=" + seed + ", " + (diverged ? "diverged" : in != null ? "replaying " + file
                : out != null ? "recording " + file : "seeded") + ", choices=" + choices + (closed ? ", closed" : "")
                + "]";
    }
}
