package dev.weft.internal.strand;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;

/**
 * Virtual threads whose scheduler is a given {@link Executor}: how the event loop runs a task as a
 * virtual thread that the loop thread itself runs (its loop-scheduled task backend). A park of any kind
 * (a weft await, {@code Thread.sleep}, a blocking socket read, {@code BlockingQueue.take}) unmounts
 * the task and hands the loop thread back; the JDK's unpark submits the task's continuation to the
 * executor again, from whatever thread unparks it.
 *
 * <p>Needs {@code --add-opens java.base/java.lang=ALL-UNNAMED} (or {@code =dev.weft} on the module
 * path): the JDK's builder with a custom scheduler is not public API.
 *
 * <p>Python: none; CPython cannot make a blocking call switch tasks (gevent patches the standard
 * library to get this effect).
 */
/* Implementation notes
 *
 * The JDK keeps a package-private constructor ThreadBuilders.VirtualThreadBuilder(Executor) (used
 * by its own tests). We reach it by reflection once and cache it. Each call to builder() makes a
 * fresh builder bound to one executor; the event loop gives every task its own executor so that it
 * knows which task a submitted continuation belongs to.
 *
 * The executor's contract, as the JDK uses it: execute(r) is called when the thread starts, and
 * whenever it becomes runnable after parking (unpark, interrupt, timed-park expiry, I/O readiness),
 * from the thread that made it runnable. r must eventually be run on a platform thread; running it
 * mounts the virtual thread and returns when the thread parks or ends.
 *
 * Inheritance: the JDK gives a virtual thread created by a virtual thread the creator's scheduler.
 * Two consequences are handled elsewhere: the JDK's own poller threads are created early from a
 * platform thread (static initialiser below), and the event loop routes continuations that are not
 * its task's own (threads a task started) as plain loop callbacks.
 */
public final class LoopScheduledThreads {
    private static final Constructor<?> CTOR = find();
    /** Reads VirtualThread.scheduler; null when CTOR is null. */
    private static final MethodHandle SCHEDULER = CTOR == null ? null : findSchedulerGetter();

    static {
        if (CTOR != null) {
            initJdkPollersOnAPlatformThread();
        }
    }

    /**
     * The JDK creates its I/O poller threads (virtual threads, on Linux) the first time any virtual
     * thread blocks on a socket, and a virtual thread created by a virtual thread inherits its
     * scheduler. If that first time were inside a loop-scheduled task, the JVM's pollers would be
     * scheduled by that task's loop, and all virtual-thread I/O would stop when the loop does. So
     * the pollers are created here, once, from a platform thread.
     */
    private static void initJdkPollersOnAPlatformThread() {
        // A nested class, not a lambda: a lambda's body belongs to this class, whose initialisation
        // (running now) the platform thread would wait for.
        Thread t = Thread.ofPlatform().daemon().name("weft-poller-init").start(new PollerInit());
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private LoopScheduledThreads() {
    }

    private static Constructor<?> find() {
        try {
            if (!BackendPolicy.loopThreadsAllowed()) {
                return null;
            }
            Class<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            Constructor<?> k = c.getDeclaredConstructor(Executor.class);
            k.setAccessible(true);
            return k;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static MethodHandle findSchedulerGetter() {
        try {
            Class<?> vt = Class.forName("java.lang.VirtualThread");
            MethodHandle h = MethodHandles.privateLookupIn(vt, MethodHandles.lookup())
                    .findGetter(vt, "scheduler", Executor.class);
            return h.asType(MethodType.methodType(Executor.class, Thread.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The scheduler of {@code t} if it is a virtual thread whose scheduler this JVM lets weft read
     * (the same flag as {@link #isAvailable()}), else null. A field read: no allocation.
     */
    public static Executor schedulerOf(Thread t) {
        if (SCHEDULER == null || !t.isVirtual()) {
            return null;
        }
        try {
            return (Executor) SCHEDULER.invokeExact(t);
        } catch (Throwable e) {
            throw new IllegalStateException("weft: could not read the scheduler of " + t + " (" + e + ")", e);
        }
    }

    private static final class PollerInit implements Runnable {
        @Override
        public void run() {
            try {
                Class.forName("sun.nio.ch.Poller", true, null);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                System.getLogger("dev.weft").log(System.Logger.Level.DEBUG,
                        "weft: could not initialise the JDK's I/O pollers early", e);
            }
        }
    }

    /** Whether this JVM lets weft create virtual threads with its own scheduler. */
    public static boolean isAvailable() {
        return CTOR != null;
    }

    /**
     * A virtual-thread builder whose threads are scheduled by {@code scheduler}.
     *
     * @throws IllegalStateException if {@link #isAvailable()} is false
     */
    public static Thread.Builder.OfVirtual builder(Executor scheduler) {
        if (CTOR == null) {
            throw new IllegalStateException("weft: loop-scheduled virtual threads need " + BackendPolicy.opensFlag()
                    + " on the java command");
        }
        try {
            return (Thread.Builder.OfVirtual) CTOR.newInstance(scheduler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("weft: the JDK refused to create a virtual-thread builder with a "
                    + "custom scheduler (" + e + "); run with -D" + BackendPolicy.TASKS_PROPERTY + "=strand", e);
        }
    }
}
