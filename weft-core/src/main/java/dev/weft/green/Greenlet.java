package dev.weft.green;

import dev.weft.internal.strand.Strand;
import java.util.Objects;

/**
 * A function running on its own stack, which hands control explicitly to other greenlets with
 * {@link #switchTo(Object)}: a symmetric coroutine.
 *
 * <p>Python: {@code greenlet.greenlet}, with its switching rules: a switch carries a value and
 * returns whatever is later switched back; a finished greenlet's result goes to its parent; an
 * exception escaping a greenlet is raised in its parent, except {@link GreenletExit}, which ends it
 * quietly; a switch to a dead greenlet goes on to its nearest live parent. weft differs in four
 * ways: a switch carries one value, not {@code *args, **kwargs} (pass a record or a {@code List}
 * for several); the body is a lambda given to {@link #of(Body)} rather than a {@code run}
 * attribute; switching out of a greenlet is refused from inside a generator the greenlet is
 * running (greenlet switches whole C stacks, weft switches strands); and an unreachable suspended
 * greenlet is ended without {@code GreenletExit} (see "Garbage" below).
 *
 * {@snippet :
 * Greenlet[] gr = new Greenlet[2];
 * gr[0] = Greenlet.of(() -> {
 *     System.out.println(12);
 *     gr[1].switchTo();
 *     System.out.println(34);
 *     gr[1].switchTo();
 * });
 * gr[1] = Greenlet.of(() -> {
 *     System.out.println(56);
 *     gr[0].switchTo();
 *     System.out.println(78);
 * });
 * gr[0].switchTo(); // prints 12, 56, 34, 78
 * }
 *
 * <p>Values: {@code switchTo(v)} makes the target's pending {@code switchTo} return {@code v}, or,
 * for a target that has not started, calls its body with {@code v}. {@code switchTo()} sends
 * {@code null}. A body's return value is switched to its parent. Values are {@code Object}:
 * whoever switches back decides what arrives, so no type parameter could be honest.
 *
 * <p>States ({@link #toString()} shows them):
 * <pre>
 *   NEW       -> RUNNING    // first switchTo(v): the body starts with v
 *   NEW       -> DEAD       // throwIn(t) or kill() before it starts: the body never runs, t goes
 *                           // to the parent (a GreenletExit as a value, anything else raised)
 *   RUNNING   -> SUSPENDED  // it switches to another greenlet (or one of its children ends)
 *   SUSPENDED -> RUNNING    // a greenlet switches to it, throws into it, or a child of it ends
 *   RUNNING   -> DEAD       // the body returns r (r is switched to the parent) or throws e (e is
 *                           // raised in the parent; a GreenletExit is switched to it as a value)
 * </pre>
 * The main greenlet of a thread is always RUNNING or SUSPENDED: it never starts and never dies.
 *
 * <p>Parents: a greenlet's parent is the greenlet that was {@link #current()} when it was created,
 * and can be changed with {@link #setParent(Greenlet)} (cycles are refused). Results and escaping
 * exceptions go to the nearest live parent; every chain ends at the thread's main greenlet.
 *
 * <p>Tracing: {@link #setTrace(Trace)} installs a per-thread function told of every switch, and
 * {@link #stackTrace()} shows where a suspended greenlet is paused.
 *
 * <p>Threads: each thread has its own main greenlet, created the first time the thread uses
 * greenlets. A greenlet belongs to the thread that creates it (that thread's current greenlet is
 * its parent) and can only be switched to, thrown into or killed from that thread; anything else
 * fails with "cannot switch to a different thread". {@link #isDead()}, {@link #isStarted()},
 * {@link #parent()} and {@link #toString()} may be read from any thread.
 *
 * <p>Garbage: a suspended greenlet that nothing can reach any more is ended without leaking a
 * thread. On the continuation backend it is plain garbage and its {@code finally} blocks do not
 * run; on the hand-off backend a {@code Cleaner} ends its virtual thread, whose {@code finally}
 * blocks then run on that thread, at a time of the garbage collector's choosing, and must not
 * switch. A body that refers to its own greenlet (directly, or through greenlets it can reach
 * whose parent chains lead back to it) keeps itself reachable while suspended on the hand-off
 * backend, as does a greenlet suspended in a switch to a greenlet whose parent chain leads back
 * to it; such greenlets should be ended with {@link #kill()}.
 *
 * @suspends {@link #switchTo(Object)}, {@link #throwIn(Throwable)} and {@link #kill()} suspend the
 *     calling greenlet until something switches back to it
 * @cancellation a greenlet has no cancellation of its own: {@link #kill()} raises
 *     {@link GreenletExit} at its pending switch, and its {@code finally} blocks run
 * @thread a greenlet is confined to the thread that created it
 */
public final class Greenlet {
    /* Implementation notes
     *
     * Symmetric switching on asymmetric strands. A strand can only suspend back to whoever resumed
     * it, but a greenlet may switch to any other. So every greenlet strand is resumed by exactly
     * one place: the trampoline loop in ThreadState.trampoline, which runs on the thread's root
     * stack, in the main greenlet's switchTo. A greenlet that switches does not resume its target
     * itself; it leaves a request (target, value, throwable) in its own Core and suspends its
     * strand. The trampoline wakes up, reads the request and resumes the target, and so on, until
     * a request (or a death) names the main greenlet: then the trampoline returns (or throws) from
     * main's switchTo. Every switch between two non-main greenlets is therefore two strand hops
     * (suspend to the trampoline, resume the target), with no allocation: the request lives in
     * fields of the suspending greenlet's Core and the trampoline clears them at once.
     *
     * Invariants (per ThreadState):
     *  - `current` is the greenlet whose code runs now; the trampoline is on the root stack iff
     *    current != main. Only the trampoline changes `current`, always on the owner thread;
     *    greenlet code on a hand-off strand's thread reads it after the strand's hand-off, which
     *    orders the accesses. The trace function runs in the trampoline with `current` already
     *    set to the target, and `tracing` refuses switches from it.
     *  - A greenlet's strand is resumed only by the trampoline, so strands never nest inside each
     *    other and the root stack never grows with the number of switches.
     *  - A switch target is resolved to its nearest live self-or-parent by the switcher, before
     *    suspending; every parent chain ends at the (immortal) main greenlet, and chains are
     *    acyclic because setParent refuses cycles.
     *  - The thread check is one comparison: Thread.currentThread() against the thread running
     *    the current greenlet (the owner, or the hand-off strand's virtual thread). A foreign
     *    thread can never equal either, even when it reads `current` racily.
     *
     * Reachability, for the hand-off Cleaner: the Greenlet (the handle) holds the Strand handle,
     * on which the strand's Cleaner is registered. The strand body is Core::run, and Core holds
     * only the body, the suspender, the ThreadState and the transient request fields, never a
     * Greenlet or a Strand. ThreadState references only main and current, and current is never
     * a suspended greenlet. ThreadState.transfer nulls its locals before suspending. One path is
     * beyond reach: a paused interpreted frame of switchTo keeps its receiver (the greenlet
     * switched to) alive, and `this` cannot be cleared in Java; measured: g switching to its own
     * child and the child switching to main leaves the pair uncollectable on the hand-off backend
     * (GreenletGarbageTest shows the continuation backend collects it). The class Javadoc says so.
     *
     * Rejected designs:
     *  - Resuming the target directly from the switcher (nesting strands): each switch would
     *    deepen the stack and a greenlet could not switch back to one further down its own
     *    stack without unwinding it.
     *  - One platform/virtual thread per greenlet with explicit hand-offs: that is the hand-off
     *    backend's job, and on the continuation backend it would cost microseconds per switch.
     *  - A Request object per switch: an allocation on the hot path that escape analysis cannot
     *    remove, since it crosses a continuation yield.
     *  - Looking the thread state up in a ThreadLocal on every switch: the target's own
     *    ThreadState field is enough, since a greenlet never changes thread.
     */

    /**
     * The function a greenlet runs: it receives the value of the first switch to it, and its
     * return value is switched to its parent.
     *
     * <p>Python: the {@code run} callable given to {@code greenlet(run)}; it takes one value
     * instead of {@code *args, **kwargs}.
     */
    @FunctionalInterface
    public interface Body {
        /**
         * Runs the greenlet.
         *
         * @param arg the value passed to the first {@code switchTo} (null for {@code switchTo()})
         * @return the value switched to the parent when the greenlet ends
         */
        Object run(Object arg) throws Exception;
    }

    /**
     * A greenlet function that takes no value and returns nothing ({@code null} goes to the parent).
     *
     * <p>Python: a {@code run} callable without parameters; Java needs a separate shape for it.
     */
    @FunctionalInterface
    public interface Action {
        /** Runs the greenlet. */
        void run() throws Exception;
    }

    /**
     * A greenlet function that takes no value and returns one (switched to the parent when it
     * ends).
     *
     * <p>Python: a {@code run} callable without parameters that returns a value. A zero-argument
     * lambda that returns a value picks this shape over {@link Action}.
     */
    @FunctionalInterface
    public interface Call {
        /**
         * Runs the greenlet.
         *
         * @return the value switched to the parent when the greenlet ends
         */
        Object call() throws Exception;
    }

    /**
     * What a {@link Trace} function is told about a switch.
     *
     * <p>Python: the strings {@code "switch"} and {@code "throw"}.
     */
    public enum TraceEvent {
        /** Control moves to the target with a value (or a dead greenlet's result). */
        SWITCH,
        /** Control moves to the target with an exception raised there. */
        THROW
    }

    /**
     * A function called at every switch of its thread, for debuggers and profilers.
     *
     * <p>Python: the function given to {@code greenlet.settrace}, called with
     * {@code ("switch" | "throw", (origin, target))}.
     */
    @FunctionalInterface
    public interface Trace {
        /**
         * Reports that control moves from {@code origin} to {@code target}. It runs as
         * {@code target} ({@link Greenlet#current()} is {@code target}), after the move and before
         * {@code target}'s code continues, on the thread's trampoline (its root stack), except for
         * a switch of a greenlet to itself; it must not switch. An exception it throws is raised in
         * {@code target} instead of the value, as in greenlet.
         */
        void onSwitch(TraceEvent event, Greenlet origin, Greenlet target) throws Exception;
    }

    private static final int NEW = 0;
    private static final int LIVE = 1;
    private static final int DEAD = 2;

    private final String name;
    final ThreadState ts;
    final Core core;
    private final boolean isMain;
    private volatile Greenlet parent;
    /** Held here, never by Core: see the implementation notes. Null until started and once dead. */
    Strand strand;
    private volatile int life;

    private Greenlet(String name, ThreadState ts, Core core, boolean isMain, Greenlet parent) {
        this.name = name;
        this.ts = ts;
        this.core = core;
        this.isMain = isMain;
        this.parent = parent;
        this.life = isMain ? LIVE : NEW;
    }

    /** Creates the main greenlet of the calling thread; called once per thread by ThreadState. */
    static Greenlet newMain(ThreadState ts) {
        Core c = new Core(ts, null);
        c.thread = ts.thread;
        return new Greenlet("main", ts, c, true, null);
    }

    /**
     * Creates a greenlet that runs {@code body} when first switched to, with the calling thread's
     * current greenlet as its parent.
     *
     * {@snippet :
     * Greenlet doubler = Greenlet.of(x -> 2 * (Integer) x);
     * Object r = doubler.switchTo(21); // 42: the body's result goes to its parent, this greenlet
     * }
     */
    public static Greenlet of(Body body) {
        return of("greenlet", body);
    }

    /** Like {@link #of(Body)}, with a name shown by {@link #toString()} and in error messages. */
    public static Greenlet of(String name, Body body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        ThreadState ts = ThreadState.get();
        return new Greenlet(name, ts, new Core(ts, body), false, ts.current);
    }

    /** Creates a greenlet from a function that takes no value and returns nothing; see {@link #of(Body)}. */
    public static Greenlet of(Action action) {
        return of("greenlet", action);
    }

    /** Like {@link #of(Action)}, with a name shown by {@link #toString()} and in error messages. */
    public static Greenlet of(String name, Action action) {
        Objects.requireNonNull(action, "action");
        return of(name, arg -> {
            action.run();
            return null;
        });
    }

    /**
     * Creates a greenlet from a function that takes no value and returns one; see {@link #of(Body)}.
     *
     * {@snippet :
     * Greenlet answer = Greenlet.of(() -> 42);
     * Object r = answer.switchTo(); // 42
     * }
     */
    public static Greenlet of(Call body) {
        return of("greenlet", body);
    }

    /** Like {@link #of(Call)}, with a name shown by {@link #toString()} and in error messages. */
    public static Greenlet of(String name, Call body) {
        Objects.requireNonNull(body, "body");
        return of(name, arg -> body.call());
    }

    /**
     * The greenlet running now on the calling thread: its main greenlet (created on first use) if
     * no other greenlet of the thread is running.
     */
    public static Greenlet current() {
        return ThreadState.get().current;
    }

    /**
     * Installs {@code trace} (or, with {@code null}, removes the trace function) for the calling
     * thread's switches, and returns the previous one (Python's {@code greenlet.settrace}).
     *
     * @thread affects only the calling thread's greenlets
     */
    public static Trace setTrace(Trace trace) {
        ThreadState ts = ThreadState.get();
        Trace old = ts.trace;
        ts.trace = trace;
        return old;
    }

    /** The calling thread's trace function, or {@code null} (Python's {@code greenlet.gettrace}). */
    public static Trace trace() {
        return ThreadState.get().trace;
    }

    /**
     * Moves control to this greenlet, handing it {@code value}, and returns the value that is
     * switched back to the caller later (Python's {@code g.switch(value)}). If this greenlet has not
     * started, its body starts with {@code value}; if it is suspended, its pending {@code switchTo}
     * returns {@code value}; if it is dead, the switch goes on to its nearest live parent; if it is
     * the calling greenlet, {@code value} is returned at once.
     *
     * <p>The caller resumes when some greenlet switches to it (the value it passes is returned
     * here), when a child of it ends (its result is returned here), when some greenlet throws into
     * it, or when a child of it fails (the exception, unchanged, is thrown here).
     *
     * @suspends the calling greenlet, until something switches back to it
     * @cancellation none; a {@link GreenletExit} thrown in by {@link #kill()} is thrown here
     * @thread only the thread that created this greenlet
     * @throws IllegalStateException "cannot switch to a different thread" when called from another
     *     thread, or when called from inside a generator the current greenlet is running
     */
    public Object switchTo(Object value) {
        return ts.transfer(this, value, null);
    }

    /** Like {@link #switchTo(Object)} with {@code null}: the Java form of Python's {@code g.switch()}. */
    public Object switchTo() {
        return ts.transfer(this, null, null);
    }

    /**
     * Raises {@code t} inside this greenlet at its pending {@code switchTo}, moving control to it,
     * and returns the value that is later switched back to the caller (Python's
     * {@code g.throw(t)}). If the greenlet has not started, it dies without running and {@code t}
     * goes to its parent; if it is dead, {@code t} is raised in its nearest live parent; if it is
     * the calling greenlet, {@code t} is thrown at once. A {@link GreenletExit} that ends the
     * greenlet reaches the parent as a value, not as an exception; a {@code GreenletExit} thrown
     * into a greenlet that is already dead is switched to its nearest live parent as a value too
     * (so the caller, when it is that parent, gets the exception object back), as in greenlet.
     *
     * @suspends the calling greenlet, until something switches back to it
     * @cancellation none
     * @thread only the thread that created this greenlet
     */
    public Object throwIn(Throwable t) {
        Objects.requireNonNull(t, "t");
        if (t instanceof GreenletExit && life == DEAD) {
            // greenlet's rule: a GreenletExit thrown into a dead greenlet becomes a plain return
            // of the exception object, switched on to the nearest live parent; it never propagates
            return ts.transfer(this, t, null);
        }
        return ts.transfer(this, null, t);
    }

    /**
     * Ends this greenlet by raising a new {@link GreenletExit} at its pending {@code switchTo}
     * ({@code throwIn(new GreenletExit())}), and returns what is switched back to the caller: the
     * {@code GreenletExit} itself when the greenlet dies quietly and the caller is its parent. A
     * greenlet that has not started dies without running. Unlike {@code throwIn}, killing a dead
     * greenlet does nothing and returns {@code null}.
     *
     * @suspends the calling greenlet, until something switches back to it
     * @cancellation none
     * @thread only the thread that created this greenlet
     */
    public Object kill() {
        if (life == DEAD) {
            return null;
        }
        return throwIn(new GreenletExit());
    }

    /** This greenlet's parent; {@code null} only for a main greenlet. */
    public Greenlet parent() {
        return parent;
    }

    /**
     * Makes {@code newParent} this greenlet's parent: the greenlet that receives its result or its
     * escaping exception.
     *
     * <p>Python: assigning {@code g.parent}. greenlet 2 accepts a parent from another thread
     * while {@code g} has not started; weft always refuses it, since the switch it leads to
     * would fail.
     *
     * @throws IllegalArgumentException if this would make a cycle ("cyclic parent chain"), or
     *     {@code newParent} belongs to another thread
     * @throws IllegalStateException if this is a main greenlet, which has no parent
     */
    public void setParent(Greenlet newParent) {
        Objects.requireNonNull(newParent, "newParent: a greenlet's parent cannot be null; every parent chain "
                + "ends at its thread's main greenlet (Greenlet.current() on that thread, when no other runs)");
        if (isMain) {
            throw new IllegalStateException("cannot set the parent of a main greenlet: " + this
                    + " is the root of its thread's greenlets; set the parent of a greenlet created with "
                    + "Greenlet.of instead");
        }
        if (newParent.ts != ts) {
            throw new IllegalArgumentException("parent cannot be on a different thread: " + this + " belongs to "
                    + ts.threadName() + " and " + newParent + " to " + newParent.ts.threadName()
                    + "; choose a parent created on the same thread");
        }
        for (Greenlet p = newParent; p != null; p = p.parent) {
            if (p == this) {
                throw new IllegalArgumentException("cyclic parent chain: making " + newParent + " the parent of "
                        + this + " would make " + this + " its own ancestor; choose a parent that does not "
                        + "descend from it");
            }
        }
        parent = newParent;
    }

    /** Whether the greenlet has ended: its body returned or threw, or it was killed before starting. */
    public boolean isDead() {
        return life == DEAD;
    }

    /**
     * Whether the body has started (always true for a main greenlet). A greenlet killed before
     * starting is dead but not started.
     */
    public boolean isStarted() {
        return life != NEW && (isMain || core.thread != null);
    }

    /** Whether this is the main greenlet of its thread. */
    public boolean isMain() {
        return isMain;
    }

    /** The name given at creation, {@code "greenlet"} by default, {@code "main"} for a main greenlet. */
    public String name() {
        return name;
    }

    /**
     * The greenlet's current stack, innermost frame first, while it is suspended; empty otherwise
     * and for main greenlets. Useful to see where a greenlet is paused.
     */
    public StackTraceElement[] stackTrace() {
        Strand s = strand;
        return s == null || ts.current == this ? new StackTraceElement[0] : s.stackTrace();
    }

    /** NEW, RUNNING, SUSPENDED or DEAD; read without synchronisation, so exact only on the owner thread. */
    String stateName() {
        int l = life;
        if (l == DEAD) {
            return "DEAD";
        }
        if (ts.current == this) {
            return "RUNNING";
        }
        return l == NEW ? "NEW" : "SUSPENDED";
    }

    @Override
    public String toString() {
        return "Greenlet[" + name + (isMain ? " of " + ts.threadName() : "") + ", " + stateName() + "]";
    }

    // ---- used by ThreadState's trampoline, on the owner thread ----

    boolean isNew() {
        return life == NEW;
    }

    void markStarted(Strand s) {
        strand = s;
        life = LIVE;
    }

    void markDead() {
        life = DEAD;
        strand = null;
    }

    /** This greenlet if live, else its nearest live ancestor; the chain ends at an immortal main. */
    Greenlet liveSelfOrParent() {
        Greenlet g = this;
        while (g.life == DEAD) {
            g = g.parent;
        }
        return g;
    }

    /**
     * Everything a greenlet's strand body reaches. It must never reach a Greenlet or a Strand
     * handle, except transiently in the request fields, which the trampoline clears at once.
     */
    static final class Core {
        final ThreadState ts;
        private Body body;
        /** The value of the first switch, handed to the body when the strand starts. */
        Object startArg;
        Strand.Suspender suspender;
        /** The thread that runs this greenlet's code: the owner, or a hand-off strand's own thread. */
        volatile Thread thread;
        /** The switch request: written by the body just before suspending, cleared by the trampoline. */
        Greenlet outTarget;
        Object outValue;
        Throwable outThrow;

        Core(ThreadState ts, Body body) {
            this.ts = ts;
            this.body = body;
        }

        /** The strand body. */
        Object run(Strand.Suspender s) throws Exception {
            suspender = s;
            Thread th = Thread.currentThread();
            thread = th;
            if (th != ts.thread) {
                ThreadState.adopt(ts); // hand-off backend: current() on this strand's own thread
            }
            Body b = body;
            body = null;
            Object arg = startArg;
            startArg = null;
            return b.run(arg);
        }
    }
}
