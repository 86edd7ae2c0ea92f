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

    static ExceptionContext outlivedRun(Task<?> t, double timeout, String dump) {
        return new ExceptionContext("Task did not end within " + timeout + " s after EventLoop.run() cancelled it: "
                + t + " (it caught CancelledError, or its cleanup waits for long); the loop closes and ends it "
                + "now. Let CancelledError propagate after cleaning up, or raise the bound with "
                + "EventLoop.current().setShutdownTimeout(seconds)" + dump, null, t, null);
    }

    static ExceptionContext refusedToEnd(Task<?> t, boolean ended) {
        return new ExceptionContext("Task refused to end: " + t + " caught the CancelledError the closing loop "
                + "delivered " + Task.MAX_ABANDONED_DELIVERIES + " times and waited again"
                + (ended ? "; it was ended by force with an Error its catch let through (its finally blocks ran)"
                        : ", and caught even the Error that ends such a task; it is abandoned, suspended for ever, "
                        + "holding no platform thread")
                + ". A loop that catches CancelledError and waits again does this: re-throw CancelledError after "
                + "cleaning up", null, t, null);
    }

    static ExceptionContext entryNeverRan(EventLoop loop, Handle h) {
        return new ExceptionContext("Callback never ran: " + h + " was scheduled on " + loop + ", which was closed "
                + "on a virtual thread, and a virtual thread cannot run loop-scheduled tasks; close such a loop on a "
                + "platform thread", null, null, h);
    }

    static ExceptionContext stuck(EventLoop loop, Task<?> task, double seconds, double threshold,
            StackTraceElement[] stack, int maxFrames) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Event loop stuck: the thread of %s has been inside one step of %s for %.3f s "
                + "(watchdog threshold %.3f s); every other task, timer and callback of this loop waits meanwhile. ",
                loop, task != null ? task : "a callback", seconds, threshold));
        sb.append("A long computation, or a blocking call the JDK cannot park on the loop (file or pipe I/O, "
                + "a native call), runs on the loop's thread: move it to loop.toThread(...) (Aio.readString and "
                + "friends for files). Threshold: loop.setWatchdog(seconds) or -D" + Watchdog.PROPERTY
                + "=seconds, 0 turns it off. Stack:");
        for (int i = 0; i < stack.length && i < maxFrames; i++) {
            sb.append("\n    at ").append(stack[i]);
        }
        if (stack.length > maxFrames) {
            sb.append("\n    ... ").append(stack.length - maxFrames).append(" more");
        }
        return new ExceptionContext(sb.toString(), null, task, null);
    }

    static ExceptionContext recovered(EventLoop loop, Task<?> task, double seconds) {
        return new ExceptionContext(String.format("Event loop recovered: %s ran again after about %.3f s stuck "
                + "in one step of %s", loop, seconds, task != null ? task.name() : "a callback"), null, task, null);
    }
}
