package dev.weft.aio;

import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A variable whose value depends on the {@link Context} it is read in: set in a task, it is seen by
 * that task, the tasks and callbacks it starts afterwards, and the generators and greenlets it
 * drives, and by no one else.
 *
 * {@snippet :
 * static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id", "-");
 *
 * void serve(String request) {             // in a task
 *     REQUEST_ID.set(request);             // this task, and what it starts from now on, see it
 *     Aio.createTask(() -> lookup(request)); // lookup's log lines show the id too
 *     log.log(INFO, "[" + REQUEST_ID.get() + "] served");
 * }
 * }
 *
 * <p>Declare context variables once, as constants: each {@code new ContextVar} is a different
 * variable, whatever its name. Values are compared by identity of the variable, never by name.
 *
 * <p>Python: {@code contextvars.ContextVar} (PEP 567). {@code LookupError} is
 * {@link NoSuchElementException} here; the token of {@link #set} is also an {@link AutoCloseable}
 * that resets the variable (Python 3.14's {@code with var.set(v):}).
 *
 * @param <T> the type of the values
 */
public final class ContextVar<T> {
    private static final Object NO_DEFAULT = new Object();
    private final String name;
    private final Object defaultValue;

    /**
     * Creates a variable without a default: {@link #get()} throws until it is set.
     *
     * @param name shown in messages and {@code toString()}
     */
    public ContextVar(String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = NO_DEFAULT;
    }

    /**
     * Creates a variable whose {@link #get()} returns {@code defaultValue} (which may be null) in a
     * context where it has not been set.
     *
     * @param name shown in messages and {@code toString()}
     */
    public ContextVar(String name, T defaultValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue;
    }

    /** The name given at creation. */
    public String name() {
        return name;
    }

    /** Whether the variable has a default value. */
    public boolean hasDefault() {
        return defaultValue != NO_DEFAULT;
    }

    /**
     * The value in the current context, else the variable's default.
     *
     * @throws NoSuchElementException if the variable has neither (Python's {@code LookupError})
     * @thread any thread
     */
    public T get() {
        Object[] vars = ContextSlot.currentVars();
        int i = ContextMap.indexOf(vars, this);
        if (i >= 0) {
            return cast(vars[i + 1]);
        }
        if (defaultValue == NO_DEFAULT) {
            throw new NoSuchElementException(this + ": no value in the current context and no default "
                    + "(Python: LookupError). Set it first in this task or in the code that created it, give the "
                    + "ContextVar a default (new ContextVar<>(name, value)), or call get(fallback)");
        }
        return cast(defaultValue);
    }

    /**
     * The value in the current context, else {@code fallback} (the variable's own default is not used).
     *
     * @thread any thread
     */
    public T get(T fallback) {
        Object[] vars = ContextSlot.currentVars();
        int i = ContextMap.indexOf(vars, this);
        return i >= 0 ? cast(vars[i + 1]) : fallback;
    }

    /**
     * Sets the value in the current context and returns a token that {@link #reset} (or closing
     * the token) uses to restore the previous state.
     *
     * {@snippet :
     * try (var t = REQUEST_ID.set("r-7")) {
     *     handle(request);          // sees r-7
     * }                             // the previous value (or none) again
     * }
     *
     * @thread any thread
     */
    public Token<T> set(T value) {
        Context c = ContextSlot.slot().current();
        Object[] vars = c.vars;
        int i = ContextMap.indexOf(vars, this);
        Token<T> t = new Token<>(this, c, i >= 0 ? vars[i + 1] : Token.MISSING);
        c.vars = ContextMap.with(vars, this, value);
        return t;
    }

    /**
     * Restores the variable to what it was before the {@link #set} that returned {@code token}: its
     * previous value, or no value.
     *
     * @throws IllegalStateException if the token was already used
     * @throws IllegalArgumentException if the token comes from another variable, or from a set in
     *     another context (another task, callback or {@link Context#run})
     * @thread any thread
     */
    public void reset(Token<T> token) {
        Objects.requireNonNull(token, "token");
        if (token.used) {
            throw new IllegalStateException(token + " has already been used once: a token resets its "
                    + "variable one time only; keep the token of the latest set() to undo it");
        }
        if (token.var != this) {
            throw new IllegalArgumentException(token + " was created by a different ContextVar than " + this
                    + "; reset a variable with a token its own set() returned");
        }
        Context c = ContextSlot.slot().current();
        if (token.context != c) {
            throw new IllegalArgumentException(token + " was created in a different Context: set() and reset() "
                    + "must run in the same task, callback or Context.run; each task works on its own copy");
        }
        token.used = true;
        c.vars = token.oldValue == Token.MISSING
                ? ContextMap.without(c.vars, this)
                : ContextMap.with(c.vars, this, token.oldValue);
    }

    @SuppressWarnings("unchecked")
    T cast(Object o) {
        return (T) o;
    }

    /** Shows the name and the default. */
    @Override
    public String toString() {
        return "ContextVar[" + name + (hasDefault() ? ", default=" + defaultValue : "") + "]";
    }
}
