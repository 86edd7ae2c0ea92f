package dev.weft.aio;

import java.util.NoSuchElementException;

/**
 * The receipt of one {@link ContextVar#set}: hand it to {@link ContextVar#reset} (or close it) to
 * restore the variable to what it was before that set, in the same context.
 *
 * <pre>
 *   FRESH -> USED   // reset(token) or close(); a second use fails
 * </pre>
 *
 * <p>Python: {@code contextvars.Token}; {@code Token.MISSING} is {@link #hadOldValue()} returning
 * false. Closing it is Python 3.14's {@code with var.set(v):}.
 *
 * @param <T> the type of the variable's values
 */
public final class Token<T> implements AutoCloseable {
    static final Object MISSING = new Object();
    final ContextVar<T> var;
    final Context context;
    final Object oldValue;
    boolean used;

    Token(ContextVar<T> var, Context context, Object oldValue) {
        this.var = var;
        this.context = context;
        this.oldValue = oldValue;
    }

    /** The variable whose set() returned this token. */
    public ContextVar<T> var() {
        return var;
    }

    /** Whether the variable had a value in that context before the set. */
    public boolean hadOldValue() {
        return oldValue != MISSING;
    }

    /**
     * The variable's value in that context before the set.
     *
     * @throws NoSuchElementException if it had none ({@link #hadOldValue()} is false)
     */
    public T oldValue() {
        if (oldValue == MISSING) {
            throw new NoSuchElementException(this + ": the variable had no value before this set (Python: "
                    + "Token.MISSING); check hadOldValue() first");
        }
        return var.cast(oldValue);
    }

    /** Whether the token has been used by reset() or close(). */
    public boolean used() {
        return used;
    }

    /**
     * Resets the variable with this token: {@code var().reset(this)}.
     *
     * @throws IllegalStateException if the token was already used
     * @throws IllegalArgumentException if the current context is not the one of the set
     */
    @Override
    public void close() {
        var.reset(this);
    }

    /** Shows the variable, the old value and whether the token is used. */
    @Override
    public String toString() {
        return "Token[" + var.name() + ", old=" + (oldValue == MISSING ? "MISSING" : oldValue)
                + (used ? ", used" : "") + "]";
    }
}
