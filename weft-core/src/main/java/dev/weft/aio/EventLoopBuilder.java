package dev.weft.aio;

import java.nio.file.Path;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Builds an {@link EventLoop} with more than a clock: task backend, debug mode, and a replayable
 * schedule ({@link #seed}, {@link #record}, {@link #replay}). Get one from {@link EventLoop#builder()}.
 *
 * {@snippet :
 * // the order among tasks ready at the same moment, and among timers due at the same time, is
 * // drawn from seed 42; the same seed gives the same run, and record(file) writes its choices
 * String order = EventLoop.builder().virtual().seed(42).record(Path.of("run.schedule")).run(main);
 * String again = EventLoop.builder().virtual().replay(Path.of("run.schedule")).run(main); // the same
 * }
 *
 * <p>A seeded loop differs from a plain one only where weft's order is otherwise fixed by
 * arrival: tasks that are ready in the same iteration (started, woken or resumed then) run in a
 * seeded order instead of the order they became ready, and timers due at the same time run in a
 * seeded order instead of the order they were scheduled in. Plain callbacks ({@code callSoon})
 * keep their first-in-first-out order, and everything else is unchanged, so a program that is
 * correct under every interleaving of its tasks passes under every seed. A run is replayable
 * when its order depends only on the loop: use the virtual clock ({@link #virtual()}), weft's
 * primitives and a seeded random of your own; real time, other threads and I/O make runs differ.
 *
 * <p>Python: none; asyncio's order is fixed. The idea is trio's seeded scheduler randomization
 * plus a recording, so that a failure found under a seed can be replayed exactly.
 */
public final class EventLoopBuilder {
    private Clock clock;
    private TaskBackend backend;
    private boolean debug;
    private Long seed;
    private Path record;
    private Path replay;

    EventLoopBuilder() {
    }

    /** Drives the loop with {@code clock} (a new {@link Clock#real()} or {@link Clock#virtual()}); real by default. */
    public EventLoopBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Drives the loop with a new virtual clock: {@code clock(Clock.virtual())}. */
    public EventLoopBuilder virtual() {
        return clock(Clock.virtual());
    }

    /** Runs tasks on {@code backend}; by default the JVM's ({@link Backends#tasks()}). */
    public EventLoopBuilder taskBackend(TaskBackend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        return this;
    }

    /** Turns debug mode on or off (see {@link EventLoop#isDebug()}). */
    public EventLoopBuilder debug(boolean debug) {
        this.debug = debug;
        return this;
    }

    /**
     * Makes the loop's choices (the order among tasks ready at the same moment and among timers
     * due at the same time) with a random seeded by {@code seed}: the same seed and program give
     * the same run.
     */
    public EventLoopBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Writes every choice of the seeded loop to {@code file} (a small text file, written as the loop
     * runs and closed when it closes), for {@link #replay}. Without {@link #seed}, a seed is drawn
     * and written in the file.
     */
    public EventLoopBuilder record(Path file) {
        this.record = Objects.requireNonNull(file, "file");
        return this;
    }

    /**
     * Makes the choices recorded in {@code file} again, one by one, checking that the program asks
     * for the same ones. If it does not (a different number of tasks ready at some point, a timer
     * where the recording has a choice among tasks, a run that goes on past the recording or ends
     * before it), the loop fails with an {@link IllegalStateException} that says at which choice
     * and why, at the point of divergence; {@link #run} also fails for a run that ended early.
     */
    public EventLoopBuilder replay(Path file) {
        this.replay = Objects.requireNonNull(file, "file");
        return this;
    }

    /**
     * Builds the loop; the caller runs and closes it.
     *
     * @throws IllegalArgumentException if {@link #replay} is combined with {@link #seed} or
     *     {@link #record} (a replay takes its seed and choices from its file), if the file is not
     *     a recording, or if the clock already drives another loop
     * @throws java.io.UncheckedIOException if the recording cannot be written or read
     * @thread any thread
     */
    public EventLoop build() {
        Schedule schedule = schedule();
        EventLoop loop;
        try {
            Clock c = clock != null ? clock : Clock.real();
            loop = EventLoop.create(c, backend != null ? backend : Backends.forLoopOn(Thread.currentThread()));
        } catch (RuntimeException e) {
            if (schedule != null) {
                schedule.close();
            }
            throw e;
        }
        loop.setDebug(debug);
        loop.schedule = schedule;
        return loop;
    }

    /**
     * Runs {@code main} as a task on a new loop built here, like {@link EventLoop#run(Callable)}:
     * returns its result or throws its exception, then cancels the leftovers and closes the loop.
     *
     * @throws IllegalStateException if a loop already runs on this thread; if a replay diverged
     *     from its recording (the message says where), or ended before it made every recorded choice
     * @thread any thread not already running a loop
     */
    public <T> T run(Callable<T> main) {
        Objects.requireNonNull(main, "main");
        LoopRunner.checkNotInLoop();
        EventLoop loop = build();
        Schedule s = loop.schedule;
        if (s != null) {
            s.reportLeftovers = false;
        }
        T result = LoopRunner.run(main, loop);
        if (s != null && s.leftover()) {
            throw new IllegalStateException(s.leftoverMessage());
        }
        return result;
    }

    private Schedule schedule() {
        if (replay != null) {
            if (seed != null || record != null) {
                throw new IllegalArgumentException("weft: replay(" + replay + ") takes its seed and its choices from "
                        + "the recording; drop " + (seed != null ? "seed(" + seed + ")" : "record(" + record + ")"));
            }
            return Schedule.replay(replay);
        }
        if (seed == null && record == null) {
            return null;
        }
        long s = seed != null ? seed : new SplittableRandom().nextLong();
        return Schedule.seeded(s, record);
    }

    @Override
    public String toString() {
        return "EventLoopBuilder[" + (clock != null && clock.isVirtual() ? "virtual" : "real") + " clock"
                + (backend != null ? ", " + backend : "") + (debug ? ", debug" : "")
                + (seed != null ? ", seed=" + seed : "") + (record != null ? ", record " + record : "")
                + (replay != null ? ", replay " + replay : "") + "]";
    }
}
