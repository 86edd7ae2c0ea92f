package dev.weft.examples;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Seed 003: print the date every second for five seconds, measured with {@code loop.time()}.
 *
 * <pre>{@code
 * async def display_date(loop):
 *     end_time = loop.time() + 5.0
 *     while True:
 *         print(datetime.datetime.now())
 *         if (loop.time() + 1.0) >= end_time:
 *             break
 *         await asyncio.sleep(1)
 * }</pre>
 *
 * <p>The demo runs on a virtual-clock loop ({@link EventLoop#createVirtual()}): the five seconds
 * of loop time pass at once, and the date printed is the start date plus the loop time. Run it
 * with {@code --real} to wait five real seconds and print the wall clock, as the seed does.
 */
public final class DisplayDate {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private DisplayDate() {
    }

    /**
     * The coroutine: prints {@code start} advanced by the loop time, or the wall clock when
     * {@code start} is null.
     */
    static Void displayDate(EventLoop loop, PrintStream out, LocalDateTime start) {
        double endTime = loop.time() + 5.0;
        double t0 = loop.time();
        while (true) {
            LocalDateTime now = start == null ? LocalDateTime.now()
                    : start.plusNanos(Math.round((loop.time() - t0) * 1e9));
            out.println(FORMAT.format(now) + "  (loop time " + String.format("%.1f", loop.time() - t0) + " s)");
            if (loop.time() + 1.0 >= endTime) {
                break;
            }
            Aio.sleep(1);
        }
        return null;
    }

    /** Runs {@code displayDate} on {@code loop}, dating the lines from {@code start} (null: wall clock). */
    public static void run(EventLoop loop, PrintStream out, LocalDateTime start) {
        loop.runUntilComplete(() -> displayDate(loop, out, start));
    }

    /** Runs on a virtual clock (instant), or with {@code --real} on the real clock (five seconds). */
    public static void main(String[] args) {
        boolean real = args.length > 0 && args[0].equals("--real");
        if (real) {
            try (EventLoop loop = EventLoop.create()) {
                run(loop, System.out, null);
            }
        } else {
            System.out.println("(virtual clock: five seconds of loop time pass at once; --real waits for them)");
            try (EventLoop loop = EventLoop.createVirtual()) {
                run(loop, System.out, LocalDateTime.now());
            }
        }
    }
}
