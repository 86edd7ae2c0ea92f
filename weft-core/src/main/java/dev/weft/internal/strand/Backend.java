package dev.weft.internal.strand;

/**
 * The ways a {@link Strand} can run. The JVM's flags decide which are available; the choice is made
 * once per JVM by {@link BackendPolicy} and can be forced with
 * {@code -Dweft.backend.strand=continuation|handoff}.
 *
 * <p>Python: none; CPython switches frames natively.
 */
public enum Backend {
    /**
     * A {@code jdk.internal.vm.Continuation} run on the resumer's own thread: the fastest switch
     * (about 100 ns a resume/suspend pair). Needs {@link BackendPolicy#exportsFlag()}.
     */
    CONTINUATION,
    /**
     * A virtual thread and a strict park/unpark hand-off, so exactly one side runs: portable,
     * needs no flag, some microseconds a switch.
     */
    HANDOFF;

    /** Whether this JVM's flags allow the backend. */
    public boolean isAvailable() {
        return this == HANDOFF || BackendPolicy.continuationsAllowed();
    }

    /** The backend generators and greenlets use, chosen once per JVM. */
    public static Backend defaultBackend() {
        return BackendPolicy.strands();
    }
}
