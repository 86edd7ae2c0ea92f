package dev.weft.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.Steps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Greenlet.setTrace: the per-thread function told of every switch (greenlet.settrace). */
class GreenletTraceTest {

    @AfterEach
    void removeTrace() {
        Greenlet.setTrace(null);
    }

    private static String label(Greenlet g) {
        return g.isMain() ? "main" : g.name();
    }

    @Test
    void reportsEverySwitchAsTheTargetInGreenletsOrder() {
        List<String> log = new ArrayList<>();
        Greenlet main = Greenlet.current();
        Greenlet g = Greenlet.of("g", x -> {
            main.switchTo(1);
            return 2;
        });
        Greenlet h = Greenlet.of("h", x -> main.switchTo(1));
        Greenlet self = Greenlet.of("self", x -> Greenlet.current().switchTo(5));
        assertNull(Greenlet.setTrace((event, origin, target) -> log.add(event + " " + label(origin) + "->"
                + label(target) + (Greenlet.current() == target ? "" : " (not as target!)"))));
        g.switchTo();
        g.switchTo();
        h.switchTo();
        h.kill();
        self.switchTo();
        // The same sequence python3-greenlet 2.0.2 records for this script.
        assertEquals(List.of(
                "SWITCH main->g", "SWITCH g->main", "SWITCH main->g", "SWITCH g->main",
                "SWITCH main->h", "SWITCH h->main", "THROW main->h", "SWITCH h->main",
                "SWITCH main->self", "SWITCH self->self", "SWITCH self->main"), log);
    }

    @Test
    void setTraceReturnsThePreviousFunctionAndTraceReadsIt() {
        Greenlet.Trace a = (e, o, t) -> { };
        Greenlet.Trace b = (e, o, t) -> { };
        assertNull(Greenlet.setTrace(a));
        assertSame(a, Greenlet.trace());
        assertSame(a, Greenlet.setTrace(b));
        assertSame(b, Greenlet.setTrace(null));
        assertNull(Greenlet.trace());
    }

    @Test
    void theTraceFunctionBelongsToItsThread() throws Exception {
        Greenlet.setTrace((e, o, t) -> { });
        AtomicReference<Greenlet.Trace> seen = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> seen.set(Greenlet.trace()));
        t.join();
        assertNull(seen.get());
    }

    @Test
    void anExceptionFromTheTraceIsRaisedInTheTarget() {
        Steps steps = new Steps();
        Greenlet main = Greenlet.current();
        Greenlet g = Greenlet.of("g", x -> {
            try {
                main.switchTo("paused");
                steps.expectUnreached();
                return null;
            } catch (IllegalStateException e) {
                steps.expect(2);
                return "g got " + e.getMessage();
            }
        });
        g.switchTo();
        Greenlet.setTrace((event, origin, target) -> {
            if (target == g) {
                steps.expect(1);
                throw new IllegalStateException("from trace");
            }
        });
        assertEquals("g got from trace", g.switchTo("never delivered"));
        steps.finish(3);
    }

    @Test
    void anExceptionFromTheTraceKillsANewTargetBeforeItRuns() {
        Greenlet g = Greenlet.of(x -> {
            throw new AssertionError("must not run");
        });
        Greenlet.setTrace((event, origin, target) -> {
            if (!target.isMain()) {
                throw new UnsupportedOperationException("from trace");
            }
        });
        var e = assertThrows(UnsupportedOperationException.class, g::switchTo);
        assertEquals("from trace", e.getMessage());
        assertTrue(g.isDead());
        assertFalse(g.isStarted());
    }

    @Test
    void aTraceFunctionCannotSwitch() {
        Greenlet other = Greenlet.of(x -> null);
        Greenlet g = Greenlet.of(x -> "g ran");
        Greenlet.setTrace((event, origin, target) -> {
            if (target == g) {
                other.switchTo();
            }
        });
        var e = assertThrows(IllegalStateException.class, g::switchTo, "raised in g, which does not catch it");
        assertTrue(e.getMessage().startsWith("cannot switch from a trace function"), e.getMessage());
        assertFalse(other.isStarted());
    }
}
