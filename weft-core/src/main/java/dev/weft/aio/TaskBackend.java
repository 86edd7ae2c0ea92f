package dev.weft.aio;

import dev.weft.internal.strand.Backend;
import dev.weft.internal.strand.LoopScheduledThreads;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * How an event loop runs its tasks. The JVM's flags decide which is available; the choice is made
 * once per JVM, logged once, and can be forced with {@code -Dweft.tasks=loop|strand}.
 *
 * <p>Both run every task of a loop one at a time, under the loop's control, with the same ordering;
 * they differ in what a blocking JDK call inside a task does.
 *
 * <p>Python: none; asyncio has one way (coroutines), where a blocking call stalls the loop.
 */
public enum TaskBackend {
    /**
     * Each task is a virtual thread whose scheduler is the loop: the loop thread runs it, and a
     * park of any kind ({@code Future.await}, {@code Thread.sleep}, a blocking socket read,
     * {@code BlockingQueue.take}, {@code Object.wait}) parks only that task while the loop runs the
     * others. Cancelling a task blocked in such a call interrupts it. Needs
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (or {@code =dev.weft} on the module path),
     * and the loop must run on a platform thread.
     */
    LOOP,
    /**
     * Each task is a {@code Strand} (continuation or hand-off backend) that the loop resumes.
     * Awaits and {@code Aio.sleep} switch tasks; a blocking JDK call stalls the whole loop until it
     * returns, as in asyncio. Needs no flag.
     */
    STRAND;

    /** The system property that forces a task backend: {@code loop}, {@code strand} or {@code auto}. */
    public static final String PROPERTY = "weft.tasks";

    private static final System.Logger LOG = System.getLogger("dev.weft.aio");

    /** Whether this JVM's flags allow the backend. */
    public boolean isAvailable() {
        return this == STRAND || LoopScheduledThreads.isAvailable();
    }

    /** The backend new event loops use, chosen once per JVM. */
    public static TaskBackend defaultBackend() {
        return Default.CHOSEN;
    }

    private static final class Default {
        static final TaskBackend CHOSEN = choose();

        private static TaskBackend choose() {
            String forced = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
            return switch (forced) {
                case "", "auto" -> {
                    if (LOOP.isAvailable()) {
                        LOG.log(Level.DEBUG, "weft: event-loop tasks are loop-scheduled virtual threads");
                        yield LOOP;
                    }
                    LOG.log(Level.INFO, "weft: java.lang is not open to weft, so event-loop tasks run as "
                            + "strands (" + Backend.defaultBackend().name().toLowerCase(Locale.ROOT)
                            + " backend) driven by the loop: awaits switch tasks, but a blocking JDK call inside "
                            + "a task (Thread.sleep, a socket read, BlockingQueue.take) stalls the whole loop, as "
                            + "in asyncio. Add " + LoopScheduledThreads.opensFlag() + " to the java command so "
                            + "that such calls park only their task and can be cancelled.");
                    yield STRAND;
                }
                case "loop" -> {
                    if (!LOOP.isAvailable()) {
                        throw new IllegalStateException("weft: -D" + PROPERTY + "=loop was given but this JVM "
                                + "does not open java.lang to weft; add " + LoopScheduledThreads.opensFlag()
                                + " to the java command, or drop -D" + PROPERTY + " to fall back to strands");
                    }
                    yield LOOP;
                }
                case "strand" -> STRAND;
                default -> throw new IllegalArgumentException("weft: -D" + PROPERTY + "=" + forced
                        + " is not a task backend; use loop, strand or auto");
            };
        }
    }
}
