package dev.weft.aio;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Helpers for aio tests: loops on the virtual clock, and collecting exception-handler reports. */
final class AioTesting {
    private AioTesting() {
    }

    /** EventLoop.runVirtual on the given task backend. */
    static <T> T runVirtual(TaskBackend backend, Callable<T> main) {
        return EventLoop.run(main, Clock.virtual(), backend);
    }

    /** Runs main on a new virtual-clock loop with the JVM's task backend. */
    static <T> T runVirtual(Callable<T> main) {
        return EventLoop.runVirtual(main);
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
