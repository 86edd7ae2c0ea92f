package dev.weft.aio;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Loops with a chosen task backend, for tests outside this package (dev.weft.aio.net) that must
 * run on every backend: {@code EventLoop.create(virtual, backend)} is package-private.
 */
public final class TestLoops {
    private TestLoops() {
    }

    /** The task backends this JVM can run. */
    public static List<TaskBackend> backends() {
        return Arrays.stream(TaskBackend.values()).filter(TaskBackend::isAvailable).toList();
    }

    /** Runs {@code main} on a new loop of {@code backend}; cancels leftovers and closes the loop. */
    public static <T> T run(TaskBackend backend, boolean virtual, Callable<T> main) {
        return EventLoop.run(main, virtual ? Clock.virtual() : Clock.real(), backend);
    }
}
