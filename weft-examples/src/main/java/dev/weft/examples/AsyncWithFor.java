package dev.weft.examples;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Lock;
import dev.weft.aio.Task;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Seed 003: {@code async with} and {@code async for}. In weft any method of a task may suspend,
 * so they are plain try-with-resources (whose open and {@code close()} may await) and a plain
 * for-each (whose {@code next()} may await).
 *
 * <pre>{@code
 * class AsyncContextManager:
 *     async def __aenter__(self):
 *         await log('entering context')
 *     async def __aexit__(self, exc_type, exc, tb):
 *         await log('exiting context')
 *
 * async def commit(session, data):
 *     async with session.transaction():
 *         await session.update(data)
 *
 * async for TARGET in ITER:
 *     BLOCK
 * }</pre>
 */
public final class AsyncWithFor {

    private AsyncWithFor() {
    }

    /** A database-like session whose transactions await when they begin and end. */
    static final class Session {
        private final EventLoop loop;
        private final PrintStream out;

        Session(EventLoop loop, PrintStream out) {
            this.loop = loop;
            this.out = out;
        }

        void log(String what) {
            Aio.sleep(0.25); // an awaited log write
            out.println(at(loop) + what);
        }

        /** {@code __aenter__}: begins a transaction (awaits). */
        Transaction transaction() {
            log("entering context: BEGIN");
            return new Transaction(this);
        }

        void update(String data) {
            Aio.sleep(0.5);
            out.println(at(loop) + "update " + data);
        }
    }

    /** The transaction: {@code close()} is {@code __aexit__} and awaits too. */
    static final class Transaction implements AutoCloseable {
        private final Session session;

        Transaction(Session session) {
            this.session = session;
        }

        @Override
        public void close() {
            session.log("exiting context: COMMIT");
        }
    }

    /** {@code async def commit(session, data)}. */
    static void commit(Session session, String data) {
        try (Transaction tx = session.transaction()) {
            session.update(data);
        }
    }

    /** An iterable whose {@code next()} suspends: {@code __anext__}. */
    static final class Ticker implements Iterable<Integer> {
        private final int count;
        private final double interval;

        Ticker(int count, double interval) {
            this.count = count;
            this.interval = interval;
        }

        @Override
        public Iterator<Integer> iterator() {
            return new Iterator<>() {
                private int i;

                @Override
                public boolean hasNext() {
                    return i < count;
                }

                @Override
                public Integer next() {
                    if (i >= count) {
                        throw new NoSuchElementException("Ticker: all " + count + " ticks were taken");
                    }
                    Aio.sleep(interval);
                    return i++;
                }
            };
        }
    }

    static Void demo(EventLoop loop, PrintStream out) {
        out.println(at(loop) + "async with: a transaction that awaits on entry and exit");
        commit(new Session(loop, out), "{'name': 'weft'}");

        out.println(at(loop) + "async with: a Lock around a read-sleep-write");
        Lock lock = new Lock();
        int[] counter = {0};
        List<Task<Void>> tasks = List.of(1, 2).stream().map(n -> loop.createTask(() -> {
            try (var held = lock.hold()) {
                int read = counter[0];
                Aio.sleep(0.25);      // without the lock, the other task would read the same value
                counter[0] = read + 1;
            }
            return (Void) null;
        })).toList();
        Aio.gather(tasks).await();
        out.println(at(loop) + "counter = " + counter[0]);

        out.println(at(loop) + "async for: each next() awaits");
        for (int tick : new Ticker(3, 0.5)) {
            out.println(at(loop) + "tick " + tick);
        }
        return null;
    }

    private static String at(EventLoop loop) {
        return "[" + String.format("%.2f", loop.time()) + "] ";
    }

    /** Runs the demo on {@code loop}. */
    public static void run(EventLoop loop, PrintStream out) {
        loop.runUntilComplete(() -> demo(loop, out));
    }

    /** Runs the demo on a real clock (about three seconds). */
    public static void main(String[] args) {
        try (EventLoop loop = EventLoop.create()) {
            run(loop, System.out);
        }
    }
}
