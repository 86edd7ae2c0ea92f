package dev.weft.pipe;

import dev.weft.gen.Generator;
import dev.weft.gen.GeneratorExit;
import dev.weft.gen.GeneratorState;
import dev.weft.gen.StopIteration;
import java.util.List;
import java.util.Objects;

/**
 * The receiving end of a pipeline stage: a primed coroutine that items are pushed into with
 * {@link #send}, one at a time, until it is closed.
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
 * <p>States ({@link #toString()} shows the state of the coroutine underneath):
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

    private final Generator<?, ? super T, ?> coroutine;

    private Sink(Generator<?, ? super T, ?> coroutine) {
        this.coroutine = coroutine;
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

    /**
     * Pushes one item: resumes the coroutine with {@code item} and returns the value it yields
     * back (null for most stages; the count for a counting printer).
     *
     * @throws StopIteration if the sink is closed or its coroutine returns (it wants no more items)
     * @throws IllegalStateException if the sink is already running (sent to from inside itself or
     *     from two threads at once)
     */
    public Object send(T item) {
        return coroutine.send(item);
    }

    /**
     * Closes the sink: raises {@link GeneratorExit} at its pending {@code yield}, so its
     * {@code finally} blocks run; a stage closes its targets in turn. A no-op if already closed.
     *
     * @throws IllegalStateException if the coroutine yields instead of finishing, or is running
     */
    @Override
    public void close() {
        coroutine.close();
    }

    /** Whether the sink is closed (closed, returned, or ended by an exception). */
    public boolean isClosed() {
        return coroutine.state() == GeneratorState.CLOSED;
    }

    /**
     * The value the coroutine returned, for a sink that computes a result (such as
     * {@link Pipe#counter()}); null if it returned none.
     *
     * @throws IllegalStateException if the sink is not closed yet
     */
    public Object result() {
        return coroutine.returnValue();
    }

    /** The coroutine underneath, for its state, name and stack trace. */
    public Generator<?, ? super T, ?> coroutine() {
        return coroutine;
    }

    @Override
    public String toString() {
        return "Sink[" + coroutine.name() + ", " + coroutine.state() + "]";
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
