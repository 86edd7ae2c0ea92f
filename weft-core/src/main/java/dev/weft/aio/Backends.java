package dev.weft.aio;

import dev.weft.internal.strand.Backend;
import dev.weft.internal.strand.BackendPolicy;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How weft runs in this JVM, in one place: the strand backend of generators and greenlets, the task
 * backend of event loops, and the JVM flags that are missing. Both choices are made once per JVM
 * from the flags, with one notice (logger {@code dev.weft}) when weft falls back, and can be forced:
 * {@code -Dweft.backend.strand=continuation|handoff|auto} and
 * {@code -Dweft.backend.tasks=loop|strand|auto} (the older names {@code -Dweft.strand} and
 * {@code -Dweft.tasks} still work).
 *
 * {@snippet :
 * System.out.println(Backends.describe());
 * // weft backends: strands=continuation, tasks=loop; no JVM flag missing
 * }
 *
 * <p>Python: none; CPython has one way to run a coroutine.
 */
public final class Backends {
    private static final System.Logger LOG = System.getLogger("dev.weft");
    private static final AtomicBoolean TOLD_VIRTUAL = new AtomicBoolean();

    private Backends() {
    }

    /**
     * The strand backend generators and greenlets use: {@code "continuation"} (about 100 ns a
     * switch, on the caller's thread) or {@code "handoff"} (portable; a virtual thread per
     * generator, microseconds a switch).
     */
    public static String strands() {
        return BackendPolicy.strands().name().toLowerCase(Locale.ROOT);
    }

    /**
     * The task backend new event loops use when created on a platform thread. A loop created on a
     * virtual thread uses {@link TaskBackend#STRAND} (see {@link EventLoop#taskBackend()}).
     */
    public static TaskBackend tasks() {
        return BackendPolicy.tasks().equals("loop") ? TaskBackend.LOOP : TaskBackend.STRAND;
    }

    /**
     * The JVM flags this JVM lacks, each followed by what it would buy; empty when weft runs with
     * both of its flags.
     */
    public static List<String> missingFlags() {
        return BackendPolicy.missingFlags();
    }

    /** One line for logs and bug reports: both backends and the missing flags, if any. */
    public static String describe() {
        List<String> missing = missingFlags();
        return "weft backends: strands=" + strands() + ", tasks=" + tasks().name().toLowerCase(Locale.ROOT)
                + (missing.isEmpty() ? "; no JVM flag missing" : "; missing: " + String.join("; ", missing));
    }

    /**
     * The task backend of a loop created on {@code creator}: the JVM's choice, except that a loop
     * created on a virtual thread runs its tasks on strands (a loop-scheduled task is a virtual
     * thread the loop thread mounts, and the JDK cannot mount a virtual thread on a virtual thread),
     * said once per JVM. Forcing the loop backend there is an error that names both ways out.
     */
    static TaskBackend forLoopOn(Thread creator) {
        TaskBackend b = tasks();
        if (b != TaskBackend.LOOP || !creator.isVirtual()) {
            return b;
        }
        if (BackendPolicy.tasksForced()) {
            throw new IllegalStateException("weft: -D" + BackendPolicy.TASKS_PROPERTY + "=loop forces loop-scheduled "
                    + "tasks, which need the loop to run on a platform thread, but this loop is created on "
                    + creator + "; create and run it on a platform thread (Thread.ofPlatform()), or drop the property "
                    + "so that loops on virtual threads run their tasks on strands");
        }
        if (TOLD_VIRTUAL.compareAndSet(false, true)) {
            LOG.log(Level.INFO, "weft: an event loop was created on a virtual thread (" + creator + "), so its tasks "
                    + "run as " + Backend.defaultBackend().name().toLowerCase(Locale.ROOT) + " strands: awaits switch "
                    + "tasks, but a blocking JDK call inside a task stalls that loop, as in asyncio. Loops on "
                    + "platform threads keep loop-scheduled tasks. (Said once per JVM.)");
        }
        return TaskBackend.STRAND;
    }
}
