package dev.weft.internal.strand;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * A strand on {@code jdk.internal.vm.Continuation}: the body runs on the resumer's own thread, and
 * suspending unwinds to the resumer's {@code resume} call with the body's frames saved on the heap.
 *
 * <p>Python: the closest thing to CPython's own frame switch; no thread is involved.
 */
/* Implementation notes
 *
 * The handle is also the Suspender: a continuation holds no thread, so an unreachable suspended
 * strand is ordinary garbage (frames and all) and needs no Cleaner.
 *
 * Values cross through the single field `transfer` in both directions; `thrownIn` carries an
 * exception to raise at the suspension point; `result`/`failure` carry the body's outcome. Only
 * the resumer's thread touches them, and the continuation runs on that same thread, so plain
 * fields suffice. Cross-thread misuse is caught one layer up (Generator's CAS on its state); here
 * `running` is a cheap safety net.
 *
 * isCurrent() asks the JDK which continuation of our scope is innermost on this thread: nested
 * strands share one scope, so a yield always leaves the innermost one, and a body that tries to
 * suspend an outer strand from inside an inner one must be refused, not silently misrouted.
 *
 * Yielding while a monitor is held works on JDK 24+ (JEP 491). A native frame on the stack
 * still pins; onPinned turns the JDK's terse error into one that says what to do.
 */
final class ContinuationStrand extends Strand implements Strand.Suspender {
    static final ContinuationScope SCOPE = new ContinuationScope("weft");

    private final Continuation cont;
    private Object transfer;
    private Throwable thrownIn;
    private Object result;
    private Throwable failure;
    private boolean running;
    private boolean started;

    private ContinuationStrand(Body body) {
        this.cont = new WeftContinuation(() -> {
            try {
                result = body.run(this);
            } catch (Throwable t) {
                failure = t;
            }
        });
    }

    static ContinuationStrand of(Body body) {
        return new ContinuationStrand(body);
    }

    @Override
    public Object resume(Object value) {
        return step(value, null);
    }

    @Override
    public Object resumeThrowing(Throwable t) {
        if (!started) {
            throw new IllegalStateException(this + " has not started: nothing to throw into yet");
        }
        return step(null, t);
    }

    private Object step(Object value, Throwable t) {
        if (running) {
            throw alreadyRunning(this);
        }
        if (cont.isDone()) {
            throw alreadyDone(this);
        }
        running = true;
        started = true;
        transfer = value;
        thrownIn = t;
        try {
            cont.run();
        } finally {
            running = false;
        }
        if (cont.isDone()) {
            Throwable f = failure;
            if (f != null) {
                failure = null;
                throw sneakyThrow(f);
            }
            Object r = result;
            result = null;
            return r;
        }
        Object out = transfer;
        transfer = null;
        return out;
    }

    @Override
    public Object suspend(Object out) {
        if (!isCurrent()) {
            throw notInside(toString());
        }
        transfer = out;
        Continuation.yield(SCOPE);
        Throwable t = thrownIn;
        if (t != null) {
            thrownIn = null;
            transfer = null;
            throw sneakyThrow(t);
        }
        Object in = transfer;
        transfer = null;
        return in;
    }

    @Override
    public boolean isCurrent() {
        return Continuation.getCurrentContinuation(SCOPE) == cont;
    }

    @Override
    public boolean isDone() {
        return cont.isDone();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    @Override
    public Backend backend() {
        return Backend.CONTINUATION;
    }

    @Override
    public StackTraceElement[] stackTrace() {
        if (!started || running || cont.isDone()) {
            return new StackTraceElement[0];
        }
        return cont.getStackTrace();
    }

    private static final class WeftContinuation extends Continuation {
        WeftContinuation(Runnable target) {
            super(SCOPE, target);
        }

        @Override
        protected void onPinned(Continuation.Pinned reason) {
            throw new IllegalStateException("weft: cannot suspend here: the strand's stack holds a frame the JVM "
                    + "cannot move (" + reason + ", e.g. a native method or a class initializer). Suspend "
                    + "outside that call, or move the work out of the static initializer.");
        }
    }
}
