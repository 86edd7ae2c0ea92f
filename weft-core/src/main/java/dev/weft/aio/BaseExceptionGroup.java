package dev.weft.aio;

import java.util.List;

/**
 * Several throwables raised together, at least one of them an {@link Error}: what a
 * {@link TaskGroup} throws when a task or its body failed with an {@code Error} (other than a
 * fatal {@link VirtualMachineError}, which is rethrown as it is). Being an {@code Error} itself,
 * it is not caught by {@code catch (Exception e)}, as the {@code Error}s in it would not be.
 *
 * <p>Python: {@code BaseExceptionGroup} (3.11); Java's {@code Error}s play the part of Python's
 * {@code BaseException}s that are not {@code Exception}s. Usually not a bug in weft: the causes
 * are the failures of the user's tasks.
 */
public final class BaseExceptionGroup extends Error implements ThrowableGroup {
    private static final long serialVersionUID = 1L;

    private final ExceptionGroup.Members members;

    /**
     * Creates a group of {@code exceptions} (at least one) described by {@code message}.
     *
     * @throws IllegalArgumentException if {@code exceptions} is empty
     */
    public BaseExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(ExceptionGroup.describe(message, exceptions));
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
}
