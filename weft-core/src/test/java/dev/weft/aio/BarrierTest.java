package dev.weft.aio;

import static dev.weft.aio.VirtualLoops.run;
import static dev.weft.aio.VirtualLoops.yieldOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BarrierTest {

    private static Task<String> party(EventLoop loop, Barrier barrier, double delay) {
        return loop.createTask(() -> {
            if (delay > 0) {
                Aio.sleep(delay);
            }
            int index = barrier.waitParties();
            return index + "@" + loop.time();
        });
    }

    @Test
    void releasesEveryPartyWhenTheLastArrives() {
        List<Object> out = run(loop -> {
            Barrier barrier = new Barrier(3);
            List<Task<String>> ts = List.of(party(loop, barrier, 1), party(loop, barrier, 2), party(loop, barrier, 3));
            Aio.sleep(2.5);
            assertEquals("Barrier[FILLING, waiting=2/3]", barrier.toString());
            List<String> got = Aio.gather(ts).await();
            assertEquals("Barrier[FILLING, waiting=0/3]", barrier.toString());
            return new ArrayList<>(got);
        });
        assertEquals(List.of("0@3.0", "1@3.0", "2@3.0"), out);
    }

    @Test
    void isReusableAfterItDrained() {
        run(loop -> {
            Barrier barrier = new Barrier(2);
            for (int round = 1; round <= 2; round++) {
                List<Task<String>> ts = List.of(party(loop, barrier, 1), party(loop, barrier, 1));
                List<String> got = Aio.gather(ts).await();
                assertEquals(List.of("0@" + round + ".0", "1@" + round + ".0"), got);
            }
            return null;
        });
    }

    @Test
    void abortBreaksWaitersAndLaterCallersUntilReset() {
        run(loop -> {
            Barrier barrier = new Barrier(3);
            Task<String> a = party(loop, barrier, 0);
            yieldOnce();
            barrier.abort();
            Aio.wait(List.of(a));
            assertInstanceOf(BrokenBarrierError.class, a.exception());
            BrokenBarrierError e = assertThrows(BrokenBarrierError.class, barrier::waitParties);
            assertTrue(e.getMessage().contains("reset()"), e.getMessage());
            assertTrue(barrier.broken());
            barrier.reset();
            assertEquals(Barrier.State.FILLING, barrier.state());
            return null;
        });
    }

    @Test
    void resetWhileWaitingBreaksTheWaitersAndRefills() {
        run(loop -> {
            Barrier barrier = new Barrier(3);
            Task<String> a = party(loop, barrier, 0);
            Task<String> b = party(loop, barrier, 0);
            yieldOnce();
            barrier.reset();
            assertEquals(Barrier.State.RESETTING, barrier.state());
            Aio.wait(List.of(a, b));
            assertInstanceOf(BrokenBarrierError.class, a.exception());
            assertInstanceOf(BrokenBarrierError.class, b.exception());
            assertEquals(Barrier.State.FILLING, barrier.state());
            return null;
        });
    }

    @Test
    void cancelledPartyNoLongerCounts() {
        run(loop -> {
            Barrier barrier = new Barrier(2);
            Task<String> a = party(loop, barrier, 0);
            yieldOnce();
            assertEquals(1, barrier.nWaiting());
            a.cancel();
            yieldOnce();
            assertEquals(0, barrier.nWaiting());
            Task<String> b = party(loop, barrier, 0);
            Task<String> c = party(loop, barrier, 1);
            assertEquals("0@1.0", b.await());
            assertEquals("1@1.0", c.await());
            return null;
        });
    }

    @Test
    void needsAtLeastOneParty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        assertTrue(e.getMessage().startsWith("parties must be > 0"), e.getMessage());
    }
}
