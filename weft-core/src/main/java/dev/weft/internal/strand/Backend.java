package dev.weft.internal.strand;

import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * The ways a {@link Strand} can run. The JVM's flags decide which are available; the choice is made
 * once, logged once, and can be forced with {@code -Dweft.strand=continuation|handoff}.
 *
 * <p>Python: none; CPython switches frames natively.
 */
public enum Backend {
    /**
     * A {@code jdk.internal.vm.Continuation} run on the resumer's own thread: the fastest switch
     * (about 100 ns a resume/suspend pair). Needs
     * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} (or {@code =dev.weft} on the
     * module path).
     */
    CONTINUATION,
    /**
     * A virtual thread and a strict park/unpark hand-off, so exactly one side runs: portable,
     * needs no flag, some microseconds a switch.
     */
    HANDOFF,
    /**
     * A virtual thread whose scheduler runs it on the resumer's own thread (see
     * {@link LoopScheduledStrand}): the backend event-loop tasks use, behind the strand API. Needs
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED}. Never chosen automatically: only
     * {@link Strand#create(Backend, Strand.Body)} with this constant makes one.
     */
    LOOP_SCHEDULED;

    /** The system property that forces a backend. */
    public static final String PROPERTY = "weft.strand";

    private static final System.Logger LOG = System.getLogger("dev.weft");

    /** The target a flag must name for weft's module: {@code dev.weft} or {@code ALL-UNNAMED}. */
    public static String flagTarget() {
        Module m = Backend.class.getModule();
        return m.isNamed() ? m.getName() : "ALL-UNNAMED";
    }

    /** The exact flag that makes {@link #CONTINUATION} available. */
    public static String continuationFlag() {
        return "--add-exports java.base/jdk.internal.vm=" + flagTarget();
    }

    /** Whether this JVM's flags allow the backend. */
    public boolean isAvailable() {
        return switch (this) {
            case CONTINUATION -> Object.class.getModule().isExported("jdk.internal.vm", Backend.class.getModule());
            case HANDOFF -> true;
            case LOOP_SCHEDULED -> LoopScheduledThreads.isAvailable();
        };
    }

    static void requireAvailable(Backend b) {
        if (!b.isAvailable()) {
            String flag = b == LOOP_SCHEDULED ? LoopScheduledThreads.opensFlag() : continuationFlag();
            throw new IllegalStateException("weft: the " + b.name().toLowerCase(Locale.ROOT)
                    + " strand backend was requested but this JVM does not allow it; add "
                    + flag + " to the java command, or drop -D" + PROPERTY
                    + " to let weft fall back to the portable hand-off backend");
        }
    }

    /** The backend generators and greenlets use, chosen once per JVM. */
    public static Backend defaultBackend() {
        return Default.CHOSEN;
    }

    private static final class Default {
        static final Backend CHOSEN = choose();

        private static Backend choose() {
            String forced = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
            Backend b;
            switch (forced) {
                case "", "auto" -> {
                    if (CONTINUATION.isAvailable()) {
                        b = CONTINUATION;
                        LOG.log(Level.DEBUG, "weft: strands use the continuation backend");
                    } else {
                        b = HANDOFF;
                        LOG.log(Level.INFO, "weft: jdk.internal.vm is not exported to weft, so generators and "
                                + "greenlets use the portable hand-off backend (each switch costs microseconds "
                                + "instead of about 100 ns). Add " + continuationFlag()
                                + " to the java command for the fast continuation backend.");
                    }
                }
                case "continuation" -> {
                    requireAvailable(CONTINUATION);
                    b = CONTINUATION;
                }
                case "handoff" -> b = HANDOFF;
                default -> throw new IllegalArgumentException("weft: -D" + PROPERTY + "=" + forced
                        + " is not a strand backend; use continuation, handoff or auto");
            }
            return b;
        }
    }
}
