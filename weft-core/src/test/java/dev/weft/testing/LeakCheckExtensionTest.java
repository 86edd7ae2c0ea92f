package dev.weft.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.strand.Backend;
import dev.weft.internal.strand.Strand;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The leak check finds what it promises to find, and nothing else. */
@Timeout(60)
class LeakCheckExtensionTest {
    private static final Duration SHORT = Duration.ofMillis(200);

    @Test
    void nothingStartedMeansNoProblem() {
        LeakCheckExtension.Snapshot before = LeakCheckExtension.snapshot();
        assertNull(LeakCheckExtension.check(before, SHORT, SHORT));
    }

    @Test
    void aWeftPlatformThreadLeftRunningIsReportedWithItsName() throws Exception {
        LeakCheckExtension.Snapshot before = LeakCheckExtension.snapshot();
        CountDownLatch release = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().name("weft-test-leaker").start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            String problem = LeakCheckExtension.check(before, SHORT, SHORT);
            assertNotNull(problem);
            assertTrue(problem.contains("weft-test-leaker") && problem.contains("shut down"), problem);
        } finally {
            release.countDown();
            t.join();
        }
        assertNull(LeakCheckExtension.check(before, SHORT, SHORT));
    }

    @Test
    void otherPlatformThreadsAreIgnored() throws Exception {
        LeakCheckExtension.Snapshot before = LeakCheckExtension.snapshot();
        CountDownLatch release = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().name("not-ours").start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertNull(LeakCheckExtension.check(before, SHORT, SHORT));
        } finally {
            release.countDown();
            t.join();
        }
    }

    @Test
    void aReachableSuspendedHandoffStrandIsReportedUntilItEnds() {
        LeakCheckExtension.Snapshot before = LeakCheckExtension.snapshot();
        Strand held = Strand.create(Backend.HANDOFF, sus -> sus.suspend(null));
        held.resume(null);
        String problem = LeakCheckExtension.check(before, SHORT, SHORT);
        assertNotNull(problem);
        assertTrue(problem.contains("1 hand-off strand thread(s)") && problem.contains("Generator.close()"), problem);
        held.resume(null);
        assertTrue(held.isDone());
        assertEquals(before.handoffThreads(), Strand.liveThreads());
        assertNull(LeakCheckExtension.check(before, SHORT, SHORT));
    }

    @Test
    void anAbandonedSuspendedHandoffStrandIsNotALeak() {
        LeakCheckExtension.Snapshot before = LeakCheckExtension.snapshot();
        abandonOne();
        assertNull(LeakCheckExtension.check(before, SHORT, Duration.ofSeconds(20)));
    }

    private static void abandonOne() {
        Strand.create(Backend.HANDOFF, sus -> sus.suspend(null)).resume(null);
    }
}
