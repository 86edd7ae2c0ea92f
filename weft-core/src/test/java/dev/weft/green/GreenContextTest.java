package dev.weft.green;

import static dev.weft.green.Gevent.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void aGreenletSwitchedToFromATaskSeesTheTasksValues() {
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
