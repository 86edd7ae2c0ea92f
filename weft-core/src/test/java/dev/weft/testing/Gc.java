package dev.weft.testing;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;

/**
 * Waits for the garbage collector to clear an object, for tests that assert something is not kept
 * reachable. The wait is on a {@link ReferenceQueue}: the test wakes the moment the collector
 * enqueues the reference, not after a fixed sleep, and gives up after a bounded time.
 *
 * <p>Tests that use it are tagged {@value #TAG} (they ask for full collections, which is slow on a
 * busy machine): {@code -Dweft.test.excludedTags=gc,realtime-long} leaves them out.
 *
 * {@snippet :
 * Gc.Watch watch = Gc.watch(suspendedThenDropped()); // no strong reference kept
 * assertTrue(watch.awaitCollected(), "nothing keeps a dropped greenlet reachable");
 * }
 */
public final class Gc {

    /** The JUnit tag of tests that wait for the garbage collector. */
    public static final String TAG = "gc";

    /** How long {@link Watch#awaitCollected()} waits: long enough for a loaded two-core machine. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private Gc() {
    }

    /** Starts watching {@code referent}; the watch does not keep it reachable. */
    public static Watch watch(Object referent) {
        return new Watch(referent);
    }

    /** A weak reference registered with its own queue. */
    public static final class Watch {
        private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
        private final WeakReference<Object> ref;

        private Watch(Object referent) {
            this.ref = new WeakReference<>(referent, queue);
        }

        /** Whether the referent has been cleared already. */
        public boolean isCollected() {
            return ref.refersTo(null);
        }

        /** {@link #awaitCollected(Duration)} with {@link #DEFAULT_WAIT}. */
        public boolean awaitCollected() throws InterruptedException {
            return awaitCollected(DEFAULT_WAIT);
        }

        /**
         * Requests collections until the referent is cleared and its reference enqueued, or
         * {@code max} has passed.
         *
         * @return whether it was collected
         */
        public boolean awaitCollected(Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            while (true) {
                if (queue.poll() != null) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return isCollected();
                }
                System.gc();
                // Woken by the enqueue itself; the 100 ms bound only decides when to ask for the next GC.
                if (queue.remove(Math.max(1, Math.min(100, left / 1_000_000))) != null) {
                    return true;
                }
            }
        }
    }
}
