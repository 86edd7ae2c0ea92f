package dev.weft.green;

import dev.weft.internal.strand.Strand;

/**
 * The greenlets of one thread: its main greenlet, the greenlet running now, and the trampoline
 * that resumes every other greenlet's strand. See the implementation notes of {@link Greenlet}.
 */
final class ThreadState {
    /**
     * The thread's state. A strand body's own thread (hand-off backend) inherits its first resumer's
     * state, so that Greenlet.current() inside a generator driven by a greenlet is that greenlet on
     * every backend; any other thread starts with none and makes its own.
     */
    private static final InheritableThreadLocal<ThreadState> STATE = new InheritableThreadLocal<>() {
        @Override
        protected ThreadState childValue(ThreadState parent) {
            return Strand.isCreatingBodyThread() ? parent : null;
        }
    };

    /** The owner thread: the one that created this state and runs the main greenlet. */
    final Thread thread;
    final Greenlet main;
    /** The greenlet whose code runs now. Changed only by the trampoline (and set to main at its exit). */
    Greenlet current;
    /** The thread's trace function, or null: read once per hop. */
    Greenlet.Trace trace;
    /** True while the trace function runs, which must not switch. */
    private boolean tracing;

    private ThreadState(Thread thread) {
        this.thread = thread;
        this.main = Greenlet.newMain(this);
        this.current = main;
    }

    /** The calling thread's state, created with its main greenlet on first use. */
    static ThreadState get() {
        ThreadState ts = STATE.get();
        if (ts == null) {
            ts = new ThreadState(Thread.currentThread());
            STATE.set(ts);
        }
        return ts;
    }

    /** Makes a hand-off strand's own thread see its owner's state, so current() is right there. */
    static void adopt(ThreadState ts) {
        STATE.set(ts);
    }

    String threadName() {
        return "thread \"" + thread.getName() + "\"";
    }

    /**
     * switchTo / throwIn: moves control from the current greenlet to {@code target} (or its
     * nearest live parent), carrying {@code v}, or raising {@code t} there when non-null.
     */
    Object transfer(Greenlet target, Object v, Throwable t) {
        Greenlet cur = current;
        Greenlet.Core cc = cur.core;
        if (Thread.currentThread() != cc.thread) {
            throw wrongThread(target);
        }
        Greenlet dest = target.liveSelfOrParent();
        if (dest == cur) {
            if (trace != null && !tracing) {
                t = traced(cur, cur, t);
            }
            if (t != null) {
                throw Strand.sneakyThrow(t);
            }
            return v;
        }
        if (tracing) {
            throw switchInTrace(target);
        }
        if (cur == main) {
            return trampoline(dest, v, t);
        }
        Strand.Suspender s = cc.suspender;
        if (!s.isCurrent()) {
            throw new IllegalStateException("cannot switch from inside a nested strand: " + cur + " is running a "
                    + "generator (or another strand) whose body called switchTo/throwIn on " + target
                    + "; a greenlet can only switch from its own stack. Return from the generator's body first, "
                    + "or drive the greenlets from outside it");
        }
        cc.outTarget = dest;
        cc.outValue = v;
        cc.outThrow = t;
        // Drop the handles before suspending: the paused frame must not keep them reachable.
        cur = null;
        dest = null;
        target = null;
        return s.suspend(null);
    }

    /**
     * The trampoline: runs on the owner thread's root stack, inside the main greenlet's switchTo,
     * and resumes greenlet strands one after another as their switch requests and deaths dictate,
     * until control goes back to main. {@code dest} is live and not main.
     */
    private Object trampoline(Greenlet dest, Object v, Throwable t) {
        try {
            return bounce(dest, v, t);
        } finally {
            // Control is back on main, also if weft itself failed (say, Strand.create refused a backend).
            current = main;
        }
    }

    private Object bounce(Greenlet dest, Object v, Throwable t) {
        Object value = v;
        Throwable thrown = t;
        Greenlet origin = main;
        while (true) {
            Greenlet.Core c = dest.core;
            Strand s = dest.strand;
            boolean ended;
            current = dest;
            if (trace != null) {
                Throwable failure = traced(origin, dest, thrown);
                if (failure != thrown) {
                    // As in greenlet: an exception from the trace function is raised in the target.
                    value = null;
                    thrown = failure;
                }
            }
            if (dest.isNew() && thrown != null) {
                // Thrown into before it started: it dies without running, and thrown goes to its parent.
                dest.markDead();
                ended = true;
            } else {
                if (s == null) {
                    s = Strand.create(c::run);
                    dest.markStarted(s);
                    c.startArg = value;
                    value = null;
                }
                try {
                    value = thrown == null ? s.resume(value) : s.resumeThrowing(thrown);
                    thrown = null;
                } catch (Throwable e) {
                    value = null;
                    thrown = e;
                }
                ended = thrown != null || s.isDone();
            }
            origin = dest;
            if (ended) {
                dest.markDead();
                if (thrown instanceof GreenletExit) {
                    value = thrown;
                    thrown = null;
                }
                dest = dest.parent().liveSelfOrParent();
            } else {
                dest = c.outTarget;
                value = c.outValue;
                thrown = c.outThrow;
                c.outTarget = null;
                c.outValue = null;
                c.outThrow = null;
            }
            if (dest == main) {
                if (trace != null) {
                    current = main;
                    thrown = traced(origin, main, thrown);
                }
                if (thrown != null) {
                    throw Strand.sneakyThrow(thrown);
                }
                return value;
            }
        }
    }

    /**
     * Calls the trace function for a switch from origin to target (current is already target) and
     * returns the throwable to raise in target: {@code thrown}, or what the trace function threw.
     */
    private Throwable traced(Greenlet origin, Greenlet target, Throwable thrown) {
        Greenlet.Trace tr = trace;
        if (tr == null) {
            return thrown;
        }
        tracing = true;
        try {
            tr.onSwitch(thrown == null ? Greenlet.TraceEvent.SWITCH : Greenlet.TraceEvent.THROW, origin, target);
            return thrown;
        } catch (Throwable e) {
            return e;
        } finally {
            tracing = false;
        }
    }

    private IllegalStateException switchInTrace(Greenlet target) {
        return new IllegalStateException("cannot switch from a trace function: the trace function of "
                + threadName() + " called switchTo/throwIn on " + target + " while reporting a switch; "
                + "a trace function may only record the switch (Greenlet.setTrace)");
    }

    private IllegalStateException wrongThread(Greenlet target) {
        Thread me = Thread.currentThread();
        if (tracing && me == thread) {
            // The trampoline runs the trace function on the owner thread, as the target.
            return switchInTrace(target);
        }
        return new IllegalStateException("cannot switch to a different thread: " + target + " belongs to "
                + threadName() + (thread.isAlive() ? "" : " (which has ended)") + ", but was called from thread \""
                + me.getName() + "\"; a greenlet can only be switched to, thrown into or killed on the thread "
                + "that created it. Create it on the thread that will run it, or pass work between threads "
                + "with a queue" + (me.isVirtual() ? HANDOFF_HINT : ""));
    }

    /** On the hand-off backend a generator's body runs on a virtual thread of its own. */
    private static final String HANDOFF_HINT = ". If this call comes from inside a generator (or another strand) "
            + "that a greenlet is running: that body runs on a thread of its own on the portable hand-off "
            + "backend, and a greenlet can only switch from its own stack; return from the generator's body "
            + "first, or drive the greenlets from outside it";
}
