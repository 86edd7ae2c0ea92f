package dev.weft.aio;

import static dev.weft.aio.VirtualLoops.run;
import static dev.weft.aio.VirtualLoops.yieldOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.Steps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTest {

    @Test
    void waitSetOnASetEventDoesNotSuspend() {
        Steps steps = new Steps();
        run(loop -> {
            Event ev = new Event();
            ev.set();
            loop.createTask(() -> { steps.expect(2); return null; });
            ev.waitSet();
            steps.expect(1);
            yieldOnce();
            steps.finish(3);
            return null;
        });
    }

    @Test
    void setWakesEveryWaiterAtTheTimeOfSet() {
        List<String> woke = new ArrayList<>();
        run(loop -> {
            Event ev = new Event();
            List<Task<Void>> tasks = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                tasks.add(loop.createTask(() -> { ev.waitSet(); woke.add(name + "@" + loop.time()); return null; }));
            }
            Aio.sleep(5);
            assertEquals("Event[clear, waiters=3]", ev.toString());
            ev.set();
            Aio.gather(tasks).await();
            assertEquals("Event[set]", ev.toString());
            return null;
        });
        assertEquals(List.of("a@5.0", "b@5.0", "c@5.0"), woke);
    }

    @Test
    void clearBeforeTheWokenWaiterRunsDoesNotTakeTheWakeUpBack() {
        run(loop -> {
            Event ev = new Event();
            Task<Void> a = loop.createTask(() -> { ev.waitSet(); return null; });
            yieldOnce();
            ev.set();
            ev.clear();
            assertFalse(ev.isSet());
            Aio.waitFor(a, 1);       // TimeoutError if the woken waiter went back to sleep
            return null;
        });
    }

    @Test
    void cancelledWaiterLeavesTheEvent() {
        run(loop -> {
            Event ev = new Event();
            Task<Void> a = loop.createTask(() -> { ev.waitSet(); return null; });
            yieldOnce();
            a.cancel();
            yieldOnce();
            assertTrue(a.cancelled());
            assertEquals("Event[clear]", ev.toString());
            return null;
        });
    }
}
