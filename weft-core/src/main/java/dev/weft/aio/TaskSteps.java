package dev.weft.aio;

import dev.weft.internal.strand.Strand;

/**
 * The glue between the loop and its task runners: a task's step runs inside a loop handle with
 * the loop's "who runs now" fields ({@code currentTask}, {@code stepThread}) set, and wakeups that
 * arrive from other threads go through the loop's entry queue.
 */
/* Implementation notes
 *
 * "On the loop thread" means Thread.currentThread() is the loop's `owner` (the platform thread
 * running the loop) or its `stepThread` (the thread of the task step running now: the task's
 * virtual thread for the loop-scheduled and hand-off backends; `owner` itself for the
 * continuation backend). The two step methods below are the only places that set them for a
 * step, and they restore the previous values because a step can run inside another one (a task
 * resumed inline by a future's callback that another task's step completed).
 */
final class TaskSteps {
    private TaskSteps() {
    }

    /** Runs one step of a loop-scheduled task: the continuation its virtual thread handed over. */
    static void run(EventLoop loop, Task<?> task, Runnable continuation) {
        step(loop, task, continuation, null);
    }

    /** Runs one step of a task on a strand: resumes the strand until it suspends or ends. */
    static void runStrand(EventLoop loop, Task<?> task, Strand strand) {
        if (!strand.isDone()) {
            step(loop, task, null, strand);
        }
    }

    /** The one place a step sets (and restores) who runs now; exactly one of the two is given. */
    private static void step(EventLoop loop, Task<?> task, Runnable continuation, Strand strand) {
        Task<?> prevTask = loop.currentTask;
        Thread prevThread = loop.stepThread;
        loop.currentTask = task;
        loop.stepThread = task.thread;
        loop.steppedTask = task;
        boolean flight = Flight.on;
        if (flight) {
            Flight.beforeStep(task);
        }
        // as asyncio's step runs in context.run, the running task's context cannot be entered again
        // (Task.context() marks a context made during the step)
        Context ctx = task.contextIfMade();
        boolean wasEntered = ctx != null && ctx.entered;
        if (ctx != null) {
            ctx.entered = true;
        }
        try {
            if (strand != null) {
                ContextSlot.resumeInContext(task.runner, strand);
            } else {
                continuation.run();
            }
        } finally {
            Context made = task.contextIfMade();
            if (made != null) {
                made.entered = wasEntered;
            }
            loop.currentTask = prevTask;
            loop.stepThread = prevThread;
            if (flight) {
                Flight.afterStep(task);
            }
        }
    }

    /** Queues {@code h}: on the loop directly when called on the loop thread, else through the entry queue. */
    static void enqueue(EventLoop loop, Handle h) {
        Thread c = Thread.currentThread();
        if (c == loop.owner || c == loop.stepThread) {
            loop.core.ready.add(h);
        } else {
            loop.enqueueFromAnyThread(h);
        }
    }

    /** A handle that starts or steps a task (a seeded Schedule tells these from plain callbacks). */
    static class TaskHandle extends Handle {
        final Task<?> task;

        TaskHandle(EventLoop loop, Task<?> task, Runnable r) {
            super(loop, r);
            this.task = task;
        }

        @Override
        final Task<?> task() {
            return task;
        }

        @Override
        public String toString() {
            return "Handle[step of " + task + (cancelled ? ", cancelled" : "") + "]";
        }
    }

    /** A step of a loop-scheduled task, queued by its virtual thread's scheduler. */
    static final class StepHandle extends TaskHandle {
        StepHandle(EventLoop loop, Task<?> task, Runnable r) {
            super(loop, task, r);
        }

        @Override
        void run() {
            TaskSteps.run(loop, task, callback);
        }

        @Override
        public String toString() {
            return "step of " + task;
        }
    }

    /** A handle that wakes a task: no callback object per {@code sleep(0)}. */
    static final class WakeHandle extends Handle {
        private final TaskRunner runner;

        WakeHandle(EventLoop loop, TaskRunner runner) {
            super(loop, null);
            this.runner = runner;
        }

        @Override
        void run() {
            runner.wake();
        }

        @Override
        Task<?> task() {
            return runner.task;
        }

        @Override
        public String toString() {
            return "Handle[" + runner + (cancelled ? ", cancelled" : "") + "]";
        }
    }
}
