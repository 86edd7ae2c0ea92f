package dev.weft.aio;

/** Runs a test's main task on a fresh virtual-clock loop (shared by the primitive and combinator tests). */
final class VirtualLoops {
    private VirtualLoops() {
    }

    /** A test body that gets the loop. */
    @FunctionalInterface
    interface Body<T> {
        T run(EventLoop loop) throws Exception;
    }

    /** Runs {@code body} as the main task of {@link EventLoop#runVirtual}, which closes the loop. */
    static <T> T run(Body<T> body) {
        return EventLoop.runVirtual(() -> body.run(EventLoop.current()));
    }

    /** Lets every task that is ready run once: one {@code sleep(0)}. */
    static void yieldOnce() {
        Aio.sleep(0);
    }
}
