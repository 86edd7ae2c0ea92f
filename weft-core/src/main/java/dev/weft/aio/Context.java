package dev.weft.aio;

import dev.weft.internal.strand.Strand;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A set of {@link ContextVar} values: the state that follows a piece of work from the code that
 * starts it into every task, callback and worker thread it spawns.
 *
 * <p>Every thread has its own current context (empty at first). Each {@link Task} runs in a copy of
 * the context current where it was created, so it sees its creator's values, its own
 * {@link ContextVar#set set}s stay its own, and the creator's later changes do not reach it.
 * Callbacks of {@link EventLoop#callSoon(Runnable) callSoon}, {@link EventLoop#callLater(double,
 * Runnable) callLater}, {@link EventLoop#callAt(double, Runnable) callAt} and
 * {@link EventLoop#callSoonThreadsafe(Runnable) callSoonThreadsafe} and
 * {@link Future#addDoneCallback(java.util.function.Consumer) addDoneCallback} run in a copy of the
 * context current when they were scheduled (or in the one passed), {@link EventLoop#toThread toThread} runs
 * its function in a copy, and {@link EventLoop#runCoroutineThreadsafe runCoroutineThreadsafe}
 * gives its task a copy of the submitting thread's context. Generators and greenlets have no
 * context of their own: their bodies run in the context of whoever drives them.
 *
 * {@snippet :
 * ContextVar<String> requestId = new ContextVar<>("request_id", "-");
 * Context ctx = Context.copyContext();        // O(1): shares the variables until one is set
 * ctx.run(() -> requestId.set("r-7"));        // changes ctx only
 * assert requestId.get().equals("-");
 * assert ctx.get(requestId).equals("r-7");
 * }
 *
 * <p>States: a context is <em>entered</em> while {@link #run} (or a step of the task or the
 * callback it belongs to) runs in it, and a context can be entered only once at a time.
 * <pre>
 *   IDLE    -> ENTERED   // run(fn), a step of its task, its callback
 *   ENTERED -> IDLE      // fn returns or throws; the step suspends or ends
 * </pre>
 *
 * <p>Python: {@code contextvars.Context} and {@code copy_context()} (PEP 567). weft's context is not
 * a {@code Map}; {@link #toMap()} gives one. A new thread starts with an empty context, as in
 * Python (by default). weft's generators, unlike Python's, are the same; weft's greenlets, unlike
 * greenlet's {@code gr_context}, have no context of their own (see the README).
 */
/* Implementation notes
 *
 * Why not the JDK's ScopedValue. A ScopedValue is bound for a call scope and cannot be rebound
 * inside it, but ContextVar.set() changes the value for the rest of the current scope, Token.reset
 * undoes that mid-scope, and a task or handle that suspends (a task's strand parks between steps,
 * a generator yields) must leave its scope and re-enter it later with the changes kept. A binding
 * of a mutable holder would work for set(), but ScopedValue bindings are not inherited by the
 * loop-scheduled virtual thread of a task (only by StructuredTaskScope forks), and a generator on
 * the hand-off backend would keep the binding of its first resumer, not follow its current one.
 * So the current context lives in a per-thread slot (ContextSlot) that task steps and handles swap,
 * as CPython keeps it in the thread state; Context.run is exactly such a swap.
 *
 * A Context is a mutable holder of one immutable variable array (ContextMap): copying shares the
 * array, set() replaces it. Only the thread that has entered a context changes it.
 */
public final class Context {
    Object[] vars;
    boolean entered;
    /** The context that was current before this one was entered; null while idle. */
    private Context saved;

    /** Creates an empty context. */
    public Context() {
        this(ContextMap.EMPTY);
    }

    Context(Object[] vars) {
        this.vars = vars;
    }

    /**
     * A copy of the calling thread's current context: O(1), whatever it holds.
     *
     * @thread any thread
     */
    public static Context copyContext() {
        return new Context(ContextSlot.currentVars());
    }

    /** A copy of this context: O(1). */
    public Context copy() {
        return new Context(vars);
    }

    /**
     * Runs {@code fn} in this context and returns its result: inside, {@link ContextVar#get} reads
     * and {@link ContextVar#set} changes this context; afterwards the caller's context is current
     * again. An exception from {@code fn} propagates unchanged.
     *
     * @throws IllegalStateException if this context is already entered (by another {@code run},
     *     or because it is the context of the task or callback running now)
     * @thread any thread
     */
    public <T> T run(Callable<T> fn) {
        Objects.requireNonNull(fn, "fn");
        ContextSlot s = ContextSlot.slot();
        enter(s);
        try {
            return fn.call();
        } catch (Throwable t) {
            throw Strand.sneakyThrow(t);
        } finally {
            exit(s);
        }
    }

    /**
     * Runs {@code fn} in this context; see {@link #run(Callable)}.
     *
     * @throws IllegalStateException if this context is already entered
     * @thread any thread
     */
    public void run(Runnable fn) {
        Objects.requireNonNull(fn, "fn");
        ContextSlot s = ContextSlot.slot();
        enter(s);
        try {
            fn.run();
        } finally {
            exit(s);
        }
    }

    private void enter(ContextSlot s) {
        if (entered) {
            throw new IllegalStateException("cannot enter context: " + this + " is already entered; a context "
                    + "runs in one place at a time. Run a copy instead (context.copy().run(...))");
        }
        entered = true;
        saved = s.current;
        s.current = this;
    }

    private void exit(ContextSlot s) {
        s.current = saved;
        saved = null;
        entered = false;
    }

    /** The value of {@code var} in this context, or null if it has none here (its default is not used). */
    public <T> T get(ContextVar<T> var) {
        int i = ContextMap.indexOf(vars, var);
        return i < 0 ? null : var.cast(vars[i + 1]);
    }

    /** Whether {@code var} has a value in this context. */
    public boolean contains(ContextVar<?> var) {
        return ContextMap.indexOf(vars, var) >= 0;
    }

    /** How many variables have a value in this context. */
    public int size() {
        return vars.length / 2;
    }

    /** The variables and their values, in the order they were first set: an unmodifiable snapshot. */
    public Map<ContextVar<?>, Object> toMap() {
        Object[] v = vars;
        Map<ContextVar<?>, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i += 2) {
            m.put((ContextVar<?>) v[i], v[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** Shows the variables and whether the context is entered. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Context[");
        Object[] v = vars;
        for (int i = 0; i < v.length; i += 2) {
            b.append(i == 0 ? "" : ", ").append(((ContextVar<?>) v[i]).name()).append('=').append(v[i + 1]);
        }
        return b.append(entered ? "; entered]" : "]").toString();
    }
}
