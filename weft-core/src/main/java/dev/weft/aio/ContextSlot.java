package dev.weft.aio;

import dev.weft.internal.strand.LoopScheduledThreads;
import dev.weft.internal.strand.Strand;

/**
 * Where code finds its current {@link Context}: the one mutable cell that {@link Context#run},
 * task steps and handles swap, and that {@link ContextVar} reads. A thread has one
 * ({@link ThreadSlot}); so does each task ({@link TaskRunner} is one).
 */
/* Implementation notes
 *
 * Which slot code sees (slot()):
 *   - on the virtual thread of a loop-scheduled task: that task's TaskRunner. No ThreadLocal is
 *     touched, so such a task's thread gets no ThreadLocal map for weft's sake;
 *   - on any other thread: SLOT, a ThreadSlot created on first use with an empty context (every
 *     thread has its own top-level context, as in Python). The thread running a loop swaps it
 *     around each step of a task on a strand (TaskSteps) and around each handle (Handle.run).
 *
 * A task's Context is made lazily. At creation a task keeps only its creator's variable array (an
 * immutable snapshot: the O(1) copy), and `current` stays null until code asks for the Context
 * object (ContextVar.set/reset, Context.run, Task.getContext()). Reading a variable needs only the
 * array (vars()). So a task that never uses a variable allocates nothing for contexts. While a
 * strand step runs, the resuming thread's slot may hold a null `current` and, in `lazy`, the runner
 * that makes it on demand; the step copies back whatever was made.
 *
 * SLOT is inheritable for one kind of child only: the virtual thread of a hand-off strand's body,
 * created by the strand's first resumer (Strand.isCreatingBodyThread()). That body shares its
 * resumer's slot object, so a generator or greenlet on the hand-off backend sees whatever its
 * resumer's current context is at every resume, as the continuation backend gets for free by
 * running the body on the resumer's own thread. Every other new thread starts empty.
 *
 * Known gap: a hand-off body first resumed by the virtual thread of a loop-scheduled task (only
 * when the JVM has --add-opens java.base/java.lang but not --add-exports java.base/jdk.internal.vm)
 * inherits nothing, because that task's slot is its runner, not SLOT; it then sees an empty context.
 */
abstract class ContextSlot {
    private static final InheritableThreadLocal<ThreadSlot> SLOT = new InheritableThreadLocal<>() {
        @Override
        protected ThreadSlot childValue(ThreadSlot parent) {
            return Strand.isCreatingBodyThread() ? parent : null;
        }
    };

    /** The context code using this slot runs in now; null while a task's context is not made yet. */
    Context current;

    /** The current context, made now if it was not yet. */
    final Context current() {
        Context c = current;
        if (c == null) {
            c = make();
            current = c;
        }
        return c;
    }

    /** The current variables, without making a context that does not exist yet. */
    final Object[] vars() {
        Context c = current;
        return c != null ? c.vars : pendingVars();
    }

    /** Makes the context {@link #current} is null for. */
    abstract Context make();

    /** The variables of the context {@link #make()} would make. */
    abstract Object[] pendingVars();

    /** The calling thread's slot (a thread's created, with an empty context, on first use). */
    static ContextSlot slot() {
        ContextSlot task = taskSlot(Thread.currentThread());
        return task != null ? task : threadSlot();
    }

    private static ThreadSlot threadSlot() {
        ThreadSlot s = SLOT.get();
        if (s == null) {
            s = new ThreadSlot();
            SLOT.set(s);
        }
        return s;
    }

    /** The calling thread's current variables, without creating a slot or a context. */
    static Object[] currentVars() {
        ContextSlot task = taskSlot(Thread.currentThread());
        if (task != null) {
            return task.vars();
        }
        ThreadSlot s = SLOT.get();
        return s == null ? ContextMap.EMPTY : s.vars();
    }

    private static ContextSlot taskSlot(Thread t) {
        if (t.isVirtual() && LoopScheduledThreads.schedulerOf(t) instanceof TaskRunner.LoopThread r && r.thread == t) {
            return r;
        }
        return null;
    }

    /** Runs {@code r} in a fresh copy of {@code vars} on the calling thread (a handle's callback). */
    static void runInCopy(Object[] vars, Runnable r) {
        ContextSlot s = slot();
        Context c = s instanceof ThreadSlot ts ? ts.scratch(vars) : new Context(vars);
        Context prev = s.current;
        c.entered = true;
        s.current = c;
        try {
            r.run();
        } finally {
            s.current = prev;
            c.entered = false;
            c.vars = ContextMap.EMPTY; // keep nothing alive past the callback
        }
    }

    /**
     * Resumes a task's strand with the task's current context current on this thread (and so on a
     * hand-off body, which shares this thread's slot), and keeps what the step leaves current for the
     * next step: a body that suspends inside Context.run is still in that context when resumed. A
     * loop-scheduled task needs nothing of this: its virtual thread's slot is its runner.
     */
    static void resumeInContext(TaskRunner runner, Strand strand) {
        ContextSlot s = slot();
        if (!(s instanceof ThreadSlot ts)) { // a loop run inside a loop-scheduled task: rare, so simply make it
            Context prev = s.current;
            s.current = runner.current();
            try {
                strand.resume(null);
            } finally {
                runner.current = s.current;
                s.current = prev;
            }
            return;
        }
        Context prev = ts.current;
        ContextSlot prevLazy = ts.lazy;
        ts.current = runner.current;
        ts.lazy = runner;
        try {
            strand.resume(null);
        } finally {
            runner.current = ts.current;
            ts.current = prev;
            ts.lazy = prevLazy;
        }
    }

    /** A thread's slot. */
    static final class ThreadSlot extends ContextSlot {
        /** The task whose context a strand step made current but did not make yet; see the notes. */
        ContextSlot lazy;
        /**
         * A handle runs in a fresh copy of the context captured when it was scheduled. That copy is
         * never visible to user code (no API returns the current Context object; copyContext() copies
         * again), so one Context object per thread serves every callback; a nested handle (a loop run
         * inside a callback) finds it entered and gets a new one.
         */
        private Context scratch;

        ThreadSlot() {
            this.current = new Context(ContextMap.EMPTY);
        }

        Context scratch(Object[] vars) {
            Context c = scratch;
            if (c == null || c.entered) {
                c = new Context(vars);
                scratch = c;
            } else {
                c.vars = vars;
            }
            return c;
        }

        @Override
        Context make() {
            return lazy.current();
        }

        @Override
        Object[] pendingVars() {
            return lazy.vars();
        }
    }
}
