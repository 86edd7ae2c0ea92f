package dev.weft.aio;

import java.util.List;

/**
 * One task as {@link LoopInspection#snapshot} saw it: a value, taken on the loop's thread, that
 * stays the same however the task goes on.
 *
 * <p>Python: an entry of {@code asyncio ps}, with the edges {@code asyncio pstree} draws.
 *
 * @param id a number naming the task within its loop for as long as inspection is on (the key
 *     for {@link LoopInspection#stack}); never reused within the loop
 * @param name the task's name ({@link Task#name()})
 * @param state one of {@code created}, {@code ready}, {@code running}, {@code waiting},
 *     {@code blocked} (the table of {@link Task})
 * @param stateSeconds seconds of loop time the task has been in its state, to the loop
 *     iteration; NaN if the state began before inspection was on
 * @param awaiting what the task waits on ({@code toString()} of the future), or null if it waits on
 *     nothing
 * @param awaits the ids of the tasks the task waits for: the task it awaits, the children of a
 *     {@code gather} it awaits, the tasks of a {@link TaskGroup} whose end it awaits
 * @param awaitedBy the ids of the tasks that wait for this one (the reverse edges of
 *     {@code awaits}: Python's "awaited by")
 * @param cancelling pending cancellation requests ({@link Task#cancelling()})
 * @param creationSite where the task was created, innermost frame first, without weft's own
 *     frames; empty unless the loop was in debug mode when it was created
 */
public record TaskSnapshot(long id, String name, String state, double stateSeconds, String awaiting,
        List<Long> awaits, List<Long> awaitedBy, int cancelling, List<StackTraceElement> creationSite) {

    /** Copies the lists, so that the snapshot is immutable. */
    public TaskSnapshot {
        awaits = List.copyOf(awaits);
        awaitedBy = List.copyOf(awaitedBy);
        creationSite = List.copyOf(creationSite);
    }
}
