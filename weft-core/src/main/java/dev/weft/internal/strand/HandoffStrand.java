package dev.weft.internal.strand;

import java.lang.ref.Cleaner;
import java.util.concurrent.locks.LockSupport;

/**
 * A strand on a virtual thread of the JDK's default scheduler, with a strict park/unpark hand-off
 * so that exactly one side runs at a time. Needs no JVM flag.
 *
 * <p>Python: none; this is the portable fallback for the continuation backend.
 */
/* Implementation notes
 *
 * The handle (HandoffStrand) holds a Core; the Core is the StrandCore (protocol and mailbox), the
 * Runnable of the virtual thread and the Cleaner action's state. Nothing reachable from the
 * virtual thread refers to the handle, so when users drop a suspended strand the handle becomes
 * unreachable even though the parked thread is still tracked by the JDK, and the Cleaner ends the
 * thread: it sets `killed` and hands the turn to the strand, whose suspend() then throws
 * StrandKilled. The body unwinds (its finally blocks run on the strand thread) and the thread
 * terminates. Nobody waits for it.
 *
 * The hand-off is one volatile int, `turn`: CALLER or STRAND. Each side writes the mailbox, then
 * `turn` (a release), then unparks the other; each side waits in Turns.await (a short spin, then
 * park, interrupts kept) until `turn` is its own (an acquire).
 *
 * A parked strand must not keep its last resumer thread reachable: a finished thread keeps its
 * task, and a task that refers to the generator (a thread that advanced it, a delegating
 * generator's body on its own strand thread) would keep the handle alive, so the Cleaner would
 * never run. So handBack() clears `caller` before giving the turn away, and does it in a frame of
 * its own, because a parked (often interpreted) frame keeps even dead locals alive.
 *
 * Strand threads are counted in LiveThreads from start to end, for the leak tests and diagnostics.
 *
 * A body thread is created by the strand's first resumer, inside CREATING_BODY_THREAD, so that an
 * InheritableThreadLocal whose childValue asks Strand.isCreatingBodyThread() can hand the body the
 * resumer's thread identity (weft's greenlet state does), as the continuation backend gets it for
 * free by running the body on the resumer's own thread. Other threads inherit nothing from it.
 */
final class HandoffStrand extends Strand {
    /** One Cleaner thread for every hand-off strand of the JVM. */
    private static final Cleaner CLEANER = Cleaner.create(
            Thread.ofPlatform().daemon().name("weft-strand-cleaner").factory());
    private static final Thread.Builder THREADS = Thread.ofVirtual().name("weft-strand");
    private static final int CALLER = 0;
    private static final int STRAND = 1;
    private static final int SPINS = 64;

    private final Core core;

    HandoffStrand(Body body) {
        this.core = new Core(body);
        CLEANER.register(this, core::abandon);
    }

    @Override
    public Object resume(Object value) {
        return core.resume(value);
    }

    @Override
    public Object resumeThrowing(Throwable t) {
        return core.resumeThrowing(t);
    }

    @Override
    public boolean isDone() {
        return core.isDone();
    }

    @Override
    public boolean isRunning() {
        return core.isRunning();
    }

    @Override
    public boolean isStarted() {
        return core.isStarted();
    }

    @Override
    public Backend backend() {
        return Backend.HANDOFF;
    }

    @Override
    public StackTraceElement[] stackTrace() {
        return core.stackTrace();
    }

    static final class Core extends StrandCore implements Runnable, Turns.Waiter {
        private final Body body;
        private volatile Thread thread;
        private volatile Thread caller;
        private volatile int turn = CALLER;
        private volatile boolean killed;

        Core(Body body) {
            this.body = body;
        }

        @Override
        void switchToBody() {
            caller = Thread.currentThread();
            Thread th = thread;
            turn = STRAND;
            if (th == null) {
                CREATING_BODY_THREAD.set(Boolean.TRUE);
                try {
                    th = THREADS.unstarted(this); // inherits what InheritableThreadLocals pass to body threads
                } finally {
                    CREATING_BODY_THREAD.remove();
                }
                thread = th;
                LiveThreads.started();
                th.start();
            } else {
                LockSupport.unpark(th);
            }
            Turns.await(this, SPINS);
        }

        @Override
        public boolean myTurn() {
            return turn == (Thread.currentThread() == thread ? STRAND : CALLER);
        }

        @Override
        public void run() {
            try {
                runBody(body);
            } finally {
                LiveThreads.ended();
                handBack();
            }
        }

        /**
         * Gives the turn to the resumer and forgets it. A method of its own so that no frame of a
         * parked strand holds the resumer thread in a local: the suspended stack would keep that
         * thread, and whatever its task references, reachable.
         */
        private void handBack() {
            Thread c = caller;
            caller = null; // before the turn: once the resumer has it, its next resume writes caller
            turn = CALLER;
            LockSupport.unpark(c);
        }

        @Override
        void switchToResumer() {
            if (killed) {
                abandonForever(this);
            }
            handBack();
            Turns.await(this, SPINS);
            if (killed) {
                throw new StrandKilled();
            }
        }

        @Override
        public boolean isCurrent() {
            return Thread.currentThread() == thread;
        }

        @Override
        public Backend backend() {
            return Backend.HANDOFF;
        }

        @Override
        public StackTraceElement[] stackTrace() {
            Thread t = thread;
            return t != null && isSuspended() ? t.getStackTrace() : new StackTraceElement[0];
        }

        /** Cleaner action: the handle is unreachable, so nobody can resume this strand again. */
        void abandon() {
            Thread th = thread;
            if (th == null || isDone()) {
                return;
            }
            killed = true;
            caller = null;
            turn = STRAND;
            LockSupport.unpark(th);
        }
    }
}
