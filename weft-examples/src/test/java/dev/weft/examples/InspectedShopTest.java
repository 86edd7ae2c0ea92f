package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Future;
import dev.weft.aio.LoopInspection;
import dev.weft.aio.LoopSnapshot;
import dev.weft.aio.Task;
import dev.weft.aio.TaskSnapshot;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shop's shape as the inspector's snapshot sees it, without a browser, on the virtual clock
 * (here Task-1, the test's main task, awaits the snapshot, not the shop's main).
 */
class InspectedShopTest {
    @AfterEach
    void off() {
        LoopInspection.disable();
    }

    @Test
    void theShopHasItsKnownShapeOfTasks() {
        LoopInspection.enable();
        EventLoop.runVirtual(() -> {
            EventLoop loop = EventLoop.current();
            CountDownLatch settled = new CountDownLatch(3);
            Task<Object> main = InspectedShop.start(loop, settled);
            Aio.sleep(2.5);
            assertEquals(0, settled.getCount());
            LoopSnapshot s = Future.wrap(LoopInspection.snapshot(loop), loop).await();
            Map<Long, String> names = new TreeMap<>();
            s.tasks().forEach(t -> names.put(t.id(), t.name()));
            TreeSet<String> edges = new TreeSet<>();
            Map<String, String> states = new TreeMap<>();
            for (TaskSnapshot t : s.tasks()) {
                t.awaits().forEach(to -> edges.add(t.name() + " -> " + names.get(to)));
                states.put(t.name(), t.state() + " " + Math.round(t.stateSeconds() * 1000) / 1000.0); // the ticker sums 0.05s
            }
            assertEquals(new TreeSet<>(java.util.List.of("main -> frontend", "main -> backend",
                    "backend -> db-1", "backend -> db-2")), edges);
            assertEquals(Map.of("Task-1", "waiting 0.0", "main", "waiting 2.5", "frontend", "waiting 2.5",
                    "backend", "waiting 2.5", "db-1", "waiting 2.5", "db-2", "waiting 2.5", "ticker", "waiting 0.0"), states);
            main.cancel();
            return null;
        });
    }
}
