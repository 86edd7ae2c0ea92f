package dev.weft.aio;

import static dev.weft.aio.GatherTest.after;
import static dev.weft.aio.GatherTest.failAfter;
import static dev.weft.aio.VirtualLoops.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WaitTest {

    @Test
    void allCompletedWaitsForEveryFuture() {
        run(loop -> {
            Task<Integer> a = after(loop, 1, 1);
            Task<Integer> b = after(loop, 3, 2);
            WaitResult<Task<Integer>> r = Aio.wait(List.of(a, b));
            assertEquals(Set.of(a, b), r.done());
            assertEquals(Set.of(), r.pending());
            assertEquals(3.0, loop.time());
            return null;
        });
    }

    @Test
    void firstCompletedReturnsAtTheFirstAndCancelsNothing() {
        run(loop -> {
            Task<Integer> a = after(loop, 2, 1);
            Task<Integer> b = after(loop, 1, 2);
            WaitResult<Task<Integer>> r = Aio.wait(List.of(a, b), ReturnWhen.FIRST_COMPLETED);
            assertEquals(Set.of(b), r.done());
            assertEquals(Set.of(a), r.pending());
            assertEquals(1.0, loop.time());
            assertFalse(a.cancelled());
            assertEquals(1, a.await());
            return null;
        });
    }

    @Test
    void firstExceptionReturnsAtTheFirstFailure() {
        run(loop -> {
            Task<Integer> ok = after(loop, 1, 1);
            Task<Integer> bad = failAfter(loop, 2, new IllegalStateException("x"));
            Task<Integer> slow = after(loop, 9, 3);
            WaitResult<Task<Integer>> r = Aio.wait(List.of(ok, bad, slow), ReturnWhen.FIRST_EXCEPTION);
            assertEquals(List.of(ok, bad), List.copyOf(r.done()));
            assertEquals(Set.of(slow), r.pending());
            assertEquals(2.0, loop.time());
            slow.cancel();
            return null;
        });
    }

    @Test
    void firstExceptionWithoutFailuresWaitsForAll() {
        run(loop -> {
            WaitResult<Task<Integer>> r = Aio.wait(List.of(after(loop, 1, 1), after(loop, 2, 2)), ReturnWhen.FIRST_EXCEPTION);
            assertEquals(2, r.done().size());
            assertEquals(2.0, loop.time());
            return null;
        });
    }

    @Test
    void timeoutReturnsThePendingWithoutCancellingOrRaising() {
        run(loop -> {
            Task<Integer> a = after(loop, 1, 1);
            Task<Integer> b = after(loop, 5, 2);
            WaitResult<Task<Integer>> r = Aio.wait(List.of(a, b), ReturnWhen.ALL_COMPLETED, 2.5);
            assertEquals(Set.of(a), r.done());
            assertEquals(Set.of(b), r.pending());
            assertEquals(2.5, loop.time());
            assertFalse(b.done());
            b.cancel();
            return null;
        });
    }

    @Test
    void emptyCollectionFails() {
        run(loop -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Aio.wait(List.<Task<Integer>>of()));
            assertTrue(e.getMessage().contains("at least one"), e.getMessage());
            return null;
        });
    }
}
