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

    private final ExceptionGroup.Members members;

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
        this.members = new ExceptionGroup.Members(this, message, exceptions);
    }

    @Override
    public String groupMessage() {
        return members.message();
    }

    @Override
    public List<Throwable> exceptions() {
        return members.exceptions();
    }

    /** The message and members of a group; the members are attached to it as suppressed. */
    record Members(String message, List<Throwable> exceptions) implements java.io.Serializable {
        Members(Throwable group, String message, List<? extends Throwable> exceptions) {
            this(message, List.copyOf(exceptions));
            for (Throwable t : this.exceptions) {
                group.addSuppressed(t);
            }
        }
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
