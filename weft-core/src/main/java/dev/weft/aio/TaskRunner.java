package dev.weft.aio;

import dev.weft.internal.strand.BackendPolicy;
import dev.weft.internal.strand.LiveThreads;
import dev.weft.internal.strand.LoopScheduledThreads;
import dev.weft.internal.strand.Strand;
import dev.weft.internal.strand.Turns;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * How one task's body is run and suspended: on a loop-scheduled virtual thread, or on a strand the
 * loop resumes. Both give the loop the same contract: start() and wake() are called on the loop;
 * when they are called from a plain loop step (not from inside another task) the task runs inline,
 * within that step, until it parks again or ends. TaskRunnerContract (in the tests) holds every
 * runner to that contract.
 */
/* Implementation notes
 *
 * parked/woken: park() sets parked and waits until woken; wake() does nothing unless the task is
 * parked and not yet woken, so one park is resumed exactly once however many wakers there are.
 * Both are written once, here; a runner says only how it parks and how it makes the task run
 * (schedule). LoopThread parks in Turns.await, the one park-until-my-turn loop of weft, and counts
 * its thread in LiveThreads while the body runs, so the leak check sees task threads too.
 *
 * LoopThread: the task's virtual thread is built with this runner as its scheduler. The JDK calls
 * execute(r) with the thread's continuation whenever the thread becomes runnable: at start(), at
 * our LockSupport.unpark, and at any unpark the JDK itself does (timer expiry of Thread.sleep, I/O
 * readiness, a BlockingQueue put from another task), possibly from another thread. To run the task
 * inline at start()/wake(), we set `capturing` on the loop thread, make the thread runnable, and
 * run the continuation we were handed; otherwise execute() queues it on the loop (thread-safely,
 * with a wakeup, when it comes from another thread). Virtual threads that the task's body starts
 * inherit this executor (JDK rule); their continuations differ from ours (`own`, captured at
 * start) and run as plain loop callbacks, not as steps of this task.
 */
abstract sealed class TaskRunner extends ContextSlot implements Consumer<Future<?>> permits TaskRunner.LoopThread, TaskRunner.OnStrand {
    final Task<?> task;
    final EventLoop loop;
    boolean parked;
    boolean woken;

    TaskRunner(Task<?> task) {
        this.task = task;
        this.loop = task.loop;
    }

    /** The task's own context, made on first use (ContextSlot's notes). */
    @Override
    final Context make() {
        return task.context();
    }

    @Override
    final Object[] pendingVars() {
        return task.contextVars();
    }

    /** Starts the body; on the loop. */
    final void start() {
        task.markStarted();
        schedule(true);
    }

    /** Gives control back to the loop until wake(); in the task. */
    abstract void park();

    /**
     * Inside an async generator's body, hands the park to the generator's driver, which parks the
     * task from where it can (AsyncGenerator's notes); false elsewhere.
     */
    final boolean relayedToAsyncGenerator() {
        AsyncGenerator.Core<?, ?> g = task.agenRunning;
        if (g == null) {
            return false;
        }
        g.relayPark();
        return true;
    }

    /** Fails clearly if the task cannot suspend from where it is now; in the task. */
    final void checkCanPark() {
        AsyncGenerator.Core<?, ?> g = task.agenRunning;
        if (g != null) {
            g.checkCanRelay(task);
        } else {
            checkCanParkHere();
        }
    }

    /** checkCanPark outside an async generator's body. */
    void checkCanParkHere() {
    }

    /** Makes a parked task run again, once however many wakers call this; on the loop. */
    final void wake() {
        if (!parked || woken) {
            return;
        }
        woken = true;
        schedule(false);
    }

    /**
     * Makes the task run (its first step, or the step after a park): inline, within this call, when
     * called from a plain loop step, else as a later loop step.
     */
    abstract void schedule(boolean first);

    /** As the done callback of the future the task awaits: wakes the task. */
    @Override
    public final void accept(Future<?> f) {
        wake();
    }

    @Override
    public final String toString() {
        return "wakeup of " + task;
    }

    /** Whether interrupt() can reach a task blocked outside weft. */
    boolean canInterrupt() {
        return false;
    }

    /** Interrupts a task blocked in a JDK call. */
    void interrupt() {
    }

    abstract StackTraceElement[] stackTrace();

    /** Whether start/wake can run the task inline: on the loop thread, in a plain loop step. */
    final boolean inPlainStep() {
        return Thread.currentThread() == loop.owner && loop.currentTask == null;
    }

    /** A task on a virtual thread whose scheduler is its loop. */
    static final class LoopThread extends TaskRunner implements Executor, Runnable, Turns.Waiter {
        final Thread thread;
        private boolean capturing;
        private Runnable captured;
        /** The JDK hands over the same continuation Runnable for a thread every time. */
        private Runnable own;

        LoopThread(Task<?> task) {
            super(task);
            this.thread = LoopScheduledThreads.builder(this).name(task.threadName()).unstarted(this);
            task.thread = thread;
        }

        /** The virtual thread's body (this runner is its Runnable: one object less per task). */
        @Override
        public void run() {
            LiveThreads.started();
            try {
                task.runBody();
            } finally {
                LiveThreads.ended();
            }
        }

        @Override
        public void execute(Runnable r) {
            if (capturing && Thread.currentThread() == loop.owner) {
                captured = r;
                if (own == null) {
                    own = r;
                }
                return;
            }
            if (own != null && r != own && !isAsyncGeneratorBody(r)) {
                // a virtual thread this task started inherited its scheduler: run it on the loop, but
                // as a plain thread, not as this task
                loop.enqueueForeignThread(r);
                return;
            }
            loop.enqueueStep(task, r);
        }

        /**
         * Continuations of the hand-off threads of async generator bodies this task drives: they
         * inherit this scheduler too, but run as steps of this task (AsyncGenerator's notes).
         * Copy-on-write, read by JDK unparks from any thread; at most one per nesting level.
         */
        private volatile Runnable[] asyncGeneratorBodies = new Runnable[0];

        private boolean isAsyncGeneratorBody(Runnable r) {
            AsyncGenerator.Core<?, ?> g = task.agenRunning;
            if (g != null && g.starting && Thread.currentThread() == task.thread) {
                // the driver is starting g's hand-off thread right now: this is its continuation
                g.bodyStep = r;
                g.bodyRunner = this;
                Runnable[] a = asyncGeneratorBodies;
                Runnable[] b = java.util.Arrays.copyOf(a, a.length + 1);
                b[a.length] = r;
                asyncGeneratorBodies = b;
                return true;
            }
            for (Runnable x : asyncGeneratorBodies) {
                if (x == r) {
                    return true;
                }
            }
            return false;
        }

        /** The async generator body whose continuation is {@code r} has ended. */
        void releaseAsyncGeneratorBody(Runnable r) {
            Runnable[] a = asyncGeneratorBodies;
            asyncGeneratorBodies = java.util.Arrays.stream(a).filter(x -> x != r).toArray(Runnable[]::new);
        }

        @Override
        void schedule(boolean first) {
            if (!inPlainStep()) {
                makeRunnable(first); // execute() queues the step on the loop
                return;
            }
            capturing = true;
            try {
                makeRunnable(first);
            } finally {
                capturing = false;
            }
            runCaptured();
        }

        private void makeRunnable(boolean first) {
            if (first) {
                thread.start();
            } else {
                LockSupport.unpark(thread);
            }
        }

        private void runCaptured() {
            Runnable r = captured;
            captured = null;
            if (r != null) {
                loop.runStep(task, r);
            }
        }

        @Override
        void park() {
            if (relayedToAsyncGenerator()) {
                return;
            }
            parked = true;
            try {
                Turns.await(this, 0); // no spin: the one thread that can wake us is the loop's, which we hold
            } finally {
                woken = false;
                parked = false;
            }
        }

        /** The task's turn has come when a wake() has been delivered. */
        @Override
        public boolean myTurn() {
            return woken;
        }


        @Override
        boolean canInterrupt() {
            return true;
        }

        @Override
        void interrupt() {
            task.thread.interrupt(); // its own thread, or an async generator body's hand-off thread running for it
        }

        @Override
        StackTraceElement[] stackTrace() {
            return thread.getStackTrace();
        }
    }

    /** A task on a strand (continuation or hand-off backend) that the loop resumes. */
    static final class OnStrand extends TaskRunner {
        private final Strand strand;
        Strand.Suspender suspender;
        private final Runnable step = this::step;

        OnStrand(Task<?> task) {
            super(task);
            // The body reaches the task (and through it this runner and the strand handle) only
            // through `ref`, cleared when the body ends: a hand-off strand's Cleaner can then see the
            // handle become unreachable and release the strand's state (see Strand's notes).
            Ref ref = new Ref(this);
            this.strand = Strand.create(s -> {
                OnStrand me = ref.runner;
                try {
                    me.suspender = s;
                    Thread t = Thread.currentThread();
                    me.task.thread = t;
                    me.loop.stepThread = t;
                    me.task.runBody();
                } finally {
                    me.suspender = null;
                    ref.runner = null;
                }
                return null;
            });
        }

        private static final class Ref {
            OnStrand runner;

            Ref(OnStrand runner) {
                this.runner = runner;
            }
        }

        @Override
        void schedule(boolean first) {
            if (inPlainStep()) {
                step();
            } else {
                loop.callSoonHandle(new TaskSteps.TaskHandle(loop, task, step));
            }
        }

        private void step() {
            loop.runStrandStep(task, strand);
        }

        @Override
        void checkCanParkHere() {
            if (!suspender.isCurrent()) {
                throw new IllegalStateException("weft: " + task + " cannot await here: this code runs inside a "
                        + "generator or greenlet body that the task drives, and a task on a strand can suspend only "
                        + "from its own body. Await outside that body, or give the JVM "
                        + BackendPolicy.opensFlag() + " so that tasks are loop-scheduled virtual threads, "
                        + "which can await from anywhere");
            }
        }

        @Override
        void park() {
            if (relayedToAsyncGenerator()) {
                return;
            }
            parked = true;
            try {
                suspender.suspend(null);
            } finally {
                woken = false;
                parked = false;
            }
        }

        @Override
        StackTraceElement[] stackTrace() {
            return strand.stackTrace();
        }
    }
}
