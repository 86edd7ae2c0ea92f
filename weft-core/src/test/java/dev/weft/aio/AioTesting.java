package dev.weft.aio;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Helpers for aio tests: loops on the virtual clock, and collecting exception-handler reports. */
final class AioTesting {
    private AioTesting() {
    }

    /** Runs main on a new virtual-clock loop of the given backend, then cancels leftovers and closes it. */
    static <T> T runVirtual(TaskBackend backend, Callable<T> main) {
        return TestLoops.run(backend, true, main);
    }

    /** Runs main on a new virtual-clock loop with the JVM's task backend. */
    static <T> T runVirtual(Callable<T> main) {
        return runVirtual(Backends.tasks(), main);
    }

    static EventLoop loop() {
        return EventLoop.current();
    }

    /** Collects what a loop's exception handler receives. */
    static final class Reports {
        final List<ExceptionContext> all = new ArrayList<>();

        Reports(EventLoop loop) {
            loop.setExceptionHandler((l, c) -> all.add(c));
        }

        List<String> messages() {
            return all.stream().map(ExceptionContext::message).toList();
        }
    }
}
