package dev.weft.aio;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * weft's JDK Flight Recorder events: a task's life (created, started, suspended with what it
 * awaits, resumed, finished), cancellation (requested, delivered) and slow callbacks, so that
 * {@code jfr print --categories weft} and JDK Mission Control show the loop's scheduling beside GC
 * and I/O.
 *
 * <pre>
 *   dev.weft.TaskCreated          loop, task, name, parent (the task that created it, 0 if none)
 *   dev.weft.TaskStarted          loop, task                    its first step begins
 *   dev.weft.TaskSuspended        loop, task, awaiting          a step ended; what it waits for
 *   dev.weft.TaskResumed          loop, task                    a later step begins
 *   dev.weft.TaskFinished         loop, task, outcome           result / exception / cancelled
 *   dev.weft.CancelRequested      loop, task, message           cancel() on a pending task
 *   dev.weft.CancelDelivered      loop, task, message           the body sees CancelledError
 *   dev.weft.SlowCallback         loop, handle, task, duration  a handle over its threshold (100 ms)
 * </pre>
 *
 * Task ids are weft's own ({@code task}: unique in the JVM, in creation order of first sight), not
 * thread ids: a task on a strand has no thread of its own.
 */
/* Implementation notes
 *
 * Cost when not recording: every hook is `if (Flight.on) Flight.x(...)`, one read of a static
 * volatile boolean (a plain load on x86 and AArch64), and builds nothing. `on` is kept by a
 * FlightRecorderListener: true while a recording runs in which any weft event type is enabled,
 * recomputed at each recording state change. JFR still checks each event's own enabled flag and
 * threshold at commit, so `on` only has to be a cheap superset.
 *
 * Where events are committed: on the loop's platform thread, never on a task's virtual thread.
 * A loop-scheduled task is a virtual thread whose carrier is the loop's thread, mounted by a
 * custom scheduler; events committed from inside it were sometimes missing from the dump. The
 * hooks that can run inside a task (TaskCreated, CancelRequested, CancelDelivered) therefore
 * take their timestamps at once (begin + end) and, when called off the loop's own thread, are
 * handed to the loop (`pending`), which commits them right after the step returns
 * (TaskSteps.step: afterStep). A step's own events (started, resumed, suspended, finished) are
 * emitted around the step by TaskSteps, on the loop thread; the suspension is read from the
 * task's state after the step, so nothing runs inside the task for it. The buffer is bounded by
 * what one step can emit; it is emptied after every step.
 *
 * Task ids and the started/suspended flags live in a weak map, touched only while recording: a
 * field in Task would cost every task 8 bytes (Task is 88 bytes; bytes per waiting task is a
 * tracked figure) for a feature that is usually off.
 *
 * Rejected: a timestamp taken in the task and the commit left to the task's thread (lost events,
 * as above); a per-task buffer (a field per task, as above).
 */
final class Flight {
    /** True while a recording with weft's events enabled runs; read by every hook. */
    static volatile boolean on;

    private static final AtomicLong IDS = new AtomicLong();
    private static final Class<?>[] TYPES = {TaskCreated.class, TaskStarted.class, TaskSuspended.class,
        TaskResumed.class, TaskFinished.class, CancelRequested.class, CancelDelivered.class, SlowCallback.class};

    static {
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                update();
            }

            @Override
            public void recordingStateChanged(Recording recording) {
                update();
            }
        });
        if (FlightRecorder.isInitialized()) {
            update();
        }
    }

    private Flight() {
    }

    private static synchronized void update() {
        boolean any = false;
        for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
            if (r.getState() == RecordingState.RUNNING) {
                any = true;
                break;
            }
        }
        boolean enabled = false;
        if (any) {
            for (Class<?> c : TYPES) {
                @SuppressWarnings("unchecked")
                Class<? extends Event> e = (Class<? extends Event>) c;
                enabled |= EventType.getEventType(e).isEnabled();
            }
        }
        on = enabled;
    }

    /**
     * Per task seen while recording: its id above two flags. Kept here, weakly, not in a field of
     * Task: a task costs no byte more for a feature that is usually off.
     */
    private static final Map<Task<?>, Long> SEEN = Collections.synchronizedMap(new WeakHashMap<>());
    private static final long STARTED = 1;
    private static final long SUSPENDED = 2;
    private static final int FLAGS = 2;

    /** The task's id in the events, given on first sight. */
    static long id(Task<?> t) {
        return state(t) >>> FLAGS;
    }

    private static long state(Task<?> t) {
        return SEEN.computeIfAbsent(t, x -> IDS.incrementAndGet() << FLAGS);
    }

    // ---- hooks (called only when `on`) -------------------------------------------------------

    static void created(Task<?> t) {
        TaskCreated e = new TaskCreated();
        stamp(e);
        fill(e, t);
        e.name = t.name();
        Task<?> parent = t.loop.currentTask;
        e.parent = parent == null ? 0 : id(parent);
        commitOnLoop(t.loop, e);
    }

    /** Before a step of {@code t} runs (on the loop thread). */
    static void beforeStep(Task<?> t) {
        long f = state(t);
        TaskEvent e = (f & SUSPENDED) != 0 ? new TaskResumed() : (f & STARTED) != 0 ? null : new TaskStarted();
        SEEN.put(t, (f & ~SUSPENDED) | STARTED);
        if (e != null) {
            fill(e, t);
            e.commit();
        }
    }

    /** After a step of {@code t} returned (on the loop thread): the step's outcome, then what the step queued. */
    static void afterStep(Task<?> t) {
        if (t.done()) {
            TaskFinished e = new TaskFinished();
            fill(e, t);
            e.outcome = t.cancelled() ? "cancelled" : t.exception() != null ? "exception: " + t.exception() : "result";
            e.commit();
        } else if ((state(t) & (STARTED | SUSPENDED)) == STARTED) {
            TaskSuspended e = new TaskSuspended();
            fill(e, t);
            Future<?> w = t.waitingOn;
            e.awaiting = w != null ? w.toString() : t.state().equals("ready") ? "sleep(0): other ready tasks"
                    : "a blocking JDK call";
            SEEN.put(t, state(t) | SUSPENDED);
            e.commit();
        }
        drain(t.loop);
    }

    static void cancelRequested(Task<?> t, String msg) {
        cancel(new CancelRequested(), t, msg);
    }

    static void cancelDelivered(Task<?> t, String msg) {
        cancel(new CancelDelivered(), t, msg);
    }

    private static void cancel(CancelEvent e, Task<?> t, String msg) {
        stamp(e);
        fill(e, t);
        e.message = msg;
        commitOnLoop(t.loop, e);
    }

    /** Starts timing a handle for SlowCallback (JFR keeps it only past its threshold). */
    static SlowCallback beginHandle() {
        SlowCallback e = new SlowCallback();
        e.begin();
        return e;
    }

    static void endHandle(SlowCallback e, EventLoop loop, Handle h, Task<?> stepped) {
        e.end();
        if (e.shouldCommit()) {
            e.loop = loop.id();
            e.handle = String.valueOf(h);
            e.task = stepped == null ? 0 : id(stepped);
            e.commit();
        }
    }

    private static void stamp(Event e) {
        e.begin();
        e.end();
    }

    private static void fill(TaskEvent e, Task<?> t) {
        e.loop = t.loop.id();
        e.task = id(t);
    }

    private static void commitOnLoop(EventLoop loop, Event e) {
        if (Thread.currentThread() == loop.owner || !loop.isRunning()) {
            e.commit();
        } else {
            loop.flightPending.add(e); // only the loop's current step can be here: drained after it
        }
    }

    private static void drain(EventLoop loop) {
        java.util.List<Event> p = loop.flightPending;
        if (!p.isEmpty()) {
            for (Event e : p) {
                e.commit();
            }
            p.clear();
        }
    }

    // ---- the event types ---------------------------------------------------------------------

    @Category("weft")
    @StackTrace(false)
    abstract static class TaskEvent extends Event {
        @Label("Loop")
        @Description("The event loop's number (EventLoop-<n>)")
        int loop;

        @Label("Task")
        @Description("weft's id of the task, unique in this JVM")
        long task;
    }

    @Name("dev.weft.TaskCreated")
    @Label("Task Created")
    static final class TaskCreated extends TaskEvent {
        @Label("Name")
        String name;

        @Label("Parent")
        @Description("The task that created it (0: created outside a task)")
        long parent;
    }

    @Name("dev.weft.TaskStarted")
    @Label("Task Started")
    static final class TaskStarted extends TaskEvent {
    }

    @Name("dev.weft.TaskSuspended")
    @Label("Task Suspended")
    static final class TaskSuspended extends TaskEvent {
        @Label("Awaiting")
        @Description("What the task waits for")
        String awaiting;
    }

    @Name("dev.weft.TaskResumed")
    @Label("Task Resumed")
    static final class TaskResumed extends TaskEvent {
    }

    @Name("dev.weft.TaskFinished")
    @Label("Task Finished")
    static final class TaskFinished extends TaskEvent {
        @Label("Outcome")
        String outcome;
    }

    abstract static class CancelEvent extends TaskEvent {
        @Label("Message")
        String message;
    }

    @Name("dev.weft.CancelRequested")
    @Label("Cancel Requested")
    static final class CancelRequested extends CancelEvent {
    }

    @Name("dev.weft.CancelDelivered")
    @Label("Cancel Delivered")
    @Description("The task's body sees CancelledError at a suspension point")
    static final class CancelDelivered extends CancelEvent {
    }

    @Name("dev.weft.SlowCallback")
    @Label("Slow Callback")
    @Description("One callback or task step held the loop's thread longer than the threshold")
    @Category("weft")
    @Threshold("100 ms")
    @StackTrace(false)
    static final class SlowCallback extends Event {
        @Label("Loop")
        int loop;

        @Label("Handle")
        String handle;

        @Label("Task")
        @Description("The task whose step ran inside the handle (0: none)")
        long task;
    }
}
