package dev.weft.aio;

import static dev.weft.aio.VirtualLoops.run;
import static dev.weft.aio.VirtualLoops.yieldOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The one waiting line under every primitive: its wake, cancel, pass-on and repark rules. */
class ParkingLotTest {

    /** Starts a task that parks in {@code lot} (with {@code ready}, if not null) and records its name on leaving. */
    private static Task<Void> parker(EventLoop loop, ParkingLot lot, String name, List<String> out, BooleanSupplier ready) {
        return loop.createTask(() -> {
            lot.park(loop, ready);
            out.add(name);
            return null;
        }, name);
    }

    @Nested
    class Unpark {
        @Test
        void wakesInArrivalOrderAndEachTaskOnce() {
            List<String> out = new ArrayList<>();
            run(loop -> {
                ParkingLot lot = ParkingLot.passingOn(null);
                for (String n : List.of("a", "b", "c")) {
                    parker(loop, lot, n, out, null);
                }
                yieldOnce();
                assertEquals(new ParkingLot.Statistics(3, 0), lot.statistics());
                assertEquals(2, lot.unpark(2));
                assertEquals(new ParkingLot.Statistics(1, 2), lot.statistics()); // woken stay in line until they run
                assertFalse(lot.isEmpty());
                assertEquals(1, lot.unpark(5), "a and b were woken already: only c is left to wake");
                yieldOnce();
                assertTrue(lot.isEmpty(), lot.toString());
                return null;
            });
            assertEquals(List.of("a", "b", "c"), out);
        }

        @Test
        void aTaskWokenWhileNotReadyParksAgainAheadOfLaterArrivals() {
            List<String> out = new ArrayList<>();
            run(loop -> {
                ParkingLot lot = ParkingLot.passingOn(null);
                boolean[] ready = {false};
                parker(loop, lot, "first", out, () -> ready[0]);
                parker(loop, lot, "second", out, null);
                yieldOnce();
                lot.unpark(1);                 // first wakes, is not ready, and parks again in its place
                yieldOnce();
                assertEquals(new ParkingLot.Statistics(2, 0), lot.statistics());
                ready[0] = true;
                lot.unpark(1);                 // the first in line is still "first"
                yieldOnce();
                assertEquals(List.of("first"), out);
                lot.unpark(1);
                yieldOnce();
                return null;
            });
            assertEquals(List.of("first", "second"), out);
        }
    }

    @Nested
    class Cancellation {
        @Test
        void aCancelledParkedTaskLeavesAtOnceAndPassesNothingOn() {
            List<String> out = new ArrayList<>();
            int[] unclaimed = {0};
            run(loop -> {
                ParkingLot lot = ParkingLot.passingOn(() -> unclaimed[0]++);
                Task<Void> a = parker(loop, lot, "a", out, null);
                parker(loop, lot, "b", out, null);
                yieldOnce();
                a.cancel();
                assertEquals(new ParkingLot.Statistics(1, 0), lot.statistics(), "a left in the cancel call itself");
                yieldOnce();
                assertTrue(a.cancelled());
                assertEquals(new ParkingLot.Statistics(1, 0), lot.statistics(), "b was not woken");
                lot.unparkAll();
                yieldOnce();
                return null;
            });
            assertEquals(List.of("b"), out);
            assertEquals(0, unclaimed[0]);
        }

        @Test
        void aTaskWokenThenCancelledHandsItsWakeUpToTheNextParkedTaskOnce() {
            List<String> out = new ArrayList<>();
            run(loop -> {
                ParkingLot lot = ParkingLot.passingOn(null);
                Task<Void> a = parker(loop, lot, "a", out, null);
                parker(loop, lot, "b", out, null);
                parker(loop, lot, "c", out, null);
                yieldOnce();
                lot.unpark(1);
                a.cancel();                    // too late for the node: a gets CancelledError when it runs
                yieldOnce();                   // a runs and hands its wake-up to b
                yieldOnce();                   // b runs
                assertTrue(a.cancelled());
                assertEquals(List.of("b"), out);
                assertEquals(new ParkingLot.Statistics(1, 0), lot.statistics(), "c must still be parked");
                lot.unpark(1);
                yieldOnce();
                return null;
            });
            assertEquals(List.of("b", "c"), out);
        }

        @Test
        void aWakeUpNobodyCanTakeGoesToTheUnclaimedAction() {
            int[] unclaimed = {0};
            run(loop -> {
                ParkingLot lot = ParkingLot.passingOn(() -> unclaimed[0]++);
                Task<Void> a = parker(loop, lot, "a", new ArrayList<>(), null);
                yieldOnce();
                lot.unpark(1);
                a.cancel();
                yieldOnce();
                assertTrue(a.cancelled());
                assertTrue(lot.isEmpty());
                return null;
            });
            assertEquals(1, unclaimed[0]);
        }

        @Test
        void aBroadcastLotDoesNotHandOnAWakeUp() {
            List<String> out = new ArrayList<>();
            run(loop -> {
                ParkingLot lot = ParkingLot.broadcast();
                Task<Void> a = parker(loop, lot, "a", out, null);
                yieldOnce();
                lot.unparkAll();
                a.cancel();
                parker(loop, lot, "late", out, null); // parked after the broadcast: must not be woken by a's leaving
                yieldOnce();
                yieldOnce();
                assertTrue(a.cancelled());
                assertEquals(new ParkingLot.Statistics(1, 0), lot.statistics());
                lot.unparkAll();
                yieldOnce();
                return null;
            });
            assertEquals(List.of("late"), out);
        }
    }

    @Nested
    class Repark {
        @Test
        void movesParkedTasksToTheEndOfAnotherLotWithoutWakingThem() {
            List<String> out = new ArrayList<>();
            run(loop -> {
                ParkingLot from = ParkingLot.passingOn(null);
                ParkingLot to = ParkingLot.passingOn(null);
                parker(loop, to, "already", out, null);
                Task<Void> a = parker(loop, from, "a", out, null);
                parker(loop, from, "b", out, null);
                parker(loop, from, "c", out, null);
                yieldOnce();
                assertEquals(2, from.repark(2, to));
                assertEquals(new ParkingLot.Statistics(1, 0), from.statistics());
                assertEquals(new ParkingLot.Statistics(3, 0), to.statistics());
                yieldOnce();
                assertEquals(List.of(), out, "reparking wakes nobody");
                a.cancel();                    // a now waits in `to`, and leaves `to`
                assertEquals(new ParkingLot.Statistics(2, 0), to.statistics());
                to.unparkAll();
                from.unparkAll();
                yieldOnce();
                return null;
            });
            assertEquals(List.of("already", "b", "c"), out);
        }
    }

    @Test
    void toStringCountsParkedAndWokenTasks() {
        run(loop -> {
            ParkingLot lot = ParkingLot.passingOn(null);
            parker(loop, lot, "a", new ArrayList<>(), null);
            parker(loop, lot, "b", new ArrayList<>(), null);
            yieldOnce();
            lot.unpark(1);
            assertEquals("ParkingLot[parked=1, woken=1]", lot.toString());
            lot.unpark(1);
            yieldOnce();
            return null;
        });
    }
}
