package dev.weft.examples;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import dev.weft.aio.EventLoopBuilder;
import dev.weft.aio.Lock;
import dev.weft.aio.Task;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately racy bank account: a withdrawal checks the balance, awaits a fraud check, then
 * debits. Two withdrawals (rent 80, groceries 30, from 100) can both pass the check before either
 * debits, and the balance ends at -10. In arrival order the race never shows; seeded schedules
 * find it, and a seed or a recording replays it exactly.
 *
 * <pre>{@code
 * async def withdraw(self, amount):
 *     if self.balance >= amount:        # check ...
 *         await self.fraud_check()      # ... an await: another task may run here ...
 *         self.balance -= amount        # ... then act on a balance that may have changed
 * }</pre>
 *
 * <p>The fix holds a {@link Lock} from the check to the debit ({@link #withdrawLocked}).
 */
public final class RacyBank {
    private int balance;
    private final Lock lock = new Lock();
    private final List<String> log = new ArrayList<>();

    /** An account holding {@code balance}. */
    public RacyBank(int balance) {
        this.balance = balance;
    }

    /** The balance now. */
    public int balance() {
        return balance;
    }

    /** What happened, in order. */
    public List<String> log() {
        return log;
    }

    /** Withdraws {@code amount} if the balance covers it, with the fraud check between check and debit: racy. */
    public boolean withdraw(String what, int amount) {
        if (balance < amount) { // check ...
            log.add(what + " " + amount + " refused (balance " + balance + ")");
            return false;
        }
        Aio.sleep(0); // ... the fraud check: an await, where the other withdrawal may run ...
        balance -= amount; // ... then act
        log.add(what + " " + amount + " paid (balance " + balance + ")");
        return true;
    }

    /** The fix: the same, holding the account's lock from the check to the debit. */
    public boolean withdrawLocked(String what, int amount) {
        try (var held = lock.hold()) {
            return withdraw(what, amount);
        }
    }

    /**
     * Pays rent (80) at once and groceries (30) after looking up the price (one await), as two
     * tasks of the loop {@code loop} builds; returns the final balance.
     */
    public static int payBoth(EventLoopBuilder loop, boolean locked) {
        return loop.run(() -> new RacyBank(100).payBoth(locked));
    }

    private int payBoth(boolean locked) {
        EventLoop loop = EventLoop.current();
        Task<Boolean> rent = loop.createTask(() -> locked ? withdrawLocked("rent", 80) : withdraw("rent", 80));
        Task<Boolean> groceries = loop.createTask(() -> {
            Aio.sleep(0); // looking up the price
            return locked ? withdrawLocked("groceries", 30) : withdraw("groceries", 30);
        });
        rent.await();
        groceries.await();
        return balance;
    }

    /** The tour: arrival order, then a hunt over seeds, the replay of the one found, and the fix. */
    public static void run(PrintStream out) throws Exception {
        out.println("arrival order: balance " + payBoth(EventLoop.builder().virtual(), false));
        Path file = Files.createTempFile("racy-bank", ".schedule");
        try {
            long found = -1;
            for (long seed = 0; seed < 100 && found < 0; seed++) {
                if (payBoth(EventLoop.builder().virtual().seed(seed).record(file), false) < 0) {
                    found = seed;
                }
            }
            out.println("seeds 0..: seed " + found + " overdraws: balance "
                    + payBoth(EventLoop.builder().virtual().seed(found), false));
            out.println("replayed from its recording: balance "
                    + payBoth(EventLoop.builder().virtual().replay(file), false));
        } finally {
            Files.deleteIfExists(file);
        }
        int lowest = Integer.MAX_VALUE;
        for (long seed = 0; seed < 100; seed++) {
            lowest = Math.min(lowest, payBoth(EventLoop.builder().virtual().seed(seed), true));
        }
        out.println("with the lock, 100 seeds: lowest balance " + lowest);
    }

    /** Runs the tour entry. */
    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
