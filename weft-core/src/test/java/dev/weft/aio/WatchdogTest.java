package dev.weft.aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loop watchdog reports a loop stuck in one step, once, and its recovery. The stuck step is
 * released by the test only after the report was observed (no sleeps); only the threshold is real
 * time, and a short one.
 */
@Tag("realtime")
@Timeout(30)
class WatchdogTest {
    private static final double THRESHOLD = 0.05;
    /** A bound on waiting for a report, so that a missing one fails the test instead of hanging it. */
    private static final long REPORT_BOUND_S = 10;

    /**
     * Runs {@code stuckBody} as task "stuck" on a new loop with a short watchdog threshold; a
     * helper thread calls {@code release} once the stuck report arrived. Returns every report.
     */
    private static List<String> runStuck(TaskBackend backend, java.util.concurrent.Callable<Void> stuckBody,
            Runnable release) throws Exception {
        BlockingQueue<String> reports = new LinkedBlockingQueue<>();
        List<String> all = new ArrayList<>();
        Thread releaser = Thread.ofPlatform().name("releaser").start(() -> {
            try {
                String first = reports.poll(REPORT_BOUND_S, TimeUnit.SECONDS);
                if (first != null) {
                    all.add(first);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                release.run(); // released only after the report was seen (or the bound ran out)
            }
        });
        try (EventLoop loop = EventLoop.create(Clock.real(), backend)) {
            loop.setWatchdog(THRESHOLD);
            loop.setExceptionHandler((l, c) -> reports.add(c.message()));
            loop.runUntilComplete(() -> EventLoop.current().createTask(stuckBody, "stuck").await());
        }
        releaser.join();
        reports.drainTo(all);
        return all;
    }

    private static void assertStuckThenRecovered(List<String> reports, String frame) {
        assertEquals(2, reports.size(), reports.toString());
        String stuck = reports.get(0);
        assertTrue(stuck.startsWith("Event loop stuck: "), stuck);
        assertTrue(stuck.contains("Task[stuck"), "names the task: " + stuck);
        assertTrue(stuck.contains(frame), "shows the task's stack (" + frame + "): " + stuck);
        assertTrue(stuck.contains("loop.toThread(...)"), "names the fix: " + stuck);
        String recovered = reports.get(1);
        assertTrue(recovered.startsWith("Event loop recovered: "), recovered);
        Matcher m = Pattern.compile("after about ([0-9.]+) s stuck in one step of stuck").matcher(recovered);
        assertTrue(m.find(), recovered);
        assertTrue(Double.parseDouble(m.group(1)) >= THRESHOLD, "the time lost covers the threshold: " + recovered);
    }

    @Test
    void aTaskBlockedInALatchOutsideWeftIsReportedOnceAndAgainWhenItRecovers() throws Exception {
        // strand tasks: a JDK wait that weft does not see blocks the loop's thread itself
        CountDownLatch latch = new CountDownLatch(1);
        List<String> reports = runStuck(TaskBackend.STRAND, () -> {
            latch.await();
            return null;
        }, latch::countDown);
        assertStuckThenRecovered(reports, "CountDownLatch.await");
    }

    @Test
    void aTaskComputingForLongIsReportedOnEveryBackend() throws Exception {
        AtomicBoolean released = new AtomicBoolean();
        List<String> reports = runStuck(Backends.tasks(), spinUntilReleased(released),
                () -> released.set(true));
        assertStuckThenRecovered(reports, "WatchdogTest.spin(");
    }

    private static java.util.concurrent.Callable<Void> spinUntilReleased(AtomicBoolean released) {
        return () -> {
            spin(released);
            return null;
        };
    }

    private static void spin(AtomicBoolean released) {
        while (!released.get()) {
            Thread.onSpinWait(); // a computation that never parks: it holds the loop's thread
        }
    }

    @Test
    void theThresholdIsValidatedAndDefaultsToTheProperty() {
        try (EventLoop loop = EventLoop.createVirtual()) {
            String p = System.getProperty(Watchdog.PROPERTY);
            assertEquals(p == null ? Watchdog.DEFAULT_SECONDS : Double.parseDouble(p), loop.getWatchdog());
            loop.setWatchdog(0);
            assertEquals(0.0, loop.getWatchdog());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.setWatchdog(-1));
            assertTrue(e.getMessage().contains("0 turns the watchdog off"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> loop.setWatchdog(Double.NaN));
        }
    }

    @Test
    void oneWatchdogThreadServesEveryLoop() throws Exception {
        int loops = 3;
        CountDownLatch allRunning = new CountDownLatch(loops);
        CountDownLatch done = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < loops; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (EventLoop loop = EventLoop.create()) {
                    loop.runUntilComplete(() -> loop.toThread(() -> {
                        allRunning.countDown();
                        done.await();
                        return null;
                    }).await());
                }
            }));
        }
        allRunning.await();
        long watchdogs = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("weft-watchdog") && t.isAlive()).count();
        done.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, watchdogs, "one watchdog thread for " + loops + " running loops");
    }
}
