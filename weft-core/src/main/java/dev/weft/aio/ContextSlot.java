package dev.weft.aio;

import dev.weft.internal.strand.LoopScheduledThreads;
import dev.weft.internal.strand.Strand;

/**
 * Where a thread keeps its current {@link Context}: the one mutable cell that {@link Context#run},
 * task steps and handles swap, and that {@link ContextVar} reads.
 */
/* Implementation notes
 *
 * Which slot a thread sees (slot()):
 *   - the virtual thread of a loop-scheduled task: its TaskRunner (a TaskRunner is a slot), whose
 *     `current` starts as the task's own context. No ThreadLocal is touched, so a task that never
 *     uses a context variable pays one field at creation and nothing else;
 *   - any other thread: SLOT, created on first use with an empty context (every thread has its own
 *     top-level context, as in Python). The loop thread swaps its `current` around each step of a
 *     task on a strand (TaskSteps) and around each handle (Handle.run).
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
 *
 * `scratch`: a handle runs in a fresh copy of the context captured when it was scheduled. The
 * copy is never visible to user code (no API returns the current Context object; copyContext()
 * copies again), so each slot reuses one Context object for it instead of allocating one per
 * callback; a nested handle (a loop run inside a callback) finds it entered and allocates.
 */
class ContextSlot {
    private static final InheritableThreadLocal<ContextSlot> SLOT = new InheritableThreadLocal<>() {
        @Override
        protected ContextSlot childValue(ContextSlot parent) {
            return Strand.isCreatingBodyThread() ? parent : null;
        }
    };

    /** The context code on this slot's thread runs in now. */
    Context current;
    private Context scratch;

    ContextSlot(Context current) {
        this.current = current;
    }

    /** The calling thread's slot, created (with an empty context) on first use. */
    static ContextSlot slot() {
        ContextSlot task = taskSlot(Thread.currentThread());
        if (task != null) {
            return task;
        }
        ContextSlot s = SLOT.get();
        if (s == null) {
            s = new ContextSlot(new Context(ContextMap.EMPTY));
            SLOT.set(s);
        }
        return s;
    }

    /** The calling thread's current variables, without creating a slot for a thread that has none. */
    static Object[] currentVars() {
        ContextSlot task = taskSlot(Thread.currentThread());
        if (task != null) {
            return task.current.vars;
        }
        ContextSlot s = SLOT.get();
        return s == null ? ContextMap.EMPTY : s.current.vars;
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
        Context c = s.scratch;
        if (c == null || c.entered) {
            c = new Context(vars);
            s.scratch = c;
        } else {
            c.vars = vars;
        }
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
}
