package dev.weft.aio;

import java.util.List;

/**
 * One event loop as {@link LoopInspection#snapshot} saw it: its statistics and its pending tasks.
 * A loop that is not running cannot be read safely from another thread: its snapshot says
 * {@code idle} (or {@code closed}) and lists no tasks.
 *
 * <p>Python: the loop part of {@code asyncio ps}; the statistics asyncio's debug mode logs.
 *
 * @param id the loop's number, as in its {@code toString()} ({@code EventLoop-<id>})
 * @param state {@code running}, {@code idle} or {@code closed}
 * @param thread the name of the thread running the loop, or null if it is not running
 * @param virtual whether the loop runs on a virtual clock
 * @param time the loop's {@link EventLoop#time()} when the snapshot was taken
 * @param backend the task backend ({@code loop} or {@code strand})
 * @param debug whether debug mode is on
 * @param readyCount callbacks in the ready queue (the snapshot's own callback not counted)
 * @param timerCount scheduled timers, cancelled ones not yet purged included
 * @param selectorKeys channels registered with the loop's selector
 * @param handlesRun callbacks and task steps the loop has run since it was created
 * @param slowCallbacks callbacks and steps that took longer than the slow-callback threshold;
 *     counted only in debug mode
 * @param tasks the loop's pending tasks, in creation order (empty unless {@code running})
 */
public record LoopSnapshot(int id, String state, String thread, boolean virtual, double time, String backend,
        boolean debug, int readyCount, int timerCount, int selectorKeys, long handlesRun, long slowCallbacks,
        List<TaskSnapshot> tasks) {

    /** Copies the task list, so that the snapshot is immutable. */
    public LoopSnapshot {
        tasks = List.copyOf(tasks);
    }

    /** The loop's name, {@code EventLoop-<id>}. */
    public String name() {
        return "EventLoop-" + id;
    }
}
