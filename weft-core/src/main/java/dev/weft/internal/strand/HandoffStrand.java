package dev.weft.internal.strand;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A strand on a virtual thread of the JDK's default scheduler, with a strict park/unpark hand-off
 * so that exactly one side runs at a time. Needs no JVM flag.
 *
 * <p>Python: none; this is the portable fallback for the continuation backend.
 */
/* Implementation notes
 *
 * The handle (HandoffStrand) holds a Core; the Core is the Suspender, the Runnable of the virtual
 * thread and the Cleaner action's state. Nothing reachable from the virtual thread refers to the
 * handle, so when users drop a suspended strand the handle becomes unreachable even though the
 * parked thread is still tracked by the JDK, and the Cleaner ends the thread: it sets `killed`
 * and hands the turn to the strand, whose suspend() then throws StrandKilled. The body unwinds
 * (its finally blocks run on the strand thread) and the thread terminates. Nobody waits for it.
 *
 * The hand-off is one volatile int, `turn`: CALLER or STRAND. Each side writes the transfer
 * fields, then `turn` (a release), then unparks the other; each side waits with a short spin and
 * then park() until `turn` is its own (an acquire). Interrupts received while waiting are kept
 * and restored, never swallowed.
 *
 * A parked strand must not keep its last resumer thread reachable: a finished thread keeps its
 * task, and a task that refers to the generator (a thread that advanced it, a delegating
 * generator's body on its own strand thread) would keep the handle alive, so the Cleaner would
 * never run. So handBack() clears `caller` before giving the turn away, and does it in a frame of
 * its own, because a parked (often interpreted) frame keeps even dead locals alive.
 *
 * LIVE counts strand threads that have started and not ended, for the leak tests and for
 * diagnostics.
 */
final class HandoffStrand extends ThreadStrand {
    private static final Thread.Builder THREADS = Thread.ofVirtual().name("weft-strand");
    static final AtomicInteger LIVE = new AtomicInteger();
    private static final System.Logger LOG = System.getLogger("dev.weft");

    HandoffStrand(Body body) {
        super(new Core(body));
    }

    @Override
    public Backend backend() {
        return Backend.HANDOFF;
    }

    /** Strand threads started and not yet ended, across the JVM. */
    static int liveThreads() {
        return LIVE.get();
    }

    /** Thrown inside an abandoned strand's body to unwind it; never seen by users. */
    static final class StrandKilled extends Error {
        StrandKilled() {
            super("weft: strand abandoned and ended by the Cleaner", null, false, false);
        }
    }

    private static final int CALLER = 0;
    private static final int STRAND = 1;
    private static final int SPINS = 64;

    static final class Core extends ThreadStrand.Core {
        private final Body body;
        private volatile Thread caller;
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
                caller = Thread.currentThread();
                transfer = value;
                thrownIn = t;
                Thread th = thread;
                if (th == null) {
                    th = THREADS.unstarted(this);
                    thread = th;
                    LIVE.incrementAndGet();
                    turn = STRAND;
                    th.start();
                } else {
                    turn = STRAND;
                    LockSupport.unpark(th);
                }
                awaitTurn(CALLER);
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

        @Override
        public void run() {
            try {
                result = body.run(this);
            } catch (StrandKilled k) {
                // Ended by the Cleaner: nobody is waiting for an outcome.
            } catch (Throwable t) {
                failure = t;
            } finally {
                done = true;
                LIVE.decrementAndGet();
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
        public Object suspend(Object out) {
            if (Thread.currentThread() != thread) {
                throw notInside("this hand-off strand");
            }
            if (killed) {
                abandonForever();
            }
            transfer = out;
            handBack();
            awaitTurn(STRAND);
            if (killed) {
                throw new StrandKilled();
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

        private void awaitTurn(int mine) {
            for (int i = 0; i < SPINS; i++) {
                if (turn == mine) {
                    return;
                }
                Thread.onSpinWait();
            }
            boolean interrupted = false;
            while (turn != mine) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * The body caught StrandKilled and tried to suspend again: nobody can ever resume it, and
         * throwing again could loop forever, so the thread parks for good (as CPython abandons a
         * collected generator that ignores GeneratorExit) and says so once per strand.
         */
        private void abandonForever() {
            LOG.log(System.Logger.Level.WARNING, "weft: an abandoned strand caught the error that ends it and "
                    + "tried to suspend again; its virtual thread stays parked for good. A body should not catch "
                    + "Throwable or Error around a suspension point (catch Exception instead). Stack:\n  "
                    + String.join("\n  ", java.util.Arrays.stream(Thread.currentThread().getStackTrace())
                            .map(StackTraceElement::toString).toList()));
            while (true) {
                LockSupport.park(this);
                Thread.interrupted();
            }
        }

        /** Cleaner action: the handle is unreachable, so nobody can resume this strand again. */
        @Override
        void abandon() {
            Thread th = thread;
            if (th == null || done) {
                return;
            }
            killed = true;
            caller = null;
            turn = STRAND;
            LockSupport.unpark(th);
        }
    }
}
