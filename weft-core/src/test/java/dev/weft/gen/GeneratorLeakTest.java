package dev.weft.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.internal.strand.Backend;
import dev.weft.internal.strand.Strand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Abandoned suspended generators leak neither threads nor memory on the hand-off backend: the
 * Cleaner ends each strand once its generator is unreachable. Runs in the portable execution;
 * tagged stress because it takes about 10 s (100 000 x -Dweft.stress generators).
 */
@Tag("stress")
class GeneratorLeakTest {
    private static final int COUNT = 100_000 * Integer.getInteger("weft.stress", 1);
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    @Test
    @Timeout(180)
    void abandonedSuspendedGeneratorsLeaveNoThreadsAndNoHeap() {
        assumeTrue(Backend.defaultBackend() == Backend.HANDOFF, "only the hand-off backend uses threads");
        int baseThreads = Strand.liveThreads();
        long baseHeap = usedHeapAfterGc();
        AtomicInteger finallyRan = new AtomicInteger();

        long t0 = System.nanoTime();
        List<Generator<byte[], Void, Void>> held = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            Generator<byte[], Void, Void> g = Generator.of(ctx -> {
                byte[] payload = new byte[256]; // something for the heap check to see
                try {
                    while (true) {
                        ctx.yield(payload);
                    }
                } finally {
                    finallyRan.incrementAndGet();
                }
            });
            g.next();
            held.add(g);
        }
        assertEquals(baseThreads + COUNT, Strand.liveThreads());
        long t1 = System.nanoTime();
        long peakHeap = usedHeapAfterGc();
        held.clear();
        long t2 = System.nanoTime();

        boolean threadsEnded = awaitLiveThreadsAtMost(baseThreads);
        long t3 = System.nanoTime();
        long endHeap = usedHeapAfterGc();
        System.out.printf("GeneratorLeakTest: %d generators: created and suspended in %d ms; heap base %d MB, "
                        + "with all suspended %d MB, after abandoning %d MB; live hand-off threads %d -> %d, "
                        + "ended by the Cleaner in %d ms%n", COUNT, (t1 - t0) / 1_000_000, baseHeap >> 20,
                peakHeap >> 20, endHeap >> 20, baseThreads + COUNT, Strand.liveThreads(),
                (t3 - t2) / 1_000_000);

        assertTrue(threadsEnded, () -> "live hand-off threads still " + Strand.liveThreads()
                + " (baseline " + baseThreads + ") 60 s after abandoning " + COUNT + " generators");
        assertEquals(COUNT, finallyRan.get(), "each abandoned body unwinds through its finally block");
        long grownBy = peakHeap - baseHeap;
        assertTrue(grownBy > 0, "the suspended generators should occupy heap");
        assertTrue(endHeap - baseHeap < Math.max(grownBy / 10, 16L << 20),
                () -> "heap did not come back down: base " + baseHeap + ", peak " + peakHeap + ", end " + endHeap);
    }

    /**
     * Polls until the live hand-off thread count is at most {@code target}, calling System.gc()
     * only when the count stopped falling: forcing a full GC while the Cleaner is ending
     * thousands of strands slows it down several times over.
     */
    private static boolean awaitLiveThreadsAtMost(int target) {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        int last = Integer.MAX_VALUE;
        while (Strand.liveThreads() > target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            int now = Strand.liveThreads();
            if (now >= last) {
                System.gc();
            }
            last = now;
            LockSupport.parkNanos(50_000_000L); // poll interval while the Cleaner works
        }
        return true;
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
