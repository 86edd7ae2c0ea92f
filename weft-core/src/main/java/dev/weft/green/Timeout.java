package dev.weft.green;

import dev.weft.aio.EventLoop;
import dev.weft.internal.strand.Strand;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * gevent's {@code Timeout}: a deadline over a block of code in the calling green task, and the
 * exception it raises there when the deadline passes.
 *
 * {@snippet :
 * String page = Timeout.run(5, () -> fetch(url));              // with Timeout(5): raises Timeout
 * String maybe = Timeout.runOr(5, null, () -> fetch(url));     // with Timeout(5, False): null instead
 * String other = Timeout.run(5, new IOException("slow"), () -> fetch(url)); // Timeout(5, IOException)
 * }
 *
 * <p>When the deadline passes, the block is cancelled at its suspension point (its {@code finally}
 * blocks run; a blocking JDK call on the loop-scheduled backend is interrupted) and the scope then
 * throws this {@code Timeout}, or the exception it was given, or returns the default. Nested
 * scopes behave: each catches only its own expiry, so an inner scope never hides an outer one and
 * an outer expiry passes through inner ones (gevent's {@code except Timeout as t: if t is not
 * timeout: raise}, done for you). The machinery is the event loop's own deadline scope
 * ({@link dev.weft.aio.Aio#timeout}); this class only turns its {@code TimeoutError} into gevent's outcome.
 *
 * <p>Used from a plain {@code main}, the block runs as a task on the hub while the thread runs
 * the hub, like every waiting call of {@link Gevent}.
 *
 * <p>It is an {@link Error}, as gevent's {@code Timeout} is a {@code BaseException}: a
 * {@code catch (Exception e)} in the block does not swallow it.
 *
 * <p>Python: {@code gevent.Timeout(seconds, exception)} used as {@code with}; the lambda replaces
 * the {@code with} block because a try-with-resources {@code close()} cannot replace the
 * exception leaving a block. {@link Gevent#withTimeout} is {@code gevent.with_timeout}.
 * {@code seconds} of {@link Gevent#FOREVER} (gevent's {@code None}) never expires.
 */
public final class Timeout extends Error {
    private static final long serialVersionUID = 1L;

    private final double seconds;

    /** Creates the exception a {@code seconds} deadline raises; the message is gevent's ("5 seconds"). */
    public Timeout(double seconds) {
        this(seconds, describe(seconds));
    }

    /** Creates a timeout exception with a message of its own. */
    public Timeout(double seconds, String message) {
        super(message);
        this.seconds = seconds;
    }

    private static String describe(double seconds) {
        String n = seconds == Math.rint(seconds) && !Double.isInfinite(seconds)
                ? String.valueOf((long) seconds) : String.format(Locale.ROOT, "%s", seconds);
        return n + (seconds == 1 ? " second" : " seconds");
    }

    /** The deadline's length in seconds. */
    public double seconds() {
        return seconds;
    }

    /**
     * Runs {@code block} under a deadline {@code seconds} from now and returns its value; when the
     * deadline passes first, throws a {@code Timeout}.
     *
     * @suspends as the block does; in a plain {@code main}, runs the hub until the block ends
     * @cancellation an outside cancellation (a kill) stays one; only this scope's own expiry
     *     becomes the {@code Timeout}
     * @thread the hub's thread
     */
    public static <T> T run(double seconds, Callable<T> block) {
        Timeout t = new Timeout(seconds);
        return scope(seconds, block, () -> {
            throw t;
        });
    }

    /**
     * Runs {@code block} under a deadline; when it passes first, throws {@code exception} (the
     * same object) instead of a {@code Timeout}. Python: {@code Timeout(seconds, exception)}.
     *
     * @see #run(double, Callable)
     */
    public static <T> T run(double seconds, Throwable exception, Callable<T> block) {
        Objects.requireNonNull(exception, "exception");
        return scope(seconds, block, () -> {
            throw Strand.sneakyThrow(exception);
        });
    }

    /**
     * Runs {@code block} under a deadline; when it passes first, returns {@code fallback} instead
     * of raising. Python: {@code with Timeout(seconds, False):} (a block cut short carries on
     * after the {@code with}), and {@code with_timeout(seconds, fn, timeout_value=fallback)}.
     *
     * @see #run(double, Callable)
     */
    public static <T> T runOr(double seconds, T fallback, Callable<T> block) {
        return scope(seconds, block, () -> fallback);
    }

    private static <T> T scope(double seconds, Callable<T> block, Callable<T> onExpiry) {
        Objects.requireNonNull(block, "block");
        EventLoop hub = Hub.current();
        return Hub.block(hub, "Timeout.run(" + seconds + ")",
                () -> Hub.within(Hub.deadline(hub, seconds), block, onExpiry));
    }
}
