package dev.weft.aio;

import static dev.weft.aio.GatherTest.after;
import static dev.weft.aio.VirtualLoops.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShieldTest {

    @Test
    void cancellingTheAwaitingTaskDoesNotCancelTheShieldedWork() {
        run(loop -> {
            Task<Integer> work = after(loop, 3, 42);
            Task<Integer> waiter = loop.createTask(() -> Aio.shield(work).await());
            Aio.sleep(1);
            waiter.cancel();
            Aio.wait(List.of(waiter));
            assertTrue(waiter.cancelled());
            assertEquals(1.0, loop.time());
            assertFalse(work.cancelled());
            assertEquals(42, work.await());
            assertEquals(3.0, loop.time());
            return null;
        });
    }

    @Test
    void theShieldFollowsTheResultAndTheFailure() {
        run(loop -> {
            assertEquals(7, Aio.shield(after(loop, 1, 7)).await());
            IllegalStateException boom = new IllegalStateException("boom");
            Future<Integer> f = Aio.shield(GatherTest.failAfter(loop, 1, boom));
            assertSame(boom, assertThrows(IllegalStateException.class, f::await));
            assertEquals(7, Aio.shield(() -> { Aio.sleep(1); return 7; }).await());
            return null;
        });
    }

    /** Issue 12 §4: the inner failure was marked retrieved when the shield was cancelled, which silenced it. */
    @Test
    void aFailureOfTheShieldedWorkAfterTheCallerLeftIsReportedNotSilenced() {
        EventLoop loop = EventLoop.createVirtual();
        AioTesting.Reports reports = new AioTesting.Reports(loop);
        try {
            loop.runUntilComplete(() -> {
                Future<Integer> inner = loop.createFuture();
                Future<Integer> shield = Aio.shield(inner);
                inner.setException(new IllegalStateException("late failure"));
                shield.cancel();               // the caller leaves before the shield saw the failure
                Aio.sleep(1);
                assertTrue(shield.cancelled());
                return null;
            });
        } finally {
            loop.close();
        }
        assertTrue(reports.messages().stream().anyMatch(m -> m.contains("never retrieved")), reports.messages().toString());
        assertTrue(reports.all.stream().anyMatch(c -> c.exception() instanceof IllegalStateException e
                && e.getMessage().equals("late failure")), reports.messages().toString());
    }

    @Test
    void aDoneFutureIsReturnedAsItIs() {
        run(loop -> {
            Future<String> f = loop.createFuture();
            f.setResult("x");
            assertSame(f, Aio.shield(f));
            return null;
        });
    }

    @Test
    void cancellingTheInnerCancelsTheShield() {
        run(loop -> {
            Task<Integer> work = after(loop, 3, 1);
            Future<Integer> s = Aio.shield(work);
            work.cancel();
            assertThrows(CancelledError.class, s::await);
            assertTrue(s.cancelled());
            return null;
        });
    }
}
