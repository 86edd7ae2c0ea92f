package dev.weft.aio;

import java.util.concurrent.Callable;

/** Runs a test's main task on a fresh virtual-clock loop (shared by the primitive and combinator tests). */
final class VirtualLoops {
    private VirtualLoops() {
    }

    /** A test body that gets the loop. */
    @FunctionalInterface
    interface Body<T> {
        T run(EventLoop loop) throws Exception;
    }

    /** Runs {@code body} as the main task of a new virtual loop, closes the loop, returns the result. */
    static <T> T run(Body<T> body) {
        try (EventLoop loop = EventLoop.createVirtual()) {
            Callable<T> main = () -> body.run(loop);
            return loop.runUntilComplete(main);
        }
    }

    /** Lets every task that is ready run once: one {@code sleep(0)}. */
    static void yieldOnce() {
        Aio.sleep(0);
    }
}
