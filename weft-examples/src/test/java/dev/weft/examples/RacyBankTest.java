package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.aio.EventLoop;
import dev.weft.aio.EventLoopBuilder;
import dev.weft.testing.Seeds;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The racy bank: seeds find the overdraft arrival order hides, replay it, and the lock fixes it. */
@Timeout(60)
class RacyBankTest {
    @TempDir
    Path dir;

    @Test
    void arrivalOrderHidesTheRace() {
        assertEquals(20, RacyBank.payBoth(EventLoop.builder().virtual(), false));
    }

    @Test
    void aSeedFindsTheOverdraftAndItsSeedAndItsRecordingReplayIt() {
        Path file = dir.resolve("overdraft.schedule");
        long found = -1;
        for (long seed = 0; seed < 100 && found < 0; seed++) {
            if (RacyBank.payBoth(EventLoop.builder().virtual().seed(seed).record(file), false) < 0) {
                found = seed;
            }
        }
        assertTrue(found >= 0, "100 seeds and no overdraft");
        for (int i = 0; i < 5; i++) {
            assertEquals(-10, RacyBank.payBoth(EventLoop.builder().virtual().seed(found), false));
            assertEquals(-10, RacyBank.payBoth(EventLoop.builder().virtual().replay(file), false));
        }
    }

    /** The seeds under which the racy account overdrew, collected by {@link #theRacyAccountEndsAt20OrOverdrawn}. */
    private static final Set<Long> OVERDRAWN = ConcurrentHashMap.newKeySet();

    /** Under every seed the racy account either refuses groceries (20) or pays both (-10); which, the seed decides. */
    @Seeds(count = 50)
    void theRacyAccountEndsAt20OrOverdrawn(long seed, EventLoopBuilder loop) {
        int balance = RacyBank.payBoth(loop, false);
        assertTrue(balance == 20 || balance == -10, "balance " + balance);
        if (balance < 0) {
            OVERDRAWN.add(seed);
        }
    }

    /** The {@code @Seeds} runs found the overdraft; each seed they found replays it. */
    @AfterAll
    static void theSeedsFoundTheOverdraftAndEachReplaysIt() {
        assertTrue(!OVERDRAWN.isEmpty(), "50 seeds and no overdraft");
        for (long seed : OVERDRAWN) {
            assertEquals(-10, RacyBank.payBoth(EventLoop.builder().virtual().seed(seed), false), "seed " + seed);
        }
    }

    /** Every seed, arrival order included, keeps the locked account at 20 or 70, never below 0. */
    @Seeds(count = 50)
    void theLockedAccountNeverOverdraws(EventLoopBuilder loop) {
        int balance = RacyBank.payBoth(loop, true);
        assertTrue(balance == 20 || balance == 70, "balance " + balance);
    }

    @Test
    void theTourEntryHuntsReplaysAndFixes() throws Exception {
        List<String> lines = Capture.lines(RacyBank::run);
        assertEquals(4, lines.size(), lines.toString());
        assertEquals("arrival order: balance 20", lines.get(0));
        assertTrue(lines.get(1).matches("seeds 0\\.\\.: seed \\d+ overdraws: balance -10"), lines.get(1));
        assertEquals("replayed from its recording: balance -10", lines.get(2));
        assertTrue(lines.get(3).matches("with the lock, 100 seeds: lowest balance (20|70)"), lines.get(3));
    }
}
