package dev.weft.aio.net;

import dev.weft.aio.CancelledError;
import dev.weft.aio.EventLoop;
import dev.weft.aio.ExceptionContext;
import dev.weft.aio.Future;
import dev.weft.aio.LoopGroup;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server whose connections are served on every loop of a {@link LoopGroup}: one process, one
 * listening port, every core.
 *
 * <pre>
 *   SERVING -> CLOSED   // close(), or the group closes: no loop accepts any more; open
 *                       // connections go on (until the group cancels their handlers)
 * </pre>
 *
 * {@snippet :
 * LoopGroup.run(4, () -> {
 *     GroupServer server = GroupServer.start(LoopGroup.current(), (reader, writer) -> {
 *         byte[] line;
 *         while ((line = reader.readLine()).length > 0) {
 *             writer.write(line);                 // on whichever loop got the connection
 *             writer.drain();
 *         }
 *         writer.close();
 *     }, "127.0.0.1", 0);
 *     // ... clients connect to server.port() ...
 *     server.close();
 *     return null;
 * });
 * }
 *
 * <p>Two ways to spread ({@link Mode}): {@link Mode#SPREAD} accepts on the loop that started the
 * server and hands each accepted socket to the loop the group's placement picks (with
 * {@link LoopGroup.Placement#LEAST_LOADED}, the loop serving the fewest connections), through
 * {@link Streams#adopt}; {@link Mode#REUSE_PORT} has every loop listen on the same port with
 * {@code SO_REUSEPORT}, and the kernel spreads the connections (Linux hashes them by address, so
 * a few clients may land unevenly). A handler runs as a task of the loop that serves its
 * connection; its uncaught exception is reported to the exception handler of the loop that
 * started the server and its connection is aborted.
 *
 * <p>Python: none in asyncio; the nearest is one process per core, each calling
 * {@code start_server(..., reuse_port=True)}, which is what {@link Mode#REUSE_PORT} does in one JVM.
 */
public final class GroupServer implements AutoCloseable {
    /** How connections reach the loops. */
    public enum Mode {
        /** One loop accepts and hands each connection to the loop the group's placement picks. */
        SPREAD,
        /** Every loop listens on the port with {@code SO_REUSEPORT}; the kernel picks. */
        REUSE_PORT
    }

    private final LoopGroup group;
    private final Mode mode;
    private final ConnectionHandler handler;
    private final int limit;
    private final List<Server> servers = new ArrayList<>();
    private final List<EventLoop> serverLoops = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger[] served;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile int port;

    private GroupServer(LoopGroup group, Mode mode, ConnectionHandler handler, int limit) {
        this.group = group;
        this.mode = mode;
        this.handler = handler;
        this.limit = limit;
        this.served = new AtomicInteger[group.size()];
        for (int i = 0; i < served.length; i++) {
            served[i] = new AtomicInteger();
        }
    }

    /**
     * Starts a {@link Mode#SPREAD} server on {@code host:port} (port 0: any free port), accepting on
     * the calling task's loop.
     *
     * @throws IOException if the address cannot be bound
     * @suspends only to resolve a host name
     * @cancellation nothing is left bound
     * @thread a task of one of the group's loops
     */
    public static GroupServer start(LoopGroup group, ConnectionHandler handler, String host, int port)
            throws IOException {
        return start(group, handler, host, port, Mode.SPREAD);
    }

    /**
     * Starts a server on {@code host:port} in the given mode, with the default backlog (100) and line
     * limit. The group closes it first when it closes (see {@link LoopGroup#closeFirst}).
     *
     * @throws IOException if the address cannot be bound (on any loop, for {@link Mode#REUSE_PORT};
     *     the loops that did bind are closed again)
     * @throws UnsupportedOperationException if {@link Mode#REUSE_PORT} is asked for and the system
     *     has no {@code SO_REUSEPORT} (use {@link Mode#SPREAD})
     * @suspends to resolve a host name and, for {@link Mode#REUSE_PORT}, until every loop listens
     * @cancellation nothing is left bound
     * @thread a task of one of the group's loops
     */
    public static GroupServer start(LoopGroup group, ConnectionHandler handler, String host, int port, Mode mode)
            throws IOException {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(mode, "mode");
        EventLoop here = group.loopOfCurrentThread();
        if (here == null) {
            throw new IllegalStateException("GroupServer.start must run in a task of one of the loops of " + group
                    + "; call it inside LoopGroup.run(...) or a task submitted to the group");
        }
        GroupServer gs = new GroupServer(group, mode, handler, StreamReader.DEFAULT_LIMIT);
        boolean ok = false;
        try {
            if (mode == Mode.SPREAD) {
                Server acceptor = Streams.startServer((r, w) -> { }, host, port, 100, gs.limit, false);
                acceptor.handOff(gs::handOff);
                gs.add(here, acceptor);
            } else {
                gs.listenEverywhere(here, host, port);
            }
            group.closeFirst(gs);
            ok = true;
            return gs;
        } finally {
            if (!ok) {
                gs.close();
            }
        }
    }

    private void listenEverywhere(EventLoop here, String host, int port) throws IOException {
        boolean supported;
        try (var probe = java.nio.channels.ServerSocketChannel.open()) {
            supported = probe.supportedOptions().contains(java.net.StandardSocketOptions.SO_REUSEPORT);
        }
        if (!supported) {
            throw new UnsupportedOperationException("GroupServer: this system has no SO_REUSEPORT, so "
                    + "Mode.REUSE_PORT cannot share the port between loops; use Mode.SPREAD");
        }
        ConnectionHandler counted = this::serve;
        Server first = Streams.startServer(counted, host, port, 100, limit, true);
        add(here, first);
        int bound = first.port();
        List<Future<Server>> others = new ArrayList<>();
        for (EventLoop l : group.loops()) {
            if (l != here) {
                others.add(group.submitTo(l, () -> Streams.startServer(counted, host, bound, 100, limit, true)));
            }
        }
        IOException failed = null;
        for (int i = 0, k = 0; i < group.size(); i++) {
            EventLoop l = group.loops().get(i);
            if (l == here) {
                continue;
            }
            try {
                add(l, others.get(k++).await());
            } catch (CancelledError e) {
                throw e;
            } catch (Exception e) { // await throws the remote startServer's exception as it was
                IOException io = e instanceof IOException x ? x : new IOException("GroupServer: listening on "
                        + l + " failed", e);
                if (failed == null) {
                    failed = io;
                } else {
                    failed.addSuppressed(io);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private synchronized void add(EventLoop loop, Server s) {
        servers.add(s);
        serverLoops.add(loop);
        if (port == 0) {
            port = s.port();
        }
    }

    /** On the acceptor's loop: sends an accepted channel to the loop the placement picks. */
    private void handOff(SocketChannel c) {
        EventLoop acceptorLoop = EventLoop.current();
        AtomicBoolean adopted = new AtomicBoolean();
        Future<Void> served;
        try {
            served = group.submitTo(group.next(), () -> {
                adopted.set(true);
                Connection conn = Streams.adopt(c, limit);
                serve(conn.reader(), conn.writer());
                return null;
            });
        } catch (IllegalStateException groupClosed) {
            Streams.closeQuietly(c, groupClosed);
            return; // the group closes: no loop takes new connections, the peer sees the close
        }
        served.addDoneCallback(f -> {
            if (f.cancelled()) {
                if (!adopted.get()) {
                    Streams.closeQuietly(c, null); // cancelled before a loop took it: nobody else will close it
                }
            } else if (f.exception() != null) {
                acceptorLoop.callExceptionHandler(new ExceptionContext("Unhandled exception in the connection "
                        + "handler of " + this + "; the connection is aborted", f.exception(), f, null));
            }
        });
    }

    /** Runs the handler on the serving loop, counting it; a failure aborts the connection. */
    private void serve(StreamReader reader, StreamWriter writer) throws Exception {
        served[group.loops().indexOf(EventLoop.current())].incrementAndGet();
        open.incrementAndGet();
        try {
            handler.handle(reader, writer);
        } catch (Exception | Error e) {
            if (!(e instanceof CancelledError)) {
                writer.abort();
            }
            throw e;
        } finally {
            open.decrementAndGet();
        }
    }

    /** The listening port (the one chosen, if 0 was asked for). */
    public int port() {
        return port;
    }

    /** The mode the server was started in. */
    public Mode mode() {
        return mode;
    }

    /**
     * How many handlers are running now, over all loops.
     *
     * @thread any thread
     */
    public int activeConnections() {
        return open.get();
    }

    /**
     * How many connections each loop has served so far, in the group's loop order.
     *
     * @thread any thread
     */
    public List<Integer> servedPerLoop() {
        List<Integer> l = new ArrayList<>(served.length);
        for (AtomicInteger a : served) {
            l.add(a.get());
        }
        return List.copyOf(l);
    }

    /** Whether the server still accepts connections. */
    public boolean isServing() {
        return !closed.get();
    }

    /**
     * Stops accepting on every loop; connections already accepted go on. From a plain thread (the
     * group's own {@code close()} calls it so) it returns once no loop listens; from a task of one
     * of the group's loops it closes that loop's listener at once and asks the others with
     * {@code callSoonThreadsafe}. Closing twice does nothing.
     *
     * @thread any thread
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        group.forget(this);
        EventLoop here = group.loopOfCurrentThread();
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        List<Server> ss;
        List<EventLoop> ls;
        synchronized (this) {
            ss = List.copyOf(servers);
            ls = List.copyOf(serverLoops);
        }
        for (int i = 0; i < ss.size(); i++) {
            Server s = ss.get(i);
            EventLoop l = ls.get(i);
            if (l == here) {
                s.close();
            } else if (here != null) {
                l.callSoonThreadsafe(s::close);
            } else {
                waits.add(l.runCoroutineThreadsafe(() -> {
                    s.close();
                    return null;
                }));
            }
        }
        waits.forEach(CompletableFuture::join);
    }

    @Override
    public String toString() {
        return "GroupServer[port " + port + ", " + mode.name().toLowerCase(java.util.Locale.ROOT) + ", "
                + (closed.get() ? "closed" : "serving") + ", " + open.get() + " connections, served "
                + servedPerLoop() + "]";
    }
}
