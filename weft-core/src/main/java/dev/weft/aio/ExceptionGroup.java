package dev.weft.aio;

import java.util.List;

/**
 * Several exceptions raised together: what a {@link TaskGroup} throws when its tasks (or its
 * body) failed with {@link Exception}s; when some failure is an {@link Error} it throws a
 * {@link BaseExceptionGroup} instead.
 *
 * <p>Python: {@code ExceptionGroup} (3.11), as raised by {@code asyncio.TaskGroup}; weft has no
 * {@code except*}: use {@link #split(java.util.function.Predicate) split} /
 * {@link #subgroup(java.util.function.Predicate) subgroup}, or inspect {@link #exceptions()}.
 * Each exception is also attached as suppressed, so a printed stack trace shows all of them.
 * Usually not a bug in weft: the causes are the failures of the user's tasks.
 */
public final class ExceptionGroup extends RuntimeException implements ThrowableGroup {
    private static final long serialVersionUID = 1L;

    private final String groupMessage;
    private final List<Throwable> exceptions;

    /**
     * Creates a group of {@code exceptions} (at least one) described by {@code message}.
     *
     * @throws IllegalArgumentException if {@code exceptions} is empty, or holds an {@link Error}
     *     (use {@link BaseExceptionGroup}, or {@link ThrowableGroup#of}, which picks the type)
     */
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(describe(message, exceptions));
        for (Throwable t : exceptions) {
            if (!(t instanceof Exception)) {
                throw new IllegalArgumentException("Cannot nest BaseExceptions in an ExceptionGroup: " + t
                        + " is not an Exception; use BaseExceptionGroup, or ThrowableGroup.of(...)");
            }
        }
        this.groupMessage = message;
        this.exceptions = List.copyOf(exceptions);
        for (Throwable t : this.exceptions) {
            addSuppressed(t);
        }
    }

    @Override
    public String groupMessage() {
        return groupMessage;
    }

    @Override
    public List<Throwable> exceptions() {
        return exceptions;
    }

    /** The message of a group: its own, the count, and one line per member. */
    static String describe(String message, List<? extends Throwable> exceptions) {
        if (exceptions.isEmpty()) {
            throw new IllegalArgumentException("second argument (exceptions) must be a non-empty sequence");
        }
        StringBuilder sb = new StringBuilder(message).append(" (").append(exceptions.size())
                .append(exceptions.size() == 1 ? " sub-exception)" : " sub-exceptions)");
        for (Throwable t : exceptions) {
            sb.append("\n  ").append(t);
        }
        return sb.toString();
    }
}
