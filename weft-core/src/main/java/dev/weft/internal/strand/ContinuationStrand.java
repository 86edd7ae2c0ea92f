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
 * The handle is also the core and the Suspender: a continuation holds no thread, so an
 * unreachable suspended strand is ordinary garbage (frames and all) and needs no Cleaner. The
 * protocol (states, mailbox, prologue, outcome) is StrandCore's; this class only runs and yields
 * the continuation. Only the resumer's thread touches the mailbox, and the continuation runs on
 * that same thread. Cross-thread misuse is caught one layer up (Generator's CAS on its state);
 * here the state check is a cheap safety net.
 *
 * isCurrent() asks the JDK which continuation of our scope is innermost on this thread: nested
 * strands share one scope, so a yield always leaves the innermost one, and a body that tries to
 * suspend an outer strand from inside an inner one must be refused, not silently misrouted.
 *
 * Yielding while a monitor is held works on JDK 24+ (JEP 491). A native frame on the stack
 * still pins; onPinned turns the JDK's terse error into one that says what to do.
 */
final class ContinuationStrand extends StrandCore {
    static final ContinuationScope SCOPE = new ContinuationScope("weft");

    private final Continuation cont;

    private ContinuationStrand(Body body) {
        this.cont = new WeftContinuation(() -> runBody(body));
    }

    static ContinuationStrand of(Body body) {
        return new ContinuationStrand(body);
    }

    @Override
    void switchToBody() {
        cont.run();
    }

    @Override
    void switchToResumer() {
        Continuation.yield(SCOPE);
    }

    @Override
    public boolean isCurrent() {
        return Continuation.getCurrentContinuation(SCOPE) == cont;
    }

    @Override
    public Backend backend() {
        return Backend.CONTINUATION;
    }

    @Override
    public StackTraceElement[] stackTrace() {
        return isSuspended() ? cont.getStackTrace() : new StackTraceElement[0];
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
