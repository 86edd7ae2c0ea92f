package dev.weft.green;

import static dev.weft.green.Gevent.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.aio.Backends;
import dev.weft.aio.Context;
import dev.weft.aio.ContextVar;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Context variables through the green API: spawned tasks get copies, greenlets see their driver's. */
class GreenContextTest extends VirtualHub {
    static final ContextVar<String> ID = new ContextVar<>("id", "none");

    @Test
    void aSpawnedGreenletGetsACopyOfTheSpawnersContextAtSpawnTime() {
        new Context().run(() -> {
            List<String> seen = new ArrayList<>();
            ID.set("spawner");
            GreenTask<Void> now = spawn(() -> {
                seen.add("spawned: " + ID.get());
                ID.set("its own");
                Gevent.sleep(1);
                seen.add("still: " + ID.get());
            });
            GreenTask<String> later = Gevent.spawnLater(2, () -> ID.get());
            ID.set("spawner changed");
            Gevent.joinAll(now, later);
            assertEquals(List.of("spawned: spawner", "still: its own"), seen);
            assertEquals("spawner", later.get());
            assertEquals("spawner changed", ID.get());
        });
    }

    @Test
    void aGreenletSeesTheContextOfTheCodeThatSwitchesToIt() {
        List<String> seen = new ArrayList<>();
        new Context().run(() -> {
            ID.set("driver");
            Greenlet g = Greenlet.of(() -> {
                seen.add("greenlet: " + ID.get());
                Greenlet.current().parent().switchTo();
                seen.add("greenlet resumed: " + ID.get());
            });
            g.switchTo();
            ID.set("driver changed");
            g.switchTo();
        });
        assertEquals(List.of("greenlet: driver", "greenlet resumed: driver changed"), seen);
    }

    @Test
    void aGreenletSwitchedToFromATaskSeesTheTasksValues() {
        // on the hand-off backend a task's body runs on a thread of its own, which may not drive
        // greenlets of the test's thread (ThreadState's rule); the continuation backend runs it on the loop's
        assumeTrue(Backends.strands().equals("continuation"), "greenlets inside a task need the continuation backend");
        List<String> seen = new ArrayList<>();
        spawn(() -> {
            ID.set("task");
            Greenlet g = Greenlet.of(() -> {
                seen.add("greenlet: " + ID.get());
                ID.set("set in greenlet");
                Greenlet.current().parent().switchTo();
                seen.add("greenlet resumed: " + ID.get());
            });
            g.switchTo();
            seen.add("task after switch: " + ID.get());
            ID.set("task again");
            g.switchTo();
        }).get();
        assertEquals(List.of("greenlet: task", "task after switch: set in greenlet", "greenlet resumed: task again"),
                seen);
    }
}
