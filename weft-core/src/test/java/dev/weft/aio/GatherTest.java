package dev.weft.aio;

import static dev.weft.aio.VirtualLoops.run;
import static dev.weft.aio.VirtualLoops.yieldOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GatherTest {

    static Task<Integer> after(EventLoop loop, double delay, int value) {
        return loop.createTask(() -> {
            Aio.sleep(delay);
            return value;
        });
    }

    static Task<Integer> failAfter(EventLoop loop, double delay, RuntimeException e) {
        return loop.createTask(() -> {
            Aio.sleep(delay);
            throw e;
        });
    }

    @Test
    void resultsComeInArgumentOrderWhenAllAreDone() {
        run(loop -> {
            List<Integer> r = Aio.gather(after(loop, 3, 1), after(loop, 1, 2), after(loop, 2, 3)).await();
            assertEquals(List.of(1, 2, 3), r);
            assertEquals(3.0, loop.time());
            return null;
        });
    }

    @Test
    void callablesRunAsTasks() {
        run(loop -> {
            List<String> r = Aio.gather(() -> { Aio.sleep(1); return "a"; }, () -> "b").await();
            assertEquals(List.of("a", "b"), r);
            return null;
        });
    }

    @Test
    void emptyGatherIsDoneWithAnEmptyList() {
        run(loop -> {
            Future<List<Object>> f = Aio.gather(List.of());
            assertTrue(f.done());
            assertEquals(List.of(), f.result());
            return null;
        });
    }

    @Test
    void firstFailureIsRaisedAtOnceAndTheOthersKeepRunning() {
        run(loop -> {
            IllegalStateException boom = new IllegalStateException("boom");
            Task<Integer> slow = after(loop, 5, 1);
            Future<List<Integer>> g = Aio.gather(slow, failAfter(loop, 1, boom));
            IllegalStateException e = assertThrows(IllegalStateException.class, g::await);
            assertSame(boom, e);
            assertEquals(1.0, loop.time());
            assertFalse(slow.done());
            assertEquals(1, slow.await());
            assertEquals(5.0, loop.time());
            return null;
        });
    }

    @Test
    void returnExceptionsPutsFailuresAndCancellationsInTheList() {
        run(loop -> {
            IllegalStateException boom = new IllegalStateException("boom");
            Task<Integer> cancelled = after(loop, 5, 0);
            Future<List<Object>> g = Aio.gather(List.of(after(loop, 1, 1), failAfter(loop, 2, boom), cancelled), true);
            yieldOnce();
            cancelled.cancel();
            List<Object> r = g.await();
            assertEquals(1, r.get(0));
            assertSame(boom, r.get(1));
            assertInstanceOf(CancelledError.class, r.get(2));
            assertEquals(2.0, loop.time());
            return null;
        });
    }

    @Test
    void cancelledChildSurfacesAsCancelledError() {
        run(loop -> {
            Task<Integer> child = after(loop, 5, 0);
            Task<Integer> other = after(loop, 1, 1);
            Future<List<Integer>> g = Aio.gather(child, other);
            yieldOnce();
            child.cancel();
            assertThrows(CancelledError.class, g::await);
            assertFalse(g.cancelled());   // the gather failed with the child's CancelledError
            assertEquals(0.0, loop.time());
            assertEquals(1, other.await()); // the other child was not cancelled
            return null;
        });
    }

    static Task<Integer> slowToCancel(EventLoop loop, double[] cleanedUpAt) {
        return loop.createTask(() -> {
            try {
                Aio.sleep(10);
                return 1;
            } finally {
                Aio.sleep(1.5); // cleanup that itself suspends (the cancellation was delivered once)
                cleanedUpAt[0] = loop.time();
            }
        });
    }

    @Test
    void cancellingTheGatherCancelsEveryChild() {
        run(loop -> {
            double[] cleanedUpAt = {-1};
            Task<Integer> a = slowToCancel(loop, cleanedUpAt);
            Task<Integer> b = after(loop, 10, 2);
            Task<List<Integer>> waiter = loop.createTask(() -> Aio.gather(a, b).await());
            Aio.sleep(1);
            waiter.cancel();
            Aio.wait(List.of(waiter));
            // without returnExceptions the first cancelled child (b) ends the gather at once
            assertTrue(waiter.cancelled());
            assertTrue(b.cancelled());
            assertEquals(1.0, loop.time());
            Aio.wait(List.of(a));
            assertTrue(a.cancelled());
            assertEquals(2.5, cleanedUpAt[0]);
            return null;
        });
    }

    @Test
    void cancellingAGatherWithReturnExceptionsWaitsForEveryChild() {
        run(loop -> {
            double[] cleanedUpAt = {-1};
            Task<Integer> a = slowToCancel(loop, cleanedUpAt);
            Task<Integer> b = after(loop, 10, 2);
            Task<List<Object>> waiter = loop.createTask(() -> Aio.gather(List.of(a, b), true).await());
            Aio.sleep(1);
            waiter.cancel();
            Aio.wait(List.of(waiter));
            assertTrue(waiter.cancelled());   // a cancelled gather raises CancelledError even so
            assertTrue(a.cancelled());
            assertTrue(b.cancelled());
            assertEquals(2.5, cleanedUpAt[0]);
            assertEquals(2.5, loop.time());   // only after a's cleanup
            return null;
        });
    }

    @Test
    void theSameFutureTwiceIsAwaitedOnce() {
        run(loop -> {
            Task<Integer> t = after(loop, 1, 7);
            assertEquals(List.of(7, 7), Aio.gather(t, t).await());
            return null;
        });
    }
}
