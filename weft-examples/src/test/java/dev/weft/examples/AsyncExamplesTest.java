package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed-003 asyncio examples, each on a virtual clock: exact lines and exact loop time. */
class AsyncExamplesTest {

    @Test
    void helloPrintsTwiceOneSecondApart() {
        VirtualOut r = VirtualOut.run(AsyncHello::run);
        assertEquals(List.of("Hello world!", "Hello again!"), r.lines);
        assertEquals(1.0, r.time);
    }

    @Test
    void slowOperationUnderRunUntilComplete() {
        VirtualOut r = VirtualOut.run(SlowOperation::runUntilComplete);
        assertEquals(List.of("Future is done!"), r.lines);
        assertEquals(1.0, r.time);
    }

    @Test
    void slowOperationUnderRunForeverStoppedByTheDoneCallback() {
        VirtualOut r = VirtualOut.run(SlowOperation::runForever);
        assertEquals(List.of("Future is done!"), r.lines);
        assertEquals(1.0, r.time);
    }

    @Test
    void displayDatePrintsFiveDatesOneSecondApart() {
        LocalDateTime start = LocalDateTime.of(2026, 1, 2, 3, 4, 5);
        VirtualOut r = VirtualOut.run((loop, out) -> DisplayDate.run(loop, out, start));
        assertEquals(List.of(
                "2026-01-02 03:04:05.000  (loop time 0.0 s)",
                "2026-01-02 03:04:06.000  (loop time 1.0 s)",
                "2026-01-02 03:04:07.000  (loop time 2.0 s)",
                "2026-01-02 03:04:08.000  (loop time 3.0 s)",
                "2026-01-02 03:04:09.000  (loop time 4.0 s)"), r.lines);
        assertEquals(4.0, r.time);
    }

    @Test
    void computeNestedInPrintSum() {
        VirtualOut r = VirtualOut.run(ComputePrintSum::run);
        assertEquals(List.of("Compute 1 + 2 ...", "1 + 2 = 3"), r.lines);
        assertEquals(1.0, r.time);
    }

    @Test
    void waitAsCompletedAndGather() {
        VirtualOut r = VirtualOut.run(AsyncCombinators::run);
        assertEquals(List.of(
                "[0.0] wait: until all are done",
                "[3.0] done=3 pending=0",
                "[3.0] wait FIRST_COMPLETED: until one is done",
                "[4.0] first: b slept 1.0 s; pending=2",
                "[4.0] asCompleted: in the order they finish",
                "[5.0] b slept 1.0 s",
                "[6.0] c slept 2.0 s",
                "[7.0] a slept 3.0 s",
                "[7.0] gather: results in argument order",
                "[10.0] Task ret: a slept 3.0 s",
                "[10.0] Task ret: b slept 1.0 s",
                "[10.0] Task ret: c slept 2.0 s"), r.lines);
        assertEquals(10.0, r.time);
    }

    @Test
    void asyncWithAndAsyncFor() {
        VirtualOut r = VirtualOut.run(AsyncWithFor::run);
        assertEquals(List.of(
                "[0.00] async with: a transaction that awaits on entry and exit",
                "[0.25] entering context: BEGIN",
                "[0.75] update {'name': 'weft'}",
                "[1.00] exiting context: COMMIT",
                "[1.00] async with: a Lock around a read-sleep-write",
                "[1.50] counter = 2",
                "[1.50] async for: each next() awaits",
                "[2.00] tick 0",
                "[2.50] tick 1",
                "[3.00] tick 2"), r.lines);
        assertEquals(3.0, r.time);
    }

    @Test
    void producerWaitsWhenTheQueueIsFullAndConsumersStopAtShutdown() {
        VirtualOut r = VirtualOut.run(QueueProducerConsumer::run);
        assertEquals(List.of(
                "[0.25] produced 0 (qsize 1)",
                "[0.25] c1 consumes 0",
                "[0.50] produced 1 (qsize 1)",
                "[0.50] c2 consumes 1",
                "[0.75] produced 2 (qsize 1)",
                "[1.00] produced 3 (qsize 2)",
                "[1.25] c1 consumes 2",
                "[1.25] produced 4 (qsize 2)",
                "[1.50] c2 consumes 3",
                "[1.50] produced 5 (qsize 2)",
                "[2.25] c1 consumes 4",
                "[2.50] c2 consumes 5",
                "[3.50] all items processed",
                "[3.50] c1 stops: queue shut down",
                "[3.50] c2 stops: queue shut down",
                "[3.50] handled per consumer: [3, 3]"), r.lines);
        assertEquals(3.5, r.time);
    }
}
