package dev.weft.aio;

import static dev.weft.aio.GatherTest.after;
import static dev.weft.aio.GatherTest.failAfter;
import static dev.weft.aio.VirtualLoops.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class AsCompletedTest {

    @Test
    void yieldsInCompletionOrderEachStepSuspending() {
        List<String> log = new ArrayList<>();
        run(loop -> {
            List<Task<Integer>> ts = List.of(after(loop, 3, 3), after(loop, 1, 1), after(loop, 2, 2));
            for (Task<Integer> t : Aio.asCompleted(ts)) {
                log.add(t.result() + "@" + loop.time());
            }
            return null;
        });
        assertEquals(List.of("1@1.0", "2@2.0", "3@3.0"), log);
    }

    @Test
    void failedFuturesAreYieldedToo() {
        run(loop -> {
            IllegalStateException boom = new IllegalStateException("boom");
            List<Task<Integer>> ts = List.of(after(loop, 2, 2), failAfter(loop, 1, boom));
            Iterator<Task<Integer>> it = Aio.asCompleted(ts).iterator();
            assertEquals(boom, it.next().exception());
            assertEquals(2, it.next().result());
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
            return null;
        });
    }

    @Test
    void timeoutRaisesAtTheDeadlineButDoneFuturesStillCome() {
        List<String> log = new ArrayList<>();
        run(loop -> {
            Task<Integer> slow = after(loop, 10, 9);
            List<Task<Integer>> ts = List.of(after(loop, 1, 1), slow);
            Iterator<Task<Integer>> it = Aio.asCompleted(ts, 4).iterator();
            log.add(it.next().result() + "@" + loop.time());
            TimeoutError e = assertThrows(TimeoutError.class, it::next);
            log.add("timeout@" + loop.time());
            assertFalse(slow.cancelled());
            slow.cancel();
            return null;
        });
        assertEquals(List.of("1@1.0", "timeout@4.0"), log);
    }

    /** Issue 11 §8: after a TimeoutError hasNext() stayed true for ever, so catch-and-continue never ended. */
    @Test
    void afterTheTimeoutEachFutureLeftRaisesOnceAndTheIterationEnds() {
        List<String> log = new ArrayList<>();
        run(loop -> {
            List<Task<Integer>> ts = List.of(after(loop, 1, 1), after(loop, 10, 10), after(loop, 20, 20));
            Iterator<Task<Integer>> it = Aio.asCompleted(ts, 4).iterator();
            int steps = 0;
            while (it.hasNext() && steps < 10) {
                steps++;
                try {
                    log.add(it.next().result() + "@" + loop.time());
                } catch (TimeoutError e) {
                    log.add("timeout@" + loop.time());
                }
            }
            assertEquals(3, steps, "exactly as many steps as futures");
            assertThrows(NoSuchElementException.class, it::next);
            ts.forEach(Task::cancel);
            return null;
        });
        assertEquals(List.of("1@1.0", "timeout@4.0", "timeout@4.0"), log);
    }

    @Test
    void cancellingTheIteratingTaskLosesNoFuture() {
        run(loop -> {
            List<Task<Integer>> ts = List.of(after(loop, 1, 1), after(loop, 2, 2));
            Iterator<Task<Integer>> it = Aio.asCompleted(ts).iterator();
            Task<Integer> reader = loop.createTask(() -> it.next().result());
            Aio.sleep(0.5);
            reader.cancel();
            Aio.wait(List.of(reader));
            List<Integer> rest = new ArrayList<>();
            while (it.hasNext()) {
                rest.add(it.next().result());
            }
            assertEquals(List.of(1, 2), rest);
            assertEquals(2.0, loop.time());
            return null;
        });
    }
}
