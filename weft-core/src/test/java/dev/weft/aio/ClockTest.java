package dev.weft.aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.aio.Clock.Outside;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The clocks on their own: the answers the loop gets when nothing is ready. */
class ClockTest {
    private static final double NO_TIMER = Double.NaN;

    @Nested
    class Real {
        @Test
        void waitsUntilTheNextTimerRoundedUpToAMillisecond() {
            Clock c = Clock.real();
            assertFalse(c.isVirtual());
            double now = c.now();
            long ms = c.waitMillis(now + 10, () -> Outside.NONE);
            assertTrue(ms > 9_000 && ms <= 10_001, ms + " ms for a timer 10 s away");
            assertEquals(0, c.waitMillis(now - 1, () -> Outside.NONE), "a timer already due: no wait");
        }

        @Test
        void withoutTimersWaitsForEverAndNeverCallsItStuck() {
            assertEquals(Clock.FOREVER, Clock.real().waitMillis(NO_TIMER, () -> {
                throw new AssertionError("the real clock has no autojump rule to consult");
            }));
        }
    }

    @Nested
    class VirtualAutojump {
        @Test
        void startsAtZeroAndJumpsToTheNextTimerWhenNothingOutsideIsPending() {
            Clock c = Clock.virtual();
            assertTrue(c.isVirtual());
            assertEquals(0.0, c.now());
            assertEquals(0, c.waitMillis(3600, () -> Outside.NONE));
            assertEquals(3600.0, c.now());
        }

        @Test
        void neverGoesBackForATimerAlreadyDue() {
            Clock c = Clock.virtual();
            c.waitMillis(10, () -> Outside.NONE);
            assertEquals(0, c.waitMillis(5, () -> Outside.NONE));
            assertEquals(10.0, c.now());
        }

        @Test
        void outsideWorkHoldsTheClockWithoutATimeout() {
            Clock c = Clock.virtual();
            assertEquals(Clock.FOREVER, c.waitMillis(1, () -> Outside.WORK));
            assertFalse(c.afterWait(true, 1, () -> Outside.WORK));
            assertEquals(0.0, c.now());
        }

        @Test
        void nothingOutsideAndNoTimerIsStuck() {
            assertEquals(Clock.STUCK, Clock.virtual().waitMillis(NO_TIMER, () -> Outside.NONE));
        }

        @Test
        void blockedTasksWithoutATimerWaitForEver() {
            assertEquals(Clock.FOREVER, Clock.virtual().waitMillis(NO_TIMER, () -> Outside.BLOCKED_TASKS));
        }

        @Test
        void blockedTasksHoldTheClockForTheGracePeriodThenItJumpsAndWarnsOnce() {
            Clock c = Clock.virtual();
            assertEquals(Clock.BLOCKED_GRACE_MS, c.waitMillis(7, () -> Outside.BLOCKED_TASKS));
            assertEquals(0.0, c.now(), "no jump before the grace period ran out");
            assertTrue(c.afterWait(true, 7, () -> Outside.BLOCKED_TASKS), "the first forced jump warns");
            assertEquals(7.0, c.now());
            c.waitMillis(9, () -> Outside.BLOCKED_TASKS);
            assertFalse(c.afterWait(true, 9, () -> Outside.BLOCKED_TASKS), "only the first one warns");
            assertEquals(9.0, c.now());
        }

        @Test
        void quietWatchedChannelsHoldTheClockForTheGracePeriodThenItJumpsWithoutWarning() {
            Clock c = Clock.virtual();
            assertEquals(Clock.FOREVER, c.waitMillis(NO_TIMER, () -> Outside.IO_WAIT), "no timer: wait for the I/O");
            assertEquals(Clock.BLOCKED_GRACE_MS, c.waitMillis(7, () -> Outside.IO_WAIT));
            assertEquals(0.0, c.now(), "no jump before the grace period ran out");
            assertFalse(c.afterWait(true, 7, () -> Outside.IO_WAIT), "idle I/O is normal: no warning");
            assertEquals(7.0, c.now());
        }

        @Test
        void aWakeupDuringTheGracePeriodCancelsTheJump() {
            Clock c = Clock.virtual(50);
            assertEquals(50, c.waitMillis(7, () -> Outside.BLOCKED_TASKS));
            assertFalse(c.afterWait(false, 7, () -> Outside.BLOCKED_TASKS), "something became ready");
            assertEquals(0.0, c.now());
            c.waitMillis(7, () -> Outside.BLOCKED_TASKS);
            assertFalse(c.afterWait(true, 7, () -> Outside.WORK), "outside work arrived meanwhile");
            assertEquals(0.0, c.now());
        }

        @Test
        void afterWaitWithoutAGraceWaitDoesNothing() {
            Clock c = Clock.virtual();
            assertFalse(c.afterWait(true, 5, () -> Outside.BLOCKED_TASKS));
            assertEquals(0.0, c.now());
        }
    }

    @Nested
    class Ownership {
        @Test
        void aClockDrivesOneLoopOnly() {
            Clock c = Clock.virtual();
            try (EventLoop loop = EventLoop.create(c)) {
                assertTrue(loop.isVirtual());
                assertSame(c, loop.clock);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventLoop.create(c));
                assertTrue(e.getMessage().contains("Clock.virtual()"), e.getMessage());
            }
        }

        @Test
        void runOnAGivenClockReadsItsTime() {
            assertEquals(3600.0, EventLoop.run(() -> {
                Aio.sleep(3600);
                return EventLoop.current().time();
            }, Clock.virtual()));
        }

        @Test
        void runVirtualCancelsLeftoversAndClosesTheLoop() {
            EventLoop[] seen = new EventLoop[1];
            Task<?>[] leftover = new Task<?>[1];
            assertEquals("main", EventLoop.runVirtual(() -> {
                seen[0] = EventLoop.current();
                leftover[0] = seen[0].createTask(() -> {
                    Aio.sleep(1e9);
                    return null;
                });
                Aio.sleep(0);
                return "main";
            }));
            assertTrue(seen[0].isClosed());
            assertTrue(leftover[0].cancelled(), leftover[0].toString());
        }
    }
}
