package dev.weft.gen;

import dev.weft.internal.strand.Strand;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazy, two-way generator: a body that yields values to its caller one at a time, receives a
 * value back at each yield, and may finally return a result.
 *
 * <p>Python: a generator object, with its exact rules for {@code next}, {@code send},
 * {@code throw} (here {@link #throwIn}), {@code close}, {@code yield from} (here
 * {@link Context#yieldFrom}) and {@code StopIteration.value}. Unlike Python, a generator is
 * stackful: any method the body calls may yield through the context it is given. A body that
 * yields only through its own {@code ctx} can instead be woven by {@code weft-weave} into a
 * state machine ({@link Woven}) that runs with plain calls; both paths keep every rule below, and
 * {@link #isWoven()} / {@link #toString()} say which one runs a generator.
 *
 * {@snippet :
 * Generator<Integer, Void, Void> fib = Generator.of(ctx -> {
 *     int a = 0, b = 1;
 *     for (int n = 0; n < 5; n++) {
 *         ctx.yield(b);
 *         int t = a + b;
 *         a = b;
 *         b = t;
 *     }
 *     return null;
 * });
 * for (int x : fib) {
 *     System.out.println(x); // 1 1 2 3 5
 * }
 * }
 *
 * <p>States and transitions ({@link #state()}, and {@link #toString()} shows the state):
 * <pre>
 *   CREATED   -> RUNNING    // next() / send(null) / hasNext()
 *   CREATED   -> CLOSED     // close(); throwIn(t) (t is thrown, the body never runs)
 *   RUNNING   -> SUSPENDED  // the body calls ctx.yield(v): the advancing call returns v
 *   SUSPENDED -> RUNNING    // next() / send(v) / throwIn(t) / close()
 *   RUNNING   -> CLOSED     // the body returns r (StopIteration(r)) or throws (the same exception)
 * </pre>
 *
 * <p>Errors, each with Python's meaning: {@code send(v)} with {@code v != null} on a created
 * generator ("can't send non-None value to a just-started generator"); advancing a running
 * generator from its own body or another thread ("generator already executing"); a body that yields
 * in answer to {@code close()} ("generator ignored GeneratorExit"); a {@link StopIteration} escaping
 * the body ("generator raised StopIteration", PEP 479). Exceptions the body throws reach the caller
 * as the same object, checked or not, and close the generator.
 *
 * <p>Threads: a generator runs on the thread that advances it and may be advanced from different
 * threads one after another, but never from two at once.
 *
 * @param <Y> the type of the values it yields
 * @param <S> the type of the values sent into it ({@code Void} if none are)
 * @param <R> the type of its return value ({@code Void} if none)
 */
public final class Generator<Y, S, R> implements Iterator<Y>, Iterable<Y> {

    /**
     * The code of a generator.
     *
     * @param <Y> the type of the values it yields
     * @param <S> the type of the values sent into it
     * @param <R> the type of its return value
     */
    @FunctionalInterface
    public interface Body<Y, S, R> {
        /**
         * Runs the generator's body; {@code ctx} yields. The returned value becomes the generator's
         * return value ({@link StopIteration#value()}, and the result of a {@code yieldFrom} of it).
         */
        R run(Context<Y, S> ctx) throws Exception;
    }

    /**
     * The handle a generator's body yields through. It may be passed down to helper methods: any
     * method the body calls may yield, directly or recursively.
     *
     * <p>Python: the {@code yield} and {@code yield from} expressions.
     *
     * @param <Y> the type of the values yielded
     * @param <S> the type of the values sent back
     */
    public sealed interface Context<Y, S> permits Core {
        /**
         * Suspends the generator, handing {@code value} to the caller of {@code next}, {@code send}
         * or {@code throwIn}, and returns the value of the next {@code send} (null for
         * {@code next}). If the generator is resumed with {@code throwIn(t)}, throws {@code t}
         * here; if it is closed, throws {@link GeneratorExit} here.
         *
         * <p>{@code yield} declares no checked exception, yet {@code throwIn} may deliver one, so
         * Java will not compile {@code catch (IOException e)} around it: catch {@code Exception}
         * and test the type ({@code if (e instanceof IOException io) ...}), or throw unchecked
         * exceptions in.
         *
         * @throws IllegalStateException if called from outside this generator's running body
         */
        S yield(Y value);

        /**
         * Delegates to {@code sub} until it finishes, and returns its return value (Python's
         * {@code result = yield from sub}, following every rule of PEP 380): values {@code sub}
         * yields go straight to this generator's caller; values sent, exceptions thrown in and
         * {@code close()} go straight to {@code sub}.
         *
         * <p>A {@code sub} that has not started runs inline on this generator's own stack, so a
         * chain of delegations costs one switch per value, however deep. While it runs this way
         * it can only be advanced through the delegating generator.
         *
         * @throws IllegalStateException if {@code sub} is this generator, or is running
         */
        <R2> R2 yieldFrom(Generator<? extends Y, ? super S, R2> sub);

        /**
         * Yields every element of {@code items} in turn (Python's {@code yield from iterable}).
         * Sending a non-null value while an ordinary iterator is delegated to fails, as in Python,
         * because an iterator cannot receive one.
         */
        void yieldFrom(Iterable<? extends Y> items);

        /** Yields every remaining element of {@code items} in turn; see {@link #yieldFrom(Iterable)}. */
        void yieldFrom(Iterator<? extends Y> items);
    }

    final Core<Y, S, R> core;
    private final String name;
    /** Held here, never by Core: see the implementation notes. Null until started and once finished. */
    private Strand strand;
    /** A woven body's runner, held like the strand; null until started, once finished, and when stackful. */
    private WovenRun woven;

    private Generator(String name, Body<Y, S, R> body) {
        this.name = Objects.requireNonNull(name, "name");
        this.core = new Core<>(Objects.requireNonNull(body, "body"));
    }

    /**
     * Creates a generator that runs {@code body} when first advanced.
     *
     * {@snippet :
     * Generator<Integer, Void, Void> lazyRange = Generator.of(ctx -> {
     *     for (int i = 0; i < 3; i++) {
     *         ctx.yield(i);
     *     }
     *     return null;
     * });
     * }
     */
    public static <Y, S, R> Generator<Y, S, R> of(Body<Y, S, R> body) {
        return new Generator<>("generator", body);
    }

    /** Creates a generator with a name, shown by {@link #toString()} and in error messages. */
    public static <Y, S, R> Generator<Y, S, R> of(String name, Body<Y, S, R> body) {
        return new Generator<>(name, body);
    }

    /**
     * Creates a generator and advances it to its first {@code yield}, discarding the value yielded
     * there, so it is ready for {@code send}.
     *
     * <p>Python: the {@code @coroutine} priming decorator of the classic coroutine recipes.
     *
     * {@snippet :
     * Generator<Double, Double, Void> averager = Generator.primed(ctx -> {
     *     double total = 0;
     *     int count = 0;
     *     Double average = null;
     *     while (true) {
     *         double term = ctx.yield(average);
     *         total += term;
     *         count++;
     *         average = total / count;
     *     }
     * });
     * averager.send(10.0); // 10.0
     * averager.send(20.0); // 15.0
     * }
     */
    public static <Y, S, R> Generator<Y, S, R> primed(Body<Y, S, R> body) {
        return of(body).prime();
    }

    /** Like {@link #primed(Body)}, with a name. */
    public static <Y, S, R> Generator<Y, S, R> primed(String name, Body<Y, S, R> body) {
        return of(name, body).prime();
    }

    /**
     * Advances a created generator to its first {@code yield}, discarding the value, and returns it.
     *
     * @throws IllegalStateException if the generator is not in state {@code CREATED}
     * @throws StopIteration if the body returns before yielding
     */
    public Generator<Y, S, R> prime() {
        GeneratorState s = state();
        if (s != GeneratorState.CREATED) {
            throw new IllegalStateException("cannot prime " + this + ": only a CREATED generator can be primed");
        }
        next();
        return this;
    }

    /**
     * Resumes the body and returns the next value it yields (Python's {@code next(gen)}, the same
     * as {@code send(null)}).
     *
     * @throws StopIteration if the body returns (carrying the return value) or has ended
     */
    @Override
    public Y next() {
        Core<Y, S, R> c = core;
        if (c.hasLookahead) {
            Y v = c.lookahead;
            c.lookahead = null;
            c.hasLookahead = false;
            return v;
        }
        return c.advance(this, null, null);
    }

    /**
     * Resumes the body, making its pending {@code ctx.yield} return {@code value}, and returns the
     * next value it yields. On a created generator only {@code null} may be sent.
     *
     * @throws StopIteration if the body returns (carrying the return value) or has ended
     * @throws IllegalArgumentException if {@code value} is not null and the generator has not started
     * @throws IllegalStateException if the generator is already running, or {@link #hasNext()}
     *     fetched a value that {@link #next()} has not taken yet
     */
    public Y send(S value) {
        Core<Y, S, R> c = core;
        if (c.hasLookahead) {
            throw new IllegalStateException("cannot send to " + this + ": hasNext() advanced it and the value "
                    + "it fetched has not been taken; call next() first");
        }
        return c.advance(this, value, null);
    }

    /**
     * Raises {@code t} inside the body at the paused {@code ctx.yield}, and returns the next value
     * the body yields if it handles {@code t} (Python's {@code gen.throw(t)}). If the body does not
     * handle it, {@code t} itself propagates to the caller and the generator is closed. On a
     * created generator, {@code t} is thrown at once and the generator closed without running;
     * on a closed one, {@code t} is thrown at once.
     *
     * @throws StopIteration if the body returns after handling {@code t}
     */
    public Y throwIn(Throwable t) {
        Objects.requireNonNull(t, "t");
        Core<Y, S, R> c = core;
        if (c.hasLookahead) {
            throw new IllegalStateException("cannot throw into " + this + ": hasNext() advanced it and the "
                    + "value it fetched has not been taken; call next() first");
        }
        return c.advance(this, null, t);
    }

    /**
     * Closes the generator: raises {@link GeneratorExit} at the paused {@code ctx.yield} so its
     * {@code finally} blocks run. Returns the body's return value if it returns in answer to the
     * {@code GeneratorExit} (Python 3.13 semantics), else null. A no-op returning null on a
     * created or closed generator.
     *
     * @throws IllegalStateException if the body yields instead of finishing ("generator ignored
     *     GeneratorExit"; the generator stays suspended), or the generator is running
     */
    public R close() {
        Core<Y, S, R> c = core;
        c.lookahead = null;
        c.hasLookahead = false;
        return c.close(this);
    }

    /**
     * Whether another value is available; advances the generator (with {@code null}) to find out,
     * as Python's {@code for} loop does, and keeps the value for {@link #next()}.
     */
    @Override
    public boolean hasNext() {
        Core<Y, S, R> c = core;
        if (c.hasLookahead) {
            return true;
        }
        if (c.stateNow() == GeneratorState.CLOSED) {
            return false;
        }
        Object v = c.step(this, null, null, true);
        if (v == Core.END) {
            return false;
        }
        @SuppressWarnings("unchecked")
        Y y = (Y) v;
        c.lookahead = y;
        c.hasLookahead = true;
        return true;
    }

    /** Returns this generator: like Python's, a generator is its own single-pass iterator. */
    @Override
    public Iterator<Y> iterator() {
        return this;
    }

    /**
     * A sequential stream of the values this generator yields. Closing the stream closes the
     * generator, so its {@code finally} blocks run even if the stream stops early.
     *
     * {@snippet :
     * try (Stream<Integer> s = Generator.<Integer, Void, Void>of(ctx -> {
     *     for (int i = 0; ; i++) {
     *         ctx.yield(i);
     *     }
     * }).stream()) {
     *     List<Integer> firstThree = s.limit(3).toList(); // [0, 1, 2]
     * }
     * }
     */
    public Stream<Y> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    /** The generator's state (Python's {@code inspect.getgeneratorstate}). */
    public GeneratorState state() {
        return core.stateNow();
    }

    /**
     * The body's return value.
     *
     * @throws IllegalStateException if the generator has not finished yet
     */
    public R returnValue() {
        if (core.stateNow() != GeneratorState.CLOSED) {
            throw new IllegalStateException(this + " has not finished: its return value is not known yet");
        }
        return core.returnValue;
    }

    /** The name given at creation, or {@code "generator"}. */
    public String name() {
        return name;
    }

    /**
     * The body's current stack, innermost frame first, while the generator is suspended; empty
     * otherwise. Useful to see where a long-lived coroutine is paused.
     */
    public StackTraceElement[] stackTrace() {
        // A woven body keeps no stack while suspended: its state is a frame object.
        Strand s = strand;
        return s == null ? new StackTraceElement[0] : s.stackTrace();
    }

    @Override
    public String toString() {
        return "Generator[" + name + ", " + core.stateNow() + (isWoven() ? ", woven]" : "]");
    }

    /**
     * Whether the body runs woven (compiled by {@code weft-weave} into a state machine: each
     * switch a plain call) rather than stackful (a strand switch). {@link #toString()} says so too.
     */
    public boolean isWoven() {
        return core.body instanceof Woven.Compiled<?, ?, ?>;
    }

    /* Implementation notes
     *
     * The Generator object is the handle users hold; Core is everything the body can reach (it is
     * the Context). The body must never reach the handle, so that a suspended generator dropped
     * by its users can be collected even when its strand is a parked virtual thread (hand-off
     * backend) that the JDK keeps reachable: the strand's Cleaner is registered on the strand
     * handle, and only the Generator holds that. Generator -> Core, Generator -> Strand handle;
     * strand thread -> Core -> Suspender. No path leads from the thread back to a handle.
     *
     * `state` is the only field touched from two threads at once (a second thread trying to
     * advance a running generator), so moves into RUNNING are a CAS; everything else is confined
     * to whichever thread currently owns the RUNNING state. A step that suspends leaves RUNNING
     * with a release store, not a volatile one: the next advancer's CAS acquires it, and a full
     * fence would cost as much as the rest of a woven step (measured: woven next 18 -> 9.5 ns of CPU).
     *
     * Inline delegation: yieldFrom(sub) on a created weft generator runs sub's body right here on
     * the delegator's strand, with `sub.host` pointing at the core whose strand is executing.
     * sub's yields then suspend the host strand directly: one switch per value however deep the
     * chain (CPython pays one resume per level). PEP 380's rules fall out of the call stack:
     * throwIn raises at sub's yield and unwinds through sub's body into the delegator; close()
     * raises GeneratorExit at sub's yield. Two cases need help: a sub that answers GeneratorExit
     * by returning must still leave GeneratorExit raised in the delegator (`exitSeen`), and a
     * sub that answers it by yielding must fail in the delegator with "generator ignored
     * GeneratorExit" (IgnoredExit unwinds sub's body to get there). `innermost` on the host
     * names the one core allowed to yield, so a stale context cannot yield out of order.
     */
    static final class Core<Y, S, R> implements Context<Y, S> {
        private static final int CREATED = 0;
        private static final int RUNNING = 1;
        private static final int SUSPENDED = 2;
        private static final int CLOSED = 3;
        /** Being run inline by a delegating generator's yieldFrom; state follows the host's. */
        private static final int DELEGATED = 4;

        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Core.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Body<Y, S, R> body;
        private volatile int state = CREATED;
        private Strand.Suspender suspender;
        /** The core whose strand executes this one's body: itself, or a delegator when inlined. */
        Core<?, ?, ?> host = this;
        /** On a host: the core allowed to yield right now (itself, or the innermost inlined sub). */
        private Core<?, ?, ?> innermost = this;
        private Core<?, ?, ?> delegator;
        /** Set while a woven delegator's yieldFrom owns this generator (see Delegation): only it may advance it. */
        Core<?, ?, ?> claimant;
        private boolean exitSeen;
        R returnValue;
        Y lookahead;
        boolean hasLookahead;

        Core(Body<Y, S, R> body) {
            this.body = body;
        }

        GeneratorState stateNow() {
            int s = state;
            if (s == DELEGATED) {
                s = host.state;
            }
            return switch (s) {
                case CREATED -> GeneratorState.CREATED;
                case RUNNING -> GeneratorState.RUNNING;
                case SUSPENDED -> GeneratorState.SUSPENDED;
                default -> GeneratorState.CLOSED;
            };
        }

        /** What {@link #step} returns instead of throwing StopIteration, for hasNext(). */
        static final Object END = new Object();

        /** next / send / throwIn: one step of the body. {@code t} non-null means throwIn. */
        @SuppressWarnings("unchecked")
        Y advance(Generator<Y, S, R> g, S value, Throwable t) {
            return (Y) step(g, value, t, false);
        }

        /**
         * One step of the body; at the end, returns {@link #END} if {@code endQuietly} (hasNext()
         * asks, and a for-each loop should not pay for an exception per generator), else throws
         * StopIteration.
         */
        @SuppressWarnings("unchecked")
        Object step(Generator<Y, S, R> g, S value, Throwable t, boolean endQuietly) {
            if (claimant != null) {
                throw alreadyExecuting(g);
            }
            int s = state;
            switch (s) {
                case SUSPENDED -> {
                    if (!STATE.compareAndSet(this, SUSPENDED, RUNNING)) {
                        throw alreadyExecuting(g);
                    }
                }
                case CREATED -> {
                    if (t != null) {
                        if (!STATE.compareAndSet(this, CREATED, CLOSED)) {
                            throw alreadyExecuting(g);
                        }
                        throw Strand.sneakyThrow(t);
                    }
                    if (value != null) {
                        throw new IllegalArgumentException("can't send non-None value to a just-started generator: "
                                + g + " has not reached its first yield, so nothing can receive " + value
                                + "; call next() (or send(null)) first, or create it with Generator.primed");
                    }
                    if (!STATE.compareAndSet(this, CREATED, RUNNING)) {
                        throw alreadyExecuting(g);
                    }
                    if (body instanceof Woven.Compiled<?, ?, ?> compiled) {
                        g.woven = new WovenRun(compiled.step, this);
                    } else {
                        g.strand = Strand.create(this::runBody);
                    }
                }
                case CLOSED -> {
                    if (t != null) {
                        throw Strand.sneakyThrow(t);
                    }
                    if (endQuietly) {
                        return END;
                    }
                    throw new StopIteration(null);
                }
                default -> throw alreadyExecuting(g);
            }
            Object out;
            try {
                out = resumeBody(g, value, t);
            } catch (Throwable e) {
                finish(g, null);
                throw e;
            }
            if (bodyDone(g)) {
                finish(g, (R) out);
                if (endQuietly) {
                    return END;
                }
                throw new StopIteration(out);
            }
            STATE.setRelease(this, SUSPENDED); // see the notes: release is enough
            return out;
        }

        @SuppressWarnings("unchecked")
        R close(Generator<Y, S, R> g) {
            if (claimant != null) {
                throw alreadyExecuting(g);
            }
            int s = state;
            switch (s) {
                case CREATED -> {
                    if (!STATE.compareAndSet(this, CREATED, CLOSED)) {
                        throw alreadyExecuting(g);
                    }
                    return null;
                }
                case CLOSED -> {
                    return null;
                }
                case SUSPENDED -> {
                    if (!STATE.compareAndSet(this, SUSPENDED, RUNNING)) {
                        throw alreadyExecuting(g);
                    }
                }
                default -> throw alreadyExecuting(g);
            }
            Object out;
            try {
                out = resumeBody(g, null, new GeneratorExit());
            } catch (GeneratorExit e) {
                finish(g, null);
                return null;
            } catch (Throwable e) {
                finish(g, null);
                throw e;
            }
            if (bodyDone(g)) {
                finish(g, (R) out);
                return (R) out;
            }
            state = SUSPENDED;
            throw new IllegalStateException("generator ignored GeneratorExit: " + g + " yielded " + out
                    + " after close() raised GeneratorExit at its yield; a body that catches GeneratorExit "
                    + "(or Throwable/Error) must return or throw, not yield again");
        }

        /** Resumes the body on whichever path runs it: the woven runner or the strand. */
        private static Object resumeBody(Generator<?, ?, ?> g, Object value, Throwable t) {
            WovenRun w = g.woven;
            if (w != null) {
                return w.resume(value, t);
            }
            return t == null ? g.strand.resume(value) : g.strand.resumeThrowing(t);
        }

        private static boolean bodyDone(Generator<?, ?, ?> g) {
            WovenRun w = g.woven;
            return w != null ? w.isDone() : g.strand.isDone();
        }

        private void finish(Generator<Y, S, R> g, R r) {
            returnValue = r;
            g.strand = null;
            g.woven = null;
            suspender = null;
            state = CLOSED;
        }

        private Object runBody(Strand.Suspender s) throws Exception {
            suspender = s;
            return callBody(this);
        }

        private static <Y, S, R> R callBody(Core<Y, S, R> c) throws Exception {
            try {
                return c.body.run(c);
            } catch (StopIteration e) {
                throw raisedStopIteration(e);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public S yield(Y value) {
            Core<?, ?, ?> h = host;
            Strand.Suspender sus = h.suspender;
            if (h.innermost != this || sus == null || !sus.isCurrent()) {
                throw yieldOutside();
            }
            if (exitSeen) {
                // An inlined sub yielding after GeneratorExit: the delegator must see the failure.
                throw new IgnoredExit(value);
            }
            try {
                return (S) sus.suspend(value);
            } catch (GeneratorExit e) {
                // Every inlined generator between here and the host is being closed: each one that
                // answers by returning must still leave GeneratorExit raised in its delegator.
                for (Core<?, ?, ?> c = this; c != h; c = c.delegator) {
                    c.exitSeen = true;
                }
                throw e;
            }
        }

        private IllegalStateException yieldOutside() {
            return new IllegalStateException("yield outside its generator: this context belongs to a generator "
                    + "that is " + stateNow() + (host.innermost != this && state != CLOSED
                    ? " and delegating through yieldFrom" : "") + "; ctx.yield may only be called while that "
                    + "generator's own body is running, by the code it calls, and not from inside a generator it "
                    + "delegates to");
        }

        @Override
        public <R2> R2 yieldFrom(Generator<? extends Y, ? super S, R2> sub) {
            Objects.requireNonNull(sub, "sub");
            Core<?, ?, R2> sc = sub.core;
            if (host.innermost != this || host.suspender == null || !host.suspender.isCurrent()) {
                throw yieldOutside();
            }
            if (!sc.hasLookahead && sc.state == CREATED && STATE.compareAndSet(sc, CREATED, DELEGATED)) {
                return inline(sc);
            }
            checkDelegable(sub);
            return forward(Delegation.of(sub));
        }

        /** yieldFrom(sub) on either path: a running sub (this generator itself, say) cannot be delegated to. */
        void checkDelegable(Generator<?, ?, ?> sub) {
            Core<?, ?, ?> sc = sub.core;
            int s = sc.state;
            if (s == RUNNING || s == DELEGATED || sc.claimant != null) {
                throw new IllegalStateException("generator already executing: " + sub
                        + " cannot be delegated to because it is running" + (sc == this ? " (it is this generator)" : ""));
            }
        }

        /**
         * Whether a woven delegator's yieldFrom should claim {@code sub}: one that has not started,
         * which a stackful delegator would run inline, so that it too can only be advanced through
         * the delegator.
         */
        static boolean claimable(Generator<?, ?, ?> sub) {
            Core<?, ?, ?> sc = sub.core;
            return sc.state == CREATED && !sc.hasLookahead;
        }

        private <R2> R2 inline(Core<?, ?, R2> sub) {
            Core<?, ?, ?> h = host;
            Core<?, ?, ?> outerInnermost = h.innermost;
            sub.host = h;
            sub.delegator = this;
            h.innermost = sub;
            R2 r = null;
            try {
                r = callBody(sub);
                if (sub.exitSeen) {
                    // PEP 380: after the subgenerator is closed, GeneratorExit is raised in the delegator.
                    throw new GeneratorExit();
                }
                return r;
            } catch (IgnoredExit e) {
                throw new IllegalStateException("generator ignored GeneratorExit: the generator delegated to by "
                        + "yieldFrom yielded " + e.value + " after being closed; a body that catches "
                        + "GeneratorExit must return or throw, not yield again");
            } catch (Exception e) {
                throw Strand.sneakyThrow(e);
            } finally {
                h.innermost = outerInnermost;
                sub.host = sub;
                sub.delegator = null;
                sub.returnValue = r;
                sub.state = CLOSED;
            }
        }

        /** PEP 380's expansion ({@link Delegation}), for a target that has already started: one resume per value. */
        @SuppressWarnings("unchecked")
        private <R2> R2 forward(Delegation d) {
            Object y = d.start();
            while (y != Delegation.DONE) {
                S sent = null;
                Throwable thrown = null;
                try {
                    sent = this.yield((Y) y);
                } catch (Throwable e) {
                    thrown = e;
                }
                y = d.resume(sent, thrown);
            }
            return (R2) d.result;
        }

        @Override
        public void yieldFrom(Iterable<? extends Y> items) {
            Objects.requireNonNull(items, "items");
            yieldFrom(items.iterator()); // a Generator's iterator() is itself: the Generator rules apply
        }

        @Override
        public void yieldFrom(Iterator<? extends Y> items) {
            Objects.requireNonNull(items, "items");
            if (items instanceof Generator<?, ?, ?> g) {
                @SuppressWarnings("unchecked")
                Generator<? extends Y, ? super S, ?> sub = (Generator<? extends Y, ? super S, ?>) g;
                yieldFrom(sub);
                return;
            }
            forward(Delegation.of(items));
        }

        private static IllegalStateException alreadyExecuting(Generator<?, ?, ?> g) {
            Core<?, ?, ?> c = g.core;
            if (c.state == DELEGATED || c.claimant != null) {
                return new IllegalStateException("generator already executing: " + g + " is being run by yieldFrom "
                        + "inside another generator; advance the delegating generator instead");
            }
            return new IllegalStateException("generator already executing: " + g + " cannot be advanced from "
                    + "inside its own body or from a second thread while it runs");
        }

        @Override
        public String toString() {
            return "Generator.Context[" + stateNow() + "]";
        }
    }

    /** PEP 479: a StopIteration that escaped a body (stackful or woven) becomes this error. */
    static IllegalStateException raisedStopIteration(StopIteration e) {
        return new IllegalStateException("generator raised StopIteration: a StopIteration escaped the body "
                + "(PEP 479), which would silently end whoever iterates it; catch it where a nested "
                + "generator is advanced", e);
    }

    /** Unwinds an inlined sub that yielded after GeneratorExit, up to its yieldFrom. */
    private static final class IgnoredExit extends Error {
        private static final long serialVersionUID = 1L;
        final transient Object value;

        IgnoredExit(Object value) {
            super(null, null, false, false);
            this.value = value;
        }
    }
}
