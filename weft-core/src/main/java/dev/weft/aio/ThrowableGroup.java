package dev.weft.aio;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Several throwables raised together: what {@link ExceptionGroup} (every member an
 * {@link Exception}) and {@link BaseExceptionGroup} (some member an {@link Error}) have in
 * common, with Python's {@code split} and {@code subgroup}.
 *
 * <p>Python: the {@code BaseExceptionGroup} protocol (3.11). weft has no {@code except*}; use
 * {@link #split(Predicate)} or {@link #subgroup(Predicate)} to take out the part you handle:
 * {@snippet :
 * try {
 *     TaskGroup.run(tg -> { tg.createTask(this::fetchA); tg.createTask(this::fetchB); });
 * } catch (ExceptionGroup eg) {
 *     ThrowableGroup.Split parts = eg.split(java.io.IOException.class);
 *     parts.match().exceptions().forEach(this::logIoFailure); // match() is null if nothing matched
 *     if (parts.rest() != null) {
 *         throw parts.rest().asThrowable();                   // what we do not handle goes on
 *     }
 * }
 * }
 */
public sealed interface ThrowableGroup permits ExceptionGroup, BaseExceptionGroup {

    /**
     * Creates the group Python's {@code BaseExceptionGroup(message, exceptions)} would: an
     * {@link ExceptionGroup} when every member is an {@link Exception}, else a
     * {@link BaseExceptionGroup}.
     *
     * @throws IllegalArgumentException if {@code exceptions} is empty
     */
    static ThrowableGroup of(String message, List<? extends Throwable> exceptions) {
        for (Throwable t : exceptions) {
            if (!(t instanceof Exception)) {
                return new BaseExceptionGroup(message, exceptions);
            }
        }
        return new ExceptionGroup(message, exceptions);
    }

    /** The message without the list of members, e.g. "unhandled errors in a TaskGroup". */
    String groupMessage();

    /** The members, in the order they happened. */
    List<Throwable> exceptions();

    /** This group as the throwable it is, to {@code throw} it. */
    default Throwable asThrowable() {
        return (Throwable) this;
    }

    /**
     * A group with this group's message holding {@code exceptions} (Python's {@code derive}); its
     * stack trace and cause are this group's.
     */
    default ThrowableGroup derive(List<? extends Throwable> exceptions) {
        ThrowableGroup g = of(groupMessage(), exceptions);
        Throwable self = asThrowable();
        g.asThrowable().setStackTrace(self.getStackTrace());
        if (self.getCause() != null) {
            g.asThrowable().initCause(self.getCause());
        }
        return g;
    }

    /**
     * Splits this group in the members that satisfy {@code condition} and the rest, looking into
     * nested groups and keeping their structure (Python's {@code eg.split(condition)}). If this
     * group itself satisfies {@code condition}, all of it matches.
     */
    default Split split(Predicate<? super Throwable> condition) {
        Objects.requireNonNull(condition, "condition");
        if (condition.test(asThrowable())) {
            return new Split(this, null);
        }
        List<Throwable> match = new ArrayList<>();
        List<Throwable> rest = new ArrayList<>();
        for (Throwable t : exceptions()) {
            if (t instanceof ThrowableGroup nested) {
                Split s = nested.split(condition);
                if (s.match() != null) {
                    match.add(s.match().asThrowable());
                }
                if (s.rest() != null) {
                    rest.add(s.rest().asThrowable());
                }
            } else if (condition.test(t)) {
                match.add(t);
            } else {
                rest.add(t);
            }
        }
        return new Split(match.isEmpty() ? null : derive(match), rest.isEmpty() ? null : derive(rest));
    }

    /** Splits by type: the members that are instances of {@code type}, and the rest. */
    default Split split(Class<? extends Throwable> type) {
        Objects.requireNonNull(type, "type");
        return split(type::isInstance);
    }

    /** The part of this group that satisfies {@code condition}, or null (Python's {@code subgroup}). */
    default ThrowableGroup subgroup(Predicate<? super Throwable> condition) {
        return split(condition).match();
    }

    /** The part of this group whose members are instances of {@code type}, or null. */
    default ThrowableGroup subgroup(Class<? extends Throwable> type) {
        return split(type).match();
    }

    /**
     * The two parts of a {@link #split}: each is a group, or {@code null} when it would be empty.
     *
     * @param match the members that satisfied the condition
     * @param rest the others
     */
    record Split(ThrowableGroup match, ThrowableGroup rest) {
    }
}
