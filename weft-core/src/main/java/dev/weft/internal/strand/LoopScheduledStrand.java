package dev.weft.internal.strand;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * A strand on a virtual thread whose scheduler runs it on the resumer's own thread: {@code resume}
 * hands the value over, unparks the thread, and runs its continuation right there until the body
 * parks or ends. This is the loop-scheduled backend (the one event-loop tasks use) behind the
 * {@link Strand} API, so the strand contract covers it. Needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}.
 *
 * <p>Python: none; the body is a real (virtual) thread, so any JDK park inside it gives the
 * resumer's thread back, which CPython's frames cannot do.
 */
/* Implementation notes
 *
 * The handle holds a Core; the Core is the Suspender, the thread's Runnable, its scheduler (the
 * Executor the JDK hands the thread's continuation to whenever it becomes runnable) and the
 * Cleaner action's state. Nothing reachable from the virtual thread refers to the handle. An
 * unstarted thread is ordinary garbage; a started one is kept reachable by the JDK's thread
 * tracking while parked, so a Cleaner on the handle ends it as HandoffStrand does (killed, turn
 * to STRAND, unpark; suspend() throws StrandKilled and the body unwinds on a carrier thread).
 *
 * The hand-off is one volatile int, `turn`, as in HandoffStrand. While a resume is in progress,
 * `resumer` names the resuming thread. execute(r) for the thread's own continuation:
 *  - resumer is a platform thread: r goes to `pending` and the resumer (woken if another thread
 *    made the strand runnable) runs it itself, inline, in awaitTurn. This is the common path: no
 *    thread switch at all, the body simply mounts on the resumer's thread.
 *  - resumer is a virtual thread (a strand resumed from another strand's body, or from any virtual
 *    thread): the JDK refuses to mount a virtual thread on a virtual thread, so r goes to CARRIERS,
 *    a pool of daemon platform threads, and the resumer parks until its turn comes back.
 *  - no resume in progress (a spurious unpark, the Cleaner): r goes to CARRIERS; the body re-checks
 *    `turn` and parks again, or unwinds if killed.
 * The lock on the Core makes "resumer sees its turn and stops taking continuations" atomic with
 * execute's choice, so a continuation submitted in that window is never lost: the resumer hands it
 * to CARRIERS on its way out.
 *
 * The body's side unparks the resumer when it hands the turn back, except while the resumer is
 * itself running the continuation inline (`inline`): that would leave a stray permit on the
 * user's thread.
 *
 * Virtual threads the body starts inherit this scheduler; their continuations are not ours (ours
 * is the first one, submitted by start()) and go to CARRIERS.
 *
 * A body that parks while pinned to its carrier (a native frame on the stack) blocks the
 * resumer's thread in the park: the resumer is the carrier. Java monitors do not pin on JDK 25.
 */
final class LoopScheduledStrand extends ThreadStrand {
    LoopScheduledStrand(Body body) {
        super(new Core(body));
    }

    @Override
    public Backend backend() {
        return Backend.LOOP_SCHEDULED;
    }

    /** Platform threads that run a strand's continuation when its resumer cannot (see notes). */
    private static final class Carriers {
        static final ExecutorService POOL = Executors.newCachedThreadPool(
                Thread.ofPlatform().daemon().name("weft-strand-carrier-", 0).factory());
    }

    private static final int CALLER = 0;
    private static final int STRAND = 1;

    static final class Core extends ThreadStrand.Core implements Executor {
        private final Body body;
        private Runnable own;
        /** The thread inside step(), or null; guarded by this. */
        private Thread resumer;
        /** Our continuation, submitted while a platform resumer waits; guarded by this. */
        private Runnable pending;
        private volatile boolean inline;
        private volatile int turn = CALLER;
        private volatile boolean killed;
        private Object transfer;
        private Throwable thrownIn;
        private Object result;
        private Throwable failure;

        Core(Body body) {
            this.body = body;
        }

        @Override
        Object step(Strand handle, Object value, Throwable t) {
            if (running) {
                throw alreadyRunning(handle);
            }
            if (done) {
                throw alreadyDone(handle);
            }
            running = true;
            try {
                transfer = value;
                thrownIn = t;
                synchronized (this) {
                    resumer = Thread.currentThread();
                }
                turn = STRAND;
                Thread th = thread;
                if (th == null) {
                    th = LoopScheduledThreads.builder(this).name("weft-strand").unstarted(this);
                    thread = th;
                    th.start();
                } else {
                    LockSupport.unpark(th);
                }
                awaitTurn();
            } finally {
                running = false;
            }
            if (done) {
                Throwable f = failure;
                if (f != null) {
                    failure = null;
                    throw sneakyThrow(f);
                }
                Object r = result;
                result = null;
                return r;
            }
            Object out = transfer;
            transfer = null;
            return out;
        }

        /** The resumer's side: run our continuation when it is handed over, until the turn is ours. */
        private void awaitTurn() {
            boolean interrupted = false;
            while (true) {
                Runnable r;
                synchronized (this) {
                    r = pending;
                    pending = null;
                    if (turn == CALLER) {
                        resumer = null;
                        if (r != null) {
                            Carriers.POOL.execute(r); // submitted in the window; the body re-parks
                        }
                        break;
                    }
                }
                if (r != null) {
                    inline = true;
                    try {
                        r.run(); // mounts the body on this thread until it parks or ends
                    } finally {
                        inline = false;
                    }
                } else {
                    LockSupport.park(this);
                    if (Thread.interrupted()) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** The scheduler: called by the JDK whenever the body's thread becomes runnable. */
        @Override
        public void execute(Runnable r) {
            Thread wake = null;
            synchronized (this) {
                if (own == null) {
                    own = r; // start() submits our continuation first
                }
                Thread w = resumer;
                if (r != own || w == null || w.isVirtual()) {
                    w = null;
                } else {
                    pending = r;
                    if (w != Thread.currentThread()) {
                        wake = w;
                    }
                    r = null;
                }
            }
            if (r != null) {
                Carriers.POOL.execute(r);
            } else if (wake != null) {
                LockSupport.unpark(wake);
            }
        }

        @Override
        public void run() {
            try {
                result = body.run(this);
            } catch (HandoffStrand.StrandKilled k) {
                // Ended by the Cleaner: nobody is waiting for an outcome.
            } catch (Throwable t) {
                failure = t;
            } finally {
                done = true;
                handBack();
            }
        }

        /**
         * Gives the turn to the resumer. A method of its own so that no frame of the parked body
         * holds the resumer thread in a local.
         */
        private void handBack() {
            boolean ranInline = inline;
            Thread w;
            synchronized (this) {
                w = resumer;
            }
            turn = CALLER;
            if (!ranInline && w != null) {
                LockSupport.unpark(w);
            }
        }

        @Override
        public Object suspend(Object out) {
            if (Thread.currentThread() != thread) {
                throw notInside("this loop-scheduled strand");
            }
            if (killed) {
                // The body caught the error that ends it and suspends again: nobody can resume it,
                // and throwing again could loop forever, so the thread parks for good (unmounted,
                // it holds no carrier).
                while (true) {
                    LockSupport.park(this);
                    Thread.interrupted();
                }
            }
            transfer = out;
            handBack();
            boolean interrupted = false;
            while (turn != STRAND) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (killed) {
                throw new HandoffStrand.StrandKilled();
            }
            Throwable t = thrownIn;
            if (t != null) {
                thrownIn = null;
                transfer = null;
                throw sneakyThrow(t);
            }
            Object in = transfer;
            transfer = null;
            return in;
        }

        @Override
        public boolean isCurrent() {
            return Thread.currentThread() == thread;
        }

        /** Cleaner action: the handle is unreachable, so nobody can resume this strand again. */
        @Override
        void abandon() {
            Thread th = thread;
            if (th == null || done) {
                return;
            }
            killed = true;
            turn = STRAND;
            LockSupport.unpark(th);
        }
    }
}
