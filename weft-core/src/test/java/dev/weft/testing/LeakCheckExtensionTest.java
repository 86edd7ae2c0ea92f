package dev.weft.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.aio.Aio;
import dev.weft.aio.Backends;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Future;
import dev.weft.aio.TaskBackend;
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
        assertTrue(problem.contains("1 weft virtual thread(s)") && problem.contains("Generator.close()"), problem);
        held.resume(null);
        assertTrue(held.isDone());
        assertEquals(before.weftVirtualThreads(), Strand.liveThreads());
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

    @Test
    void aLoopScheduledTaskLeftPendingIsReportedUntilItsLoopCloses() {
        assumeTrue(Backends.tasks() == TaskBackend.LOOP, "needs loop-scheduled tasks (weft's flags)");
        LeakCheckExtension.Snapshot before = LeakCheckExtension.snapshot();
        EventLoop loop = EventLoop.createVirtual();
        try {
            loop.runUntilComplete(() -> {
                Future<Void> never = loop.createFuture();
                loop.createTask(() -> never.await());
                Aio.sleep(0); // the task starts and parks on its own virtual thread
                return null;
            });
            String problem = LeakCheckExtension.check(before, SHORT, SHORT);
            assertNotNull(problem);
            assertTrue(problem.contains("1 weft virtual thread(s)") && problem.contains("loop.close()"), problem);
        } finally {
            loop.close(); // unwinds the pending task: its thread ends
        }
        assertNull(LeakCheckExtension.check(before, SHORT, SHORT));
    }
}
