package dev.weft.aio;

import java.util.List;

/**
 * Several exceptions raised together: what a {@link TaskGroup} throws when its tasks (or its
 * body) failed.
 *
 * <p>Python: {@code ExceptionGroup} (3.11), as raised by {@code asyncio.TaskGroup}; weft has no
 * {@code except*}: inspect {@link #exceptions()}. Each exception is also attached as suppressed,
 * so a printed stack trace shows all of them. Usually not a bug in weft: the causes are the
 * failures of the user's tasks.
 */
public class ExceptionGroup extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String groupMessage;
    private final List<Throwable> exceptions;

    /**
     * Creates a group of {@code exceptions} (at least one) described by {@code message}.
     *
     * @throws IllegalArgumentException if {@code exceptions} is empty
     */
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(describe(message, exceptions));
        this.groupMessage = message;
        this.exceptions = List.copyOf(exceptions);
        for (Throwable t : this.exceptions) {
            addSuppressed(t);
        }
    }

    private static String describe(String message, List<? extends Throwable> exceptions) {
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

    /** The message without the list of sub-exceptions, e.g. "unhandled errors in a TaskGroup". */
    public String groupMessage() {
        return groupMessage;
    }

    /** The exceptions, in the order they happened. */
    public List<Throwable> exceptions() {
        return exceptions;
    }
}
