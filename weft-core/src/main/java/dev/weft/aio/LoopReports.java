package dev.weft.aio;

import java.util.Collection;

/** The texts of the loop's reports: task dumps, exception-handler messages, debug warnings. */
final class LoopReports {
    private LoopReports() {
    }

    /** The default handler's log text: the message, the future, and in debug mode the task's creation site. */
    static String describe(ExceptionContext context) {
        StringBuilder sb = new StringBuilder("weft: ").append(context.message());
        if (context.future() != null && !context.message().contains(context.future().toString())) {
            sb.append("\n  future: ").append(context.future());
        }
        if (context.future() instanceof Task<?> t && t.creationSite != null) {
            sb.append("\n  task created at:");
            for (StackTraceElement e : t.creationSite.getStackTrace()) {
                sb.append("\n    at ").append(e);
            }
        }
        return sb.toString();
    }

    /** Every pending task: state, what it awaits, where it was created (debug), and its stack. */
    static String dump(EventLoop loop, Collection<Task<?>> tasks) {
        StringBuilder sb = new StringBuilder();
        sb.append(loop).append(": ").append(tasks.size()).append(" pending task(s)\n");
        for (Task<?> t : tasks) {
            sb.append("  ").append(t).append('\n');
            if (t.creationSite != null) {
                StackTraceElement[] cs = t.creationSite.getStackTrace();
                if (cs.length > 1) {
                    sb.append("    created at ").append(cs[1]).append('\n');
                }
            }
            for (StackTraceElement e : t.stackTrace()) {
                sb.append("    at ").append(e).append('\n');
            }
        }
        return sb.toString();
    }

    static ExceptionContext stoppedPending(int pending, String dump) {
        return new ExceptionContext("Event loop stopped with " + pending + " task(s) still pending (debug mode: they "
                + "stay suspended until the loop runs again; await or cancel them before stopping, or use "
                + "EventLoop.run, which cancels what is left)\n" + dump, null, null, null);
    }

    static ExceptionContext destroyedPending(Task<?> t, String dump) {
        return new ExceptionContext("Task was destroyed but it is pending: " + t
                + " (the loop closed before it finished; use EventLoop.run, or await or cancel it first)" + dump,
                null, t, null);
    }

    static ExceptionContext neverRetrieved(Future.Unretrieved u) {
        return new ExceptionContext(u.what.substring(0, u.what.indexOf('[')) + " exception was never retrieved: "
                + u.what + " (await it or call result()/exception() on it)", u.exception, null, null);
    }

    static String slowCallback(Handle h, double seconds, Task<?> stepped) {
        return String.format("weft: executing %s took %.3f seconds (slow callback%s; a task or callback that "
                + "computes for long blocks every other one: move the work to loop.toThread(...))", h, seconds,
                stepped == null ? "" : ", running a step of " + stepped);
    }

    static String blockedClock(EventLoop loop, long graceMs) {
        return "weft: the virtual clock of " + loop + " waited " + graceMs + " ms of real time for tasks blocked "
                + "in JDK calls, then jumped to the next timer anyway. On a virtual clock a blocking JDK call "
                + "(Thread.sleep, BlockingQueue, a socket) holds the clock, and one that waits for another task "
                + "of this loop costs real time at every jump; use Aio.sleep and weft's queues and locks in "
                + "virtual-clock code. Tasks:\n" + loop.dumpTasks();
    }
}
