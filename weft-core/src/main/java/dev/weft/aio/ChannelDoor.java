package dev.weft.aio;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The {@code ...Threadsafe} methods of {@link Channel}: one operation run as a task of the
 * channel's loop, awaited by a plain thread (blocking) or by a task of another loop (suspending),
 * with the operation's own outcome carried back exactly.
 */
final class ChannelDoor<T> {
    /*
     * Implementation notes
     *
     * The operation runs on the channel's loop, so it is linearizable by construction: each
     * thread-safe call takes effect at one step of that loop (ChannelLincheckTest checks it).
     *
     * The outcome travels in `outcome`, completed by the operation itself (not by the task's end:
     * a task that is cancelled after its send took effect ends cancelled, Task.runBody's rule,
     * although the element was sent). The caller waits for that outcome. If the caller gives up
     * (interrupt, or a cancel of its task), it asks the loop to cancel the operation and still
     * waits for the real outcome: the operation either took effect (the call returns normally and
     * the interrupt flag or the cancel stays pending) or did not (the call throws). Nothing is
     * ambiguous, so nothing is lost or delivered twice across threads either.
     *
     * Rejected: runCoroutineThreadsafe plus Future.wrap. Cancelling that CompletableFuture
     * completes it at once, so a caller that gave up could not learn whether its element went.
     */

    private final EventLoop owner;
    private final Callable<T> op;
    private final Runnable notRun;
    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private Task<Void> task;
    private boolean cancelRequested;

    private ChannelDoor(EventLoop owner, Callable<T> op, Runnable notRun) {
        this.owner = owner;
        this.op = op;
        this.notRun = notRun;
    }

    /**
     * Runs {@code op} on {@code owner} and waits for its outcome, interruptibly if
     * {@code interruptible}; {@code notRun} runs on the loop instead if the operation is cancelled
     * before it starts (a send drops its element there, as a cancelled send would).
     */
    static <T> T call(EventLoop owner, String what, Callable<T> op, boolean interruptible, Runnable notRun)
            throws InterruptedException {
        EventLoop here = EventLoop.running();
        if (here == owner && owner.onLoopThread()) {
            return sneaky(op); // already on the channel's loop: the plain operation
        }
        boolean onOtherLoop = here != null && here.isRunning() && here.onLoopThread();
        if (onOtherLoop) {
            Task.currentForAwait(here, what); // before anything is sent: a callback of a loop cannot wait
        }
        ChannelDoor<T> door = new ChannelDoor<>(owner, op, notRun);
        try {
            owner.callSoonThreadsafe(door::start);
        } catch (IllegalStateException closed) {
            throw new IllegalStateException(what + ": the channel's loop " + owner + " is closed; a channel can only be"
                    + " used while its loop runs", closed);
        }
        return onOtherLoop ? door.awaitOn(here, what) : door.block(what, interruptible);
    }

    /** On the owner loop: the operation as a task that reports its own outcome. */
    private void start() {
        task = owner.createTask(() -> {
            try {
                outcome.complete(op.call());
            } catch (CancelledError c) {
                outcome.completeExceptionally(c);
                throw c;
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
            return null;
        }, "channel door");
        task.addDoneCallback(f -> {
            if (f.cancelled() && !outcome.isDone()) { // cancelled before its body ran
                try {
                    notRun.run();
                } finally {
                    outcome.completeExceptionally(new CancelledError("cancelled before it started"));
                }
            }
        });
        if (cancelRequested) {
            task.cancel();
        }
    }

    /** On the owner loop: the caller gave up. */
    private void cancel() {
        cancelRequested = true;
        if (task != null) {
            task.cancel();
        }
    }

    private void requestCancel() {
        try {
            owner.callSoonThreadsafe(this::cancel);
        } catch (IllegalStateException closed) {
            // the loop is closing: it cancels the operation's task itself, and the outcome still comes
        }
    }

    /** A plain thread waits; on interrupt, the operation is cancelled and its real outcome awaited. */
    private T block(String what, boolean interruptible) throws InterruptedException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return outcome.get();
                } catch (InterruptedException ie) {
                    if (!interrupted && interruptible) {
                        requestCancel();
                    }
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof CancelledError && interrupted && interruptible) {
                        InterruptedException ie = new InterruptedException(what + " was interrupted and did not take effect");
                        ie.initCause(cause);
                        interrupted = false; // reported by the exception, as the JDK's blocking calls do
                        throw ie;
                    }
                    throw failure(what, cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A task of another loop awaits; if cancelled, the operation is cancelled and its real outcome awaited. */
    private T awaitOn(EventLoop here, String what) {
        CancelledError mine = null;
        while (true) {
            try {
                T v = Future.wrap(outcome.copy(), here).await();
                if (mine != null) {
                    Task.current().redeliverCancel(); // it took effect first: keep it, deliver the cancel later
                }
                return v;
            } catch (CancelledError c) {
                if (outcome.isCompletedExceptionally() && outcome.exceptionNow() == c) {
                    if (mine != null) {
                        throw mine; // cancelled for us: it did not take effect
                    }
                    throw failure(what, c);
                }
                if (mine == null) {
                    mine = c;
                    requestCancel();
                } // cancelled again while the outcome travels: keep waiting for it
            } catch (RuntimeException | Error e) {
                if (mine != null) {
                    Task.current().redeliverCancel();
                }
                throw e;
            }
        }
    }

    /** The operation's own failure, or, if the owner loop cancelled it, an error that says so. */
    private RuntimeException failure(String what, Throwable cause) {
        if (cause instanceof CancelledError) {
            return new IllegalStateException(what + " did not take effect: the channel's loop " + owner
                    + " cancelled it (the loop is closing)", cause);
        }
        return rethrow(cause);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    private static <T> T sneaky(Callable<T> op) {
        try {
            return op.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
