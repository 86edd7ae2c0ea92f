package dev.weft.internal.strand;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * weft's one backend policy: which JVM flags weft knows (the one place their strings live), which
 * backends they allow, the choice of each backend (once per JVM, forced with a
 * {@code -Dweft.backend.<kind>} property), and the one-time notice that names the flags a JVM is
 * missing. Two kinds are chosen here: {@code strand} (generators and greenlets) and {@code tasks}
 * (event-loop tasks).
 *
 * <p>Python: none; CPython has one way to switch frames.
 */
/* Implementation notes
 *
 * Each choice is made the first time it is needed (a holder class each), and a bad property fails
 * then, with a message naming the property, the allowed values and the fix. The notice is one for
 * the JVM: whichever choice comes first logs every fallback the flags imply, so a JVM started
 * without flags hears once what it gives up and which flags to add.
 *
 * The policy deals in option names (strings), not in the event loop's enum, so that the strand
 * package stays at the bottom of the layers; the event loop's public Backends class maps names to
 * its own types.
 *
 * The notice asks the module system about the flags; only the task choice itself loads
 * LoopScheduledThreads (whose initialiser prepares the JDK's pollers), so generator-only programs
 * never do.
 *
 * Old property names (weft.strand, weft.tasks) are still read when the new one is absent.
 */
public final class BackendPolicy {
    /** Prefix of the properties that force a backend: {@code weft.backend.strand}, {@code weft.backend.tasks}. */
    public static final String PREFIX = "weft.backend.";
    /** The property that forces the strand backend of generators and greenlets. */
    public static final String STRAND_PROPERTY = PREFIX + "strand";
    /** The property that forces the event-loop task backend. */
    public static final String TASKS_PROPERTY = PREFIX + "tasks";

    private static final System.Logger LOG = System.getLogger("dev.weft");

    private BackendPolicy() {
    }

    /** The target a flag must name for weft's module: {@code dev.weft} or {@code ALL-UNNAMED}. */
    public static String flagTarget() {
        Module m = BackendPolicy.class.getModule();
        return m.isNamed() ? m.getName() : "ALL-UNNAMED";
    }

    /** The exact flag that lets strands run on {@code jdk.internal.vm.Continuation}. */
    public static String exportsFlag() {
        return "--add-exports java.base/jdk.internal.vm=" + flagTarget();
    }

    /** The exact flag that lets event-loop tasks be loop-scheduled virtual threads. */
    public static String opensFlag() {
        return "--add-opens java.base/java.lang=" + flagTarget();
    }

    /** Whether this JVM exports {@code jdk.internal.vm} to weft. */
    static boolean continuationsAllowed() {
        return Object.class.getModule().isExported("jdk.internal.vm", BackendPolicy.class.getModule());
    }

    /** Whether this JVM opens {@code java.lang} to weft. */
    public static boolean loopThreadsAllowed() {
        return Object.class.getModule().isOpen("java.lang", BackendPolicy.class.getModule());
    }

    /** The strand backend of generators and greenlets, chosen once per JVM. */
    public static Backend strands() {
        return StrandChoice.CHOSEN;
    }

    /**
     * The task backend's name, chosen once per JVM: {@code "loop"} (loop-scheduled virtual threads)
     * or {@code "strand"}; {@link #tasksForced()} tells whether a property chose it.
     */
    public static String tasks() {
        return TaskChoice.CHOSEN;
    }

    /** Whether the task backend was forced by a property rather than chosen from the flags. */
    public static boolean tasksForced() {
        return TaskChoice.FORCED;
    }

    /**
     * The flags this JVM lacks, each with what it would buy; empty when weft runs at full speed.
     * For diagnostics and the notice.
     */
    public static List<String> missingFlags() {
        List<String> out = new ArrayList<>();
        if (!continuationsAllowed()) {
            out.add(exportsFlag() + " (generators and greenlets switch on continuations, about 100 ns, "
                    + "instead of handing off between virtual threads, microseconds)");
        }
        if (!loopThreadsAllowed()) {
            out.add(opensFlag() + " (a blocking JDK call inside an event-loop task parks only that task; "
                    + "without it such a call stalls the whole loop, as in asyncio)");
        }
        return out;
    }

    /** Fails, naming the flag, if this JVM does not allow {@code b}; for a backend the user forced. */
    static void requireAvailable(Backend b) {
        if (!b.isAvailable()) {
            throw new IllegalStateException("weft: the " + b.name().toLowerCase(Locale.ROOT)
                    + " strand backend was requested but this JVM does not allow it; add " + exportsFlag()
                    + " to the java command, or drop -D" + STRAND_PROPERTY
                    + " to let weft fall back to the portable hand-off backend");
        }
    }

    /** The value of a forcing property (new name, else the old one), trimmed and lower case; "" if unset. */
    static String forced(String property, String oldName) {
        String v = System.getProperty(property);
        if (v == null) {
            v = System.getProperty(oldName, "");
        }
        return v.trim().toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException unknown(String property, String value, String allowed) {
        return new IllegalArgumentException("weft: -D" + property + "=" + value + " is not a "
                + property.substring(PREFIX.length()) + " backend; use " + allowed);
    }

    private static boolean auto(String forced) {
        return forced.isEmpty() || forced.equals("auto");
    }

    private static final class StrandChoice {
        static final Backend CHOSEN;

        static {
            String s = forced(STRAND_PROPERTY, "weft.strand");
            CHOSEN = switch (s) {
                case "", "auto" -> continuationsAllowed() ? Backend.CONTINUATION : Backend.HANDOFF;
                case "continuation" -> {
                    requireAvailable(Backend.CONTINUATION);
                    yield Backend.CONTINUATION;
                }
                case "handoff" -> Backend.HANDOFF;
                default -> throw unknown(STRAND_PROPERTY, s, "continuation, handoff or auto");
            };
            noticeOnce();
        }
    }

    private static final class TaskChoice {
        static final String CHOSEN;
        static final boolean FORCED;

        static {
            String t = forced(TASKS_PROPERTY, "weft.tasks");
            FORCED = !auto(t);
            CHOSEN = switch (t) {
                case "", "auto" -> LoopScheduledThreads.isAvailable() ? "loop" : "strand";
                case "loop" -> {
                    if (!LoopScheduledThreads.isAvailable()) {
                        throw new IllegalStateException("weft: -D" + TASKS_PROPERTY + "=loop was given but this "
                                + "JVM does not open java.lang to weft; add " + opensFlag() + " to the java "
                                + "command, or drop -D" + TASKS_PROPERTY + " to fall back to strands");
                    }
                    yield "loop";
                }
                case "strand" -> "strand";
                default -> throw unknown(TASKS_PROPERTY, t, "loop, strand or auto");
            };
            noticeOnce();
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean NOTICED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * The one notice, logged by whichever choice is made first: every fallback weft makes by itself
     * (a forced choice is not a fallback), and the flags that avoid them.
     */
    private static void noticeOnce() {
        if (!NOTICED.compareAndSet(false, true)) {
            return;
        }
        List<String> lost = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        if (auto(forced(STRAND_PROPERTY, "weft.strand")) && !continuationsAllowed()) {
            lost.add("generators and greenlets use the portable hand-off backend (each switch costs "
                    + "microseconds instead of about 100 ns)");
            flags.add(exportsFlag());
        }
        if (auto(forced(TASKS_PROPERTY, "weft.tasks")) && !loopThreadsAllowed()) {
            lost.add("event-loop tasks run as strands driven by the loop: awaits switch tasks, but a blocking "
                    + "JDK call inside a task (Thread.sleep, a socket read, BlockingQueue.take) stalls the whole "
                    + "loop, as in asyncio");
            flags.add(opensFlag());
        }
        if (lost.isEmpty()) {
            LOG.log(Level.DEBUG, "weft: running with the fast backends the JVM's flags allow");
            return;
        }
        LOG.log(Level.INFO, "weft: this JVM does not give weft all of its flags, so " + String.join("; and ", lost)
                + ". Add " + String.join(" ", flags) + " to the java command for the fast backends (-D"
                + STRAND_PROPERTY + " and -D" + TASKS_PROPERTY + " force a choice).");
    }
}
