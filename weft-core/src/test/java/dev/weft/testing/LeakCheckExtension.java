package dev.weft.testing;

import dev.weft.internal.strand.Strand;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Fails a test that leaves weft threads behind. Registered for every weft-core test through
 * {@code META-INF/services} and {@code junit-platform.properties} (extension auto-detection).
 *
 * <p>After each test it checks two things, cheaply:
 * <ol>
 *   <li>Platform threads: every live platform thread whose name starts with {@code weft} and
 *       that was not alive before the test (the JVM-wide {@code weft-strand-cleaner} is ignored)
 *       must end within a short grace period (it is joined, never slept on). A loop, hub or
 *       pool a test forgot to shut down shows up here, with its stack.</li>
 *   <li>weft's virtual threads ({@link Strand#liveThreads()}: hand-off strands and loop-scheduled
 *       tasks): if the count grew during the test, the check calls {@code System.gc()} in a
 *       bounded poll until the Cleaner has ended the strands the test abandoned. Suspended generators a test simply dropped are
 *       fine; the test fails only if the count stays up, i.e. a strand is still running or
 *       blocked, or a suspended one is still reachable (a static field, a test-instance field, a
 *       thread that holds it). The GC runs only after tests that grew the count, so the check
 *       costs nothing in the continuation execution and little in the portable one.</li>
 * </ol>
 *
 * <p>A test that leaves threads on purpose is annotated {@link AllowLeftovers}.
 *
 * <p>Python: greenlet's and gevent's test suites wrap every test in a similar leak check.
 */
public final class LeakCheckExtension implements BeforeEachCallback, AfterEachCallback {

    /** Exempts a test method or class from the leak check; say why in {@code value}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    public @interface AllowLeftovers {
        /** Why the test leaves threads behind. */
        String value();
    }

    /** Names of JVM-wide weft threads that live for the rest of the JVM by design. */
    private static final Set<String> PERMANENT = Set.of("weft-strand-cleaner", "weft-aio-cleaner");

    /**
     * Name prefixes of JVM-wide pools whose idle threads outlive a test by design: the shared
     * {@code toThread} pool keeps an idle thread for a minute, and so does the one loop watchdog
     * thread of the JVM after the last loop stops.
     */
    private static final List<String> SHARED_POOLS = List.of("weft-to-thread-", "weft-watchdog");

    static final Duration THREAD_GRACE = Duration.ofSeconds(5);
    static final Duration STRAND_GRACE = Duration.ofSeconds(20);

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheckExtension.class);

    /** Creates the extension (JUnit does, through the service loader). */
    public LeakCheckExtension() {
    }

    /** What was alive before a test. */
    record Snapshot(Set<Thread> weftThreads, int weftVirtualThreads) {
    }

    static Snapshot snapshot() {
        return new Snapshot(weftPlatformThreads(), Strand.liveThreads());
    }

    private static Set<Thread> weftPlatformThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.isVirtual() && t.isAlive() && t.getName().startsWith("weft")
                        && !PERMANENT.contains(t.getName())
                        && SHARED_POOLS.stream().noneMatch(t.getName()::startsWith))
                .collect(Collectors.toSet());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put(Snapshot.class, snapshot());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Snapshot before = context.getStore(NS).remove(Snapshot.class, Snapshot.class);
        if (before == null || allowed(context)) {
            return;
        }
        String problem = check(before, THREAD_GRACE, STRAND_GRACE);
        if (problem != null) {
            throw new AssertionError("leak check after " + context.getDisplayName() + ": " + problem);
        }
    }

    private static boolean allowed(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, AllowLeftovers.class)).orElse(false)
                || context.getTestClass().map(c -> AnnotationSupport.isAnnotated(c, AllowLeftovers.class)).orElse(false);
    }

    /** Returns a description of what leaked since {@code before}, or null if nothing did. */
    static String check(Snapshot before, Duration threadGrace, Duration strandGrace) {
        List<String> problems = new ArrayList<>();
        long threadDeadline = System.nanoTime() + threadGrace.toNanos();
        for (Thread t : weftPlatformThreads()) {
            if (before.weftThreads().contains(t)) {
                continue;
            }
            long left = threadDeadline - System.nanoTime();
            if (left > 0) {
                try {
                    t.join(Duration.ofNanos(left));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "interrupted while waiting for " + t + " to end";
                }
            }
            if (t.isAlive()) {
                problems.add("platform thread " + t.getName() + " (" + t.getState() + ") is still alive; shut down "
                        + "what started it (close the loop / hub / pool) before the test ends. Its stack:\n    "
                        + Arrays.stream(t.getStackTrace()).map(String::valueOf).collect(Collectors.joining("\n    ")));
            }
        }
        int grew = Strand.liveThreads() - before.weftVirtualThreads();
        if (grew > 0) {
            long deadline = System.nanoTime() + strandGrace.toNanos();
            int last = Integer.MAX_VALUE;
            while (Strand.liveThreads() > before.weftVirtualThreads() && System.nanoTime() < deadline) {
                // GC only when the count stopped falling: a forced full GC slows the Cleaner down.
                int now = Strand.liveThreads();
                if (now >= last) {
                    System.gc();
                }
                last = now;
                LockSupport.parkNanos(10_000_000L); // poll interval for the Cleaner, not synchronisation
            }
            int left = Strand.liveThreads() - before.weftVirtualThreads();
            if (left > 0) {
                problems.add(left + " weft virtual thread(s) (hand-off strands, loop-scheduled tasks) started by the "
                        + "test are still alive " + strandGrace + " after it ended, despite GC: a generator, strand "
                        + "body or task is still running or blocked, or a suspended generator is still reachable "
                        + "(static or test-instance field). Close it (Generator.close(), loop.close()) or let it "
                        + "become unreachable; if it is deliberate, annotate the test "
                        + "@LeakCheckExtension.AllowLeftovers");
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }
}
