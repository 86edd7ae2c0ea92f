package dev.weft.examples;

import dev.weft.aio.Backends;
import dev.weft.aio.EventLoop;
import dev.weft.gen.Generator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The {@code ./weft demo} tour: every seed example in the seeds' order, each under a heading that
 * names its seed file and the lesson it teaches.
 *
 * <p>Usage: {@code Tour [--list] [FILTER]}. {@code --list} prints the headings only; a
 * {@code FILTER} runs only the entries whose heading contains it (case-insensitive), e.g.
 * {@code Tour 004} or {@code Tour jumping}.
 *
 * <p>To add an example, append one line to {@link #EXAMPLES}.
 */
public final class Tour {

    private Tour() {
    }

    /** An example's body: writes its output to {@code out}. */
    @FunctionalInterface
    public interface Demo {
        /** Runs the example, printing to {@code out}. */
        void run(PrintStream out) throws Exception;
    }

    /**
     * One entry of the tour.
     *
     * @param seed the seed file number ({@code "000"} to {@code "004"}), or {@code "weft"}
     * @param title the example's name, as in the seed
     * @param lesson what it shows, in one line
     * @param run the example itself
     */
    public record Example(String seed, String title, String lesson, Demo run) {
        /** The heading printed above the example's output. */
        public String heading() {
            return "== " + seed + " · " + title + ": " + lesson + " ==";
        }
    }

    /** The tour, in the seeds' order. One line per example. */
    public static final List<Example> EXAMPLES = List.of(
            new Example("000", "fib", "a generator computes each value only when asked", Fib::run),
            new Example("000", "consumer/producer", "send() passes values in, yield passes status out", ConsumerProducerStatus::run),
            new Example("000", "pipeline: follow -> grep -> printer", "tail -f as a source pushing into primed coroutine sinks", FollowGrep::run),
            new Example("000", "pipeline: counting printer", "a sink that yields its count back to the source", CountingPrinter::run),
            new Example("000", "event handling: SAX -> coroutines", "XML parsing events sent into a coroutine filter; route 22's buses", BusEvents::run),
            new Example("001", "produce/consume", "two routines take turns on one thread, no locks",
                    out -> ProduceConsume200Ok.run(out, Duration.ofMillis(20))),
            new Example("001", "greenlet", "two greenlets switch by hand: 12 56 34 78", GreenletSwitch::run),
            new Example("001", "gevent foo/bar", "two spawned tasks sleep 2 s and 5 s; joined after 5 s, not 7 (virtual clock)", virtual(GeventFooBar::run)),
            new Example("001", "gevent concurrent GETs", "plain blocking HTTP GETs in three tasks overlap (loopback server, real clock)", Tour::concurrentGets),
            new Example("001", "gevent pool", "a pool of 10 green tasks fetches 100 URLs, never more than 10 at once (loopback server)", Tour::geventPool),
            new Example("002", "lazy_range", "a lazy range, then refactored with yield from", LazyRange::run),
            new Example("002", "gen", "send() resumes the generator with a value; breaking out raises StopIteration", GenSendE::run),
            new Example("002", "jumping_range", "send() moves the generator", JumpingRange::run),
            new Example("002", "bottom/middle/top", "yield from passes values down and results up", BottomMiddleTop::run),
            new Example("003/004", "simple_coroutine", "a coroutine that only receives: the bare yield yields None", SimpleCoroutine::run),
            new Example("003/004", "simple_coro2", "two yields, and the four generator states", SimpleCoro2::run),
            new Example("003/004", "averager", "a running average; priming; an unhandled error ends it", Averager::run),
            new Example("003/004", "averager -> Result", "a coroutine's return value travels in StopIteration.value", AveragerResult::run),
            new Example("003", "generator_word", "yield from an iterable replaces a for loop", GeneratorWord::run),
            new Example("003/004", "grouper", "yield from: a two-way channel from caller to subgenerator", Grouper::run),
            new Example("004", "coro_exec_demo", "throw() and close(), and the bare except that ignores GeneratorExit", CoroExecDemo::run),
            new Example("004", "chain", "yield from any iterable: a list, a dict's keys, a tuple", Chain::run),
            new Example("003", "asyncio hello", "await sleep(1) on an event loop (virtual clock: no real wait)", virtual(AsyncHello::run)),
            new Example("003", "slow_operation, runUntilComplete", "a task completes a Future the loop waits for", virtual(SlowOperation::runUntilComplete)),
            new Example("003", "slow_operation, runForever + stop", "a done callback prints the result and stops the loop", virtual(SlowOperation::runForever)),
            new Example("003", "display_date", "five dates one second apart, on the virtual clock", virtual((loop, out) -> DisplayDate.run(loop, out, java.time.LocalDateTime.now()))),
            new Example("003", "compute / print_sum", "await a coroutine from a coroutine: an ordinary call", virtual(ComputePrintSum::run)),
            new Example("003", "wait / as_completed / gather", "combinators over several tasks", virtual(AsyncCombinators::run)),
            new Example("003", "async with / async for", "try-with-resources and for-each that await", virtual(AsyncWithFor::run)),
            new Example("003", "queue producer/consumer", "a bounded Queue with join and shutdown", virtual(QueueProducerConsumer::run)),
            new Example("weft", "channels and select", "fan-out/fan-in over channels, select with a timeout, cancel() hands leftovers to a hook", virtual(ChannelsSelect::run)),
            new Example("weft", "tree walk", "stackful: a recursive helper method yields", TreeWalk::run),
            new Example("weft", "streams: echo and chat", "asyncio's open_connection / start_server on loopback sockets (real clock)", NetDemo::run),
            new Example("weft", "racy bank: seeded schedules", "a check-then-act across an await: seeds find the overdraft, a recording replays it, a lock fixes it", RacyBank::run),
            new Example("weft", "async generator: paginated fetch", "pages fetched over HTTP yielded item by item; break closes the connection at once, in the consumer's task", PaginatedFetch::run),
            new Example("weft", "async generator: lines from a stream reader", "grep over lines over a StreamReader; stopping closes both, innermost first", StreamLines::run),
            new Example("weft", "every core: LoopGroup", "three loops on three threads: a server spreads connections, keyed work, awaits across loops", EveryCore::run),
            new Example("weft", "request ids: ContextVar", "a request id set once shows in the System.Logger lines of every task, timer and worker thread serving it (loopback)", RequestIds::run));

    /** An asyncio example run on a fresh virtual-clock loop, closed afterwards. */
    private static Demo virtual(java.util.function.BiConsumer<EventLoop, PrintStream> example) {
        return out -> {
            try (EventLoop loop = EventLoop.createVirtual()) {
                example.accept(loop, out);
            }
        };
    }

    /** {@link GeventPool} on a fresh real-clock hub, closed afterwards. */
    private static void geventPool(PrintStream out) throws Exception {
        try (EventLoop hub = EventLoop.create()) {
            GeventPool.run(hub, out);
        }
    }

    /** {@link ConcurrentGets} on a fresh real-clock loop (about half a second), closed afterwards. */
    private static void concurrentGets(PrintStream out) throws Exception {
        try (EventLoop loop = EventLoop.create()) {
            ConcurrentGets.run(loop, out);
        }
    }

    /**
     * Runs the tour (or lists it) on standard output, as UTF-8. A FILTER that matches no example
     * is a usage error: the list of examples goes to standard error and the exit code is 2.
     */
    public static void main(String[] args) throws Exception {
        String unmatched = unmatchedFilter(args);
        if (unmatched != null) {
            System.err.print(noMatch(unmatched));
            System.exit(2);
        }
        run(args, Py.stdout());
    }

    /** The filter in {@code args} if it matches no example (and help was not asked for), else null. */
    static String unmatchedFilter(String[] args) {
        String filter = "";
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            } else if (!a.equals("--list")) {
                filter = a.toLowerCase(Locale.ROOT);
            }
        }
        return select(filter).isEmpty() ? filter : null;
    }

    /** What a filter that matches nothing prints: the mistake, then every heading to choose from. */
    static String noMatch(String filter) {
        StringBuilder b = new StringBuilder("weft demo: no example matches '" + filter
                + "'; give part of a heading (e.g. 004 or jumping), or none for the whole tour. The examples:\n");
        EXAMPLES.forEach(e -> b.append("  ").append(e.heading()).append('\n'));
        return b.toString();
    }

    /**
     * Runs the tour with the given arguments ({@code --list}, a filter), printing to {@code out}.
     *
     * @return the number of entries run (or listed)
     */
    public static int run(String[] args, PrintStream out) throws Exception {
        boolean list = false;
        String filter = "";
        for (String a : args) {
            if (a.equals("--list")) {
                list = true;
            } else if (a.equals("--help") || a.equals("-h")) {
                out.println("usage: Tour [--list] [FILTER]   (FILTER: part of a heading, e.g. 004 or jumping)");
                return 0;
            } else {
                filter = a.toLowerCase(Locale.ROOT);
            }
        }
        List<Example> chosen = select(filter);
        if (list) {
            chosen.forEach(e -> out.println(e.heading()));
            return chosen.size();
        }
        if (chosen.isEmpty()) {
            out.print(noMatch(filter));
            return 0;
        }
        out.println("weft tour: the seed examples, in Java. Strand backend: " + backendLine());
        for (Example e : chosen) {
            out.println();
            out.println(e.heading());
            e.run().run(out);
        }
        return chosen.size();
    }

    /** The entries whose heading contains {@code filter} (lower case), all if it is empty. */
    static List<Example> select(String filter) {
        return EXAMPLES.stream().filter(e -> e.heading().toLowerCase(Locale.ROOT).contains(filter)).toList();
    }

    private static String backendLine() {
        String b = Backends.strands();
        return b.equals("continuation") ? "continuation (fast: about 100 ns a switch)"
                : b + " (portable; " + String.join("; ", Backends.missingFlags()) + ")";
    }
}
