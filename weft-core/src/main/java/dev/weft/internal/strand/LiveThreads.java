package dev.weft.internal.strand;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The count of weft's own virtual threads alive in this JVM: hand-off strand threads and the event
 * loop's task threads, from the moment their body starts until it ends. The leak check after every
 * test reads it through {@link Strand#liveThreads()}; every thread-backed runner counts here, so a
 * leak on any backend shows up.
 *
 * <p>Python: none; greenlet's test suite counts live greenlets the same way.
 */
public final class LiveThreads {
    private static final AtomicInteger LIVE = new AtomicInteger();

    private LiveThreads() {
    }

    /** Called by a weft thread's body as it starts. */
    public static void started() {
        LIVE.incrementAndGet();
    }

    /** Called by a weft thread's body as it ends (in a finally). */
    public static void ended() {
        LIVE.decrementAndGet();
    }

    static int count() {
        return LIVE.get();
    }
}
