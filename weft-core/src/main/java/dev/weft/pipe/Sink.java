package dev.weft.pipe;

import dev.weft.gen.Generator;
import dev.weft.gen.GeneratorExit;
import dev.weft.gen.GeneratorState;
import dev.weft.gen.StopIteration;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Objects;

/**
 * The receiving end of a pipeline stage: a primed coroutine (or a built-in stage's push function
 * with the same rules) that items are pushed into with {@link #send}, one at a time, until it is
 * closed.
 *
 * <p>Python: a generator-based coroutine primed by the {@code @coroutine} decorator, used as a
 * {@code target} of {@code target.send(item)}. weft wraps it in a type of its own so pipelines
 * read as {@code Sink<String>} rather than {@code Generator<?, String, ?>}, and so sources and
 * stages can share one rule for ending: whoever pushes into a sink closes it when done.
 *
 * {@snippet :
 * List<String> seen = new ArrayList<>();
 * Sink<String> collect = Sink.coroutine("collect", ctx -> {
 *     while (true) {
 *         seen.add(ctx.yield(null)); // each send() resumes here with the item
 *     }
 * });
 * Pipe.from(List.of("a", "b"), Pipe.map(String::toUpperCase, collect)); // seen: [A, B]
 * }
 *
 * <p>States ({@link #toString()} and {@link #state()} show the state of the coroutine underneath,
 * or of a built-in stage in the same words):
 * <pre>
 *   OPEN   -> OPEN     // send(item): the coroutine runs to its next yield
 *   OPEN   -> CLOSED   // close(); the coroutine returns (send throws StopIteration) or throws
 *                      // (send throws the same exception)
 * </pre>
 *
 * <p>Ending: a sink that is closed, or whose coroutine has returned, answers {@code send} with
 * {@link StopIteration}, as a finished Python generator does. Sources and stages take that as
 * "no more items wanted" and stop. Exceptions a sink's coroutine throws reach the caller of
 * {@code send} as the same object, checked or not.
 *
 * <p>Threads: a sink runs on the thread that sends to it; it may be used by different threads
 * one after another, never by two at once ("generator already executing").
 *
 * @param <T> the type of the items it receives
 */
public final class Sink<T> implements AutoCloseable {

    /** The coroutine underneath a user's sink; null for a built-in stage. */
    private final Generator<?, ? super T, ?> coroutine;
    /** The push function of a built-in stage; null for a coroutine sink. */
    private final Stage<T> stage;

    private Sink(Generator<?, ? super T, ?> coroutine) {
        this.coroutine = coroutine;
        this.stage = null;
    }

    private Sink(Stage<T> stage) {
        this.coroutine = null;
        this.stage = stage;
    }

    /**
     * Wraps a coroutine as a sink, priming it first (advancing it to its first {@code yield}) if
     * it has not started.
     *
     * @throws IllegalArgumentException if the coroutine is running or already closed
     * @throws StopIteration if priming makes it return before its first {@code yield}
     */
    public static <T> Sink<T> of(Generator<?, ? super T, ?> coroutine) {
        Objects.requireNonNull(coroutine, "coroutine");
        GeneratorState s = coroutine.state();
        if (s == GeneratorState.CREATED) {
            coroutine.prime();
        } else if (s != GeneratorState.SUSPENDED) {
            throw new IllegalArgumentException("cannot make a sink of " + coroutine + ": a sink needs a coroutine "
                    + "that is CREATED (weft primes it) or SUSPENDED at a yield (already primed)");
        }
        return new Sink<>(coroutine);
    }

    /**
     * Creates a primed coroutine sink from a generator body: each {@code ctx.yield(reply)} waits for
     * the next item and returns it; {@code reply} is what the pushing {@code send} returns.
     *
     * <p>Python: {@code @coroutine def name(): while True: item = (yield)}.
     */
    public static <T> Sink<T> coroutine(String name, Generator.Body<?, T, ?> body) {
        return new Sink<>(Generator.primed(name, body));
    }

    /** A sink run by a built-in stage's push function (no coroutine, no switch). */
    static <T> Sink<T> stage(Stage<T> stage) {
        return new Sink<>(stage);
    }

    /**
     * Pushes one item: resumes the coroutine with {@code item} and returns the value it yields
     * back (null for most stages; the count for a counting printer).
     *
     * @throws StopIteration if the sink is closed or its coroutine returns (it wants no more items)
     * @throws IllegalStateException if the sink is already running (sent to from inside itself or
     *     from two threads at once)
     */
    public Object send(T item) {
        Stage<T> st = stage;
        return st != null ? st.send(this, item) : coroutine.send(item);
    }

    /**
     * Closes the sink: raises {@link GeneratorExit} at its pending {@code yield}, so its
     * {@code finally} blocks run; a stage closes its targets in turn. A no-op if already closed.
     *
     * @throws IllegalStateException if the coroutine yields instead of finishing, or is running
     */
    @Override
    public void close() {
        if (stage != null) {
            stage.close(this);
        } else {
            coroutine.close();
        }
    }

    /** Whether the sink is closed (closed, returned, or ended by an exception). */
    public boolean isClosed() {
        return state() == GeneratorState.CLOSED;
    }

    /**
     * The sink's state, in a generator's words: {@code SUSPENDED} while it waits for an item,
     * {@code RUNNING} while it handles one, {@code CLOSED} once it has ended.
     */
    public GeneratorState state() {
        return stage != null ? stage.state() : coroutine.state();
    }

    /** The sink's name: the coroutine's name, or the built-in stage's (such as {@code "grep ERROR"}). */
    public String name() {
        return stage != null ? stage.name : coroutine.name();
    }

    /**
     * The value the coroutine returned, for a sink that computes a result (such as
     * {@link Pipe#counter()}); null if it returned none.
     *
     * @throws IllegalStateException if the sink is not closed yet
     */
    public Object result() {
        if (stage == null) {
            return coroutine.returnValue();
        }
        if (!isClosed()) {
            throw new IllegalStateException(this + " has not finished: its result is not known yet; close it first");
        }
        return stage.result;
    }

    /**
     * The coroutine underneath, for its state, name and stack trace; null for a built-in stage
     * ({@code filter}, {@code map}, {@code grep}, {@code broadcast}, {@code printer},
     * {@code counter}), which runs as a plain function and needs none.
     */
    public Generator<?, ? super T, ?> coroutine() {
        return coroutine;
    }

    @Override
    public String toString() {
        return "Sink[" + name() + ", " + state() + "]";
    }

    /*
     * Implementation notes
     *
     * A user's sink is a primed generator: every send is a resume of its body (a strand switch,
     * or a plain call once the body is woven). The built-in stages need no body of their own that
     * can pause: each is a push function (Stage.receive) called on the sender's stack. Stage.send
     * and Stage.close are the one place that gives every push function a generator's rules, so a
     * pipeline behaves the same whichever kind each stage is:
     *   - send to a closed stage throws StopIteration(null), as a finished generator does;
     *   - a send or close from inside the stage's own handling, or from a second thread while it
     *     runs, fails with "generator already executing" (state moves into RUNNING by CAS);
     *   - StopIteration out of receive (its target ended) ends the stage: its targets are closed
     *     and the send throws a fresh StopIteration(null), the coroutine stage's "return null";
     *   - any other exception ends the stage, closes its targets keeping a close failure as
     *     suppressed, and reaches the sender as the same object;
     *   - close() closes the targets (a close failure is thrown, as it escapes the coroutine's
     *     finally) and records closeResult() as result().
     *
     * Cost: the CAS on entry is the one full fence per stage and item, and it stays: refusing a
     * second thread that arrives while the first runs is mutual exclusion, which needs an atomic
     * read-modify-write or a store-load fence on every entry (Attiya et al., "Laws of Order",
     * POPL 2011); an owner-thread bias would need the JVM's handshakes to revoke. The exit is a
     * release store, not a volatile one: whoever enters next does so by CAS (an acquire), so it
     * sees everything the last item did, and the thread that ran it sees its own store; a
     * volatile store would add a second fence per stage and item (on x86 a locked instruction, as
     * costly as the CAS), which in read -> broadcast(3 x grep -> count) is four a line.
     */

    /**
     * A built-in stage's push function and the generator rules around it.
     *
     * <p>States: {@code OPEN -> RUNNING -> OPEN} (one item), {@code OPEN -> CLOSED} (close, target
     * ended, failure).
     */
    abstract static class Stage<T> {
        private static final int OPEN = 0;
        private static final int RUNNING = 1;
        private static final int CLOSED = 2;
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Stage.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final String name;
        private volatile int state = OPEN;
        private Object result;

        Stage(String name) {
            this.name = name;
        }

        /** Handles one item and returns the reply; throws StopIteration when the stage is done. */
        abstract Object receive(T item);

        /** Closes the stage's targets after it ended with {@code failure} (null: ended normally). */
        abstract void closeTargets(Throwable failure);

        /** The stage's result once closed by close() (the counter's total); null by default. */
        Object closeResult() {
            return null;
        }

        final Object send(Sink<T> sink, T item) {
            if (!STATE.compareAndSet(this, OPEN, RUNNING)) {
                throw refused(sink);
            }
            Object reply;
            try {
                reply = receive(item);
            } catch (StopIteration targetEnded) {
                end(null);
                throw new StopIteration(null);
            } catch (Throwable t) {
                end(t);
                throw t;
            }
            STATE.setRelease(this, OPEN); // see "Implementation notes": no full fence needed here
            return reply;
        }

        final void close(Sink<T> sink) {
            if (!STATE.compareAndSet(this, OPEN, RUNNING)) {
                if (state == CLOSED) {
                    return;
                }
                throw refused(sink);
            }
            result = closeResult();
            end(null);
        }

        private void end(Throwable failure) {
            try {
                closeTargets(failure);
            } finally {
                state = CLOSED;
            }
        }

        private RuntimeException refused(Sink<T> sink) {
            if (state == CLOSED) {
                return new StopIteration(null);
            }
            return new IllegalStateException("generator already executing: " + sink + " cannot be sent to or "
                    + "closed from inside its own handling of an item (a pipeline that loops back into itself) "
                    + "or from a second thread while it runs");
        }

        final GeneratorState state() {
            return switch (state) {
                case OPEN -> GeneratorState.SUSPENDED;
                case RUNNING -> GeneratorState.RUNNING;
                default -> GeneratorState.CLOSED;
            };
        }
    }

    /**
     * Closes {@code sinks} in order after a stage or source ended with {@code failure} (null if it
     * ended normally), so every {@code finally} downstream runs. A close that fails is added to
     * {@code failure} as suppressed, or thrown after the others are closed if there is none; a
     * {@link GeneratorExit} in flight is replaced, so a close failure is never swallowed by it.
     */
    static void closeAll(Throwable failure, Iterable<? extends Sink<?>> sinks) {
        Throwable first = null;
        for (Sink<?> s : sinks) {
            try {
                s.close();
            } catch (Throwable t) {
                if (failure != null && !(failure instanceof GeneratorExit)) {
                    failure.addSuppressed(t);
                } else if (first == null) {
                    first = t;
                } else {
                    first.addSuppressed(t);
                }
            }
        }
        if (first != null) {
            throw sneaky(first);
        }
    }

    /** Like {@link #closeAll(Throwable, Iterable)} for one sink. */
    static void closeAfter(Throwable failure, Sink<?> sink) {
        closeAll(failure, List.of(sink));
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
