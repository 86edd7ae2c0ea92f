package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 001's gevent foo/bar on a virtual clock: the exact interleaving and exactly 5 s, not 7. */
class GeventFooBarTest {

    @Test
    void sleepsOverlapSoTheJoinTakesTheLongerSleep() {
        VirtualOut r = VirtualOut.run(GeventFooBar::run);
        assertEquals(List.of(
                "running in foo",
                "switch to bar",
                "switch to foo again",
                "switch to bar again",
                "5.0 s of loop time (foo 2 s + bar 5 s overlapped)"), r.lines);
        assertEquals(5.0, r.time);
    }
}
