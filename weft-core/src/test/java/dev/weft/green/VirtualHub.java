package dev.weft.green;

import dev.weft.aio.EventLoop;
import dev.weft.aio.ExceptionContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the gevent-API tests: each test's thread gets a fresh virtual-clock hub (so times are
 * exact and runs are instant), whose exception-handler reports are collected; afterwards the hub
 * is destroyed, which kills what a test left alive.
 */
abstract class VirtualHub {
    EventLoop hub;
    final List<ExceptionContext> reports = new ArrayList<>();

    @BeforeEach
    void installVirtualHub() {
        hub = EventLoop.createVirtual();
        hub.setExceptionHandler((l, c) -> reports.add(c));
        EventLoop.setEventLoop(hub);
    }

    @AfterEach
    void destroyHub() {
        if (!hub.isClosed()) {
            Gevent.destroyHub();
        }
        EventLoop.setEventLoop(null);
    }

    /** The hub's clock. */
    double now() {
        return hub.time();
    }

    /** The messages the hub's exception handler received. */
    List<String> reportMessages() {
        return reports.stream().map(ExceptionContext::message).toList();
    }
}
