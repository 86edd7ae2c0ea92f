package dev.weft.aio;

import java.util.Arrays;

/**
 * The variables of a {@link Context}: an immutable array of {@code var, value} pairs, in the order
 * they were first set. Never changed once built, so a copy of a context shares it: copying is O(1).
 */
/* Implementation notes
 *
 * Rejected design: a hash array mapped trie (CPython's HAMT, O(log n) set). A context holds a
 * handful of variables (a request id, a deadline, a span), and at that size a linear scan by
 * identity over one array beats hashing and costs one allocation per set. set() is O(n) in the
 * variables of that context; get() is O(n) with n usually below 8. If programs that keep hundreds
 * of variables in one context show up, the trie is a drop-in replacement behind these three
 * methods.
 */
final class ContextMap {
    static final Object[] EMPTY = new Object[0];

    private ContextMap() {
    }

    /** The index of {@code var}'s pair, or -1. */
    static int indexOf(Object[] vars, ContextVar<?> var) {
        for (int i = 0; i < vars.length; i += 2) {
            if (vars[i] == var) {
                return i;
            }
        }
        return -1;
    }

    /** A new array with {@code var} bound to {@code value}. */
    static Object[] with(Object[] vars, ContextVar<?> var, Object value) {
        int i = indexOf(vars, var);
        Object[] n;
        if (i >= 0) {
            n = vars.clone();
        } else {
            i = vars.length;
            n = Arrays.copyOf(vars, i + 2);
            n[i] = var;
        }
        n[i + 1] = value;
        return n;
    }

    /** A new array without {@code var}'s pair (the same array if it has none). */
    static Object[] without(Object[] vars, ContextVar<?> var) {
        int i = indexOf(vars, var);
        if (i < 0) {
            return vars;
        }
        if (vars.length == 2) {
            return EMPTY;
        }
        Object[] n = new Object[vars.length - 2];
        System.arraycopy(vars, 0, n, 0, i);
        System.arraycopy(vars, i + 2, n, i, vars.length - i - 2);
        return n;
    }
}
