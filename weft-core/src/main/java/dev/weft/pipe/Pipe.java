package dev.weft.pipe;

import dev.weft.gen.StopIteration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Coroutine pipelines: stages that receive items and push them on to their targets, sinks at the
 * end, and sources that push into a pipeline.
 *
 * <p>Python: the coroutine pipelines of the classic recipes: {@code follow(file, target)},
 * {@code grep(pattern, target)}, {@code printer()} and {@code broadcast(targets)}, each a
 * generator primed with {@code @coroutine}. weft's built-in stages and sinks keep those
 * coroutines' rules but run as plain push functions on the sender's stack (no coroutine, no
 * switch); only a user's own {@link Sink#coroutine} is a coroutine. The rules, including those the
 * recipes leave out: a source closes its sink when it ends, a stage closes its targets when it is
 * closed, so every {@code finally} runs; and an exception anywhere ends the pipeline and reaches
 * the source's caller unchanged.
 *
 * {@snippet :
 * StringBuilder out = new StringBuilder();
 * Pipe.from(List.of("java 25", "python 3", "jython"),
 *         Pipe.grep("python", Pipe.printer(out)));
 * // out: "python 3\njython\n"
 * }
 *
 * <p>Stages reply with their target's reply: a source's {@code send} returns what the last stage
 * that saw the item yielded (null where a filter dropped it). A stage ends when every target has
 * ended ({@code send} threw {@link StopIteration}), so a sink that wants no more items stops the
 * source.
 */
public final class Pipe {

    private Pipe() {
    }

    // ---------------------------------------------------------------- stages

    /**
     * A stage that passes on the items {@code keep} accepts.
     *
     * <p>Python: {@code @coroutine def filter(pred, target): while True: x = (yield); if pred(x):
     * target.send(x)}.
     */
    public static <T> Sink<T> filter(Predicate<? super T> keep, Sink<? super T> target) {
        Objects.requireNonNull(keep, "keep");
        Objects.requireNonNull(target, "target");
        return stage("filter", target, (T item) -> keep.test(item) ? target.send(item) : null);
    }

    /** A stage that passes on {@code f} of each item. */
    public static <T, U> Sink<T> map(Function<? super T, ? extends U> f, Sink<? super U> target) {
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(target, "target");
        return stage("map", target, (T item) -> target.send(f.apply(item)));
    }

    /**
     * A stage that passes on the lines that contain {@code text} (a plain substring, as the seed's
     * {@code pattern in line}; use {@link #filter} with a {@code java.util.regex.Pattern} for
     * regular expressions).
     *
     * <p>Python: the recipes' {@code grep(pattern, target)} coroutine.
     */
    public static Sink<String> grep(String text, Sink<? super String> target) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(target, "target");
        return stage("grep " + text, target, (String line) -> line.contains(text) ? target.send(line) : null);
    }

    /**
     * A stage that sends every item to each of {@code targets}, in order. A target that ends is
     * dropped; the stage ends when none is left. Closing it closes every target.
     *
     * <p>Python: the recipes' {@code broadcast(targets)} coroutine.
     */
    @SafeVarargs
    public static <T> Sink<T> broadcast(Sink<? super T>... targets) {
        List<Sink<? super T>> live = new ArrayList<>(List.of(targets));
        List<Sink<? super T>> all = List.copyOf(live);
        if (live.isEmpty()) {
            throw new IllegalArgumentException("broadcast needs at least one target sink");
        }
        return Sink.stage(new Sink.Stage<T>("broadcast") {
            @Override
            Object receive(T item) {
                for (int i = 0; i < live.size(); ) {
                    try {
                        live.get(i).send(item);
                        i++;
                    } catch (StopIteration targetEnded) {
                        live.remove(i);
                    }
                }
                if (live.isEmpty()) {
                    throw new StopIteration(null);
                }
                return null;
            }

            @Override
            void closeTargets(Throwable failure) {
                Sink.closeAll(failure, all);
            }
        });
    }

    // ---------------------------------------------------------------- sinks

    /**
     * A sink that appends each item ({@code String.valueOf}) and a line separator to {@code out}.
     * An {@link IOException} from {@code out} ends the pipeline as an {@link UncheckedIOException}.
     *
     * <p>Python: the recipes' {@code printer()} coroutine, printing anywhere, not only to stdout.
     */
    public static <T> Sink<T> printer(Appendable out) {
        Objects.requireNonNull(out, "out");
        String nl = System.lineSeparator();
        return Sink.stage(new Sink.Stage<T>("printer") {
            @Override
            Object receive(T item) {
                try {
                    out.append(String.valueOf(item)).append(nl);
                } catch (IOException e) {
                    throw new UncheckedIOException("printer could not write " + item + " to " + out + ": " + e
                            + "; the pipeline stops here", e);
                }
                return null;
            }

            @Override
            void closeTargets(Throwable failure) {
                // the end of the line: nothing after it
            }
        });
    }

    /**
     * A sink that counts the items it receives: each {@code send} returns the count so far (a
     * {@code Long}), and once closed, {@link Sink#result()} is the total.
     */
    public static <T> Sink<T> counter() {
        return Sink.stage(new Sink.Stage<T>("counter") {
            private long n;

            @Override
            Object receive(T item) {
                return ++n;
            }

            @Override
            void closeTargets(Throwable failure) {
                // the end of the line: nothing after it
            }

            @Override
            Object closeResult() {
                return n;
            }
        });
    }

    // ---------------------------------------------------------------- sources

    /**
     * Pushes every item of {@code items} into {@code sink}, then closes it; stops early, still
     * closing it, if the sink ends. An exception from the sink (or from {@code items}) closes the
     * sink and then propagates unchanged.
     *
     * @return the number of items sent (the last may be the one the sink ended on)
     */
    public static <T> long from(Iterable<? extends T> items, Sink<? super T> sink) {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(sink, "sink");
        long sent = 0;
        Throwable failure = null;
        try {
            for (T item : items) {
                if (sink.isClosed()) {
                    break;
                }
                sent++;
                sink.send(item);
            }
        } catch (StopIteration sinkEnded) {
            // the sink wants no more items
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            Sink.closeAfter(failure, sink);
        }
        return sent;
    }

    /**
     * Follows {@code file} like {@code tail -f} from its current end, pushing each new line into
     * {@code sink}, until the sink ends or the thread is interrupted; see {@link Follow} for the
     * options (start at the beginning, poll interval, stop at end of file).
     *
     * @return the number of lines sent
     * @throws IOException if the file cannot be opened or read
     */
    public static long follow(Path file, Sink<? super String> sink) throws IOException {
        return Follow.file(file).into(sink);
    }

    /**
     * A one-item-in stage: {@code step} passes on what it will and returns the target's reply (or
     * null); {@link Sink.Stage} gives it the generator rules (it ends when the target ends, closes
     * the target on the way out, and hands failures to the sender unchanged).
     */
    private static <T> Sink<T> stage(String name, Sink<?> target, Function<T, Object> step) {
        return Sink.stage(new Sink.Stage<T>(name) {
            @Override
            Object receive(T item) {
                return step.apply(item);
            }

            @Override
            void closeTargets(Throwable failure) {
                Sink.closeAfter(failure, target);
            }
        });
    }
}
