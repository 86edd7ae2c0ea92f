package dev.weft.aio.net;

import dev.weft.aio.EventLoop;
import dev.weft.aio.ExceptionContext;
import dev.weft.aio.Future;
import dev.weft.aio.Task;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A listening server, made by {@link Streams#startServer} or {@link Streams#startUnixServer}: each
 * accepted connection runs the {@link ConnectionHandler} as a new task.
 *
 * <pre>
 *   SERVING -> CLOSED     // close(): stops listening; open connections go on
 *   CLOSED  -> FINISHED   // every connection it accepted is closed (waitClosed returns)
 * </pre>
 *
 * {@snippet :
 * Server server = Streams.startServer((reader, writer) -> {
 *     byte[] line;
 *     while ((line = reader.readLine()).length > 0) {
 *         writer.write(line);
 *         writer.drain();
 *     }
 *     writer.close();
 * }, "127.0.0.1", 0);
 * System.out.println("listening on " + server.addresses());
 * server.serveForever();
 * }
 *
 * <p>Python: {@code asyncio.Server} ({@code close}, {@code wait_closed} with 3.12's meaning,
 * {@code serve_forever}, {@code is_serving}, {@code close_clients}, {@code abort_clients});
 * {@code sockets} is {@link #addresses()}. A handler's uncaught exception goes to the loop's
 * exception handler and aborts its connection.
 */
public final class Server implements AutoCloseable {
    /** How long accepting pauses after an accept error such as too many open files (asyncio's 1 s). */
    static final double ACCEPT_RETRY_DELAY = 1.0;

    private final EventLoop loop;
    private final List<ServerSocketChannel> listeners;
    private final List<SocketAddress> addresses = new ArrayList<>();
    private final ConnectionHandler handler;
    private final int limit;
    private final int backlog;
    private final Set<NetSocket> clients = new LinkedHashSet<>();
    private final Future<Void> finished;
    private Future<Void> serving;
    private boolean closed;

    Server(EventLoop loop, List<ServerSocketChannel> listeners, ConnectionHandler handler, int limit, int backlog)
            throws IOException {
        this.loop = loop;
        this.listeners = listeners;
        this.handler = handler;
        this.limit = limit;
        this.backlog = backlog;
        this.finished = loop.createFuture();
        for (ServerSocketChannel l : listeners) {
            addresses.add(l.getLocalAddress());
        }
    }

    void start() {
        for (ServerSocketChannel l : listeners) {
            loop.addReader(l, () -> accept(l));
        }
    }

    private void accept(ServerSocketChannel l) {
        for (int i = 0; i < backlog && !closed; i++) {
            SocketChannel c;
            try {
                c = l.accept();
            } catch (IOException e) {
                if (!closed) {
                    loop.callExceptionHandler(new ExceptionContext("weft: accept() failed on " + this
                            + "; accepting pauses for " + ACCEPT_RETRY_DELAY + " s (too many open files? raise ulimit -n)",
                            e, null, null));
                    loop.removeReader(l);
                    loop.callLater(ACCEPT_RETRY_DELAY, () -> {
                        if (!closed) {
                            loop.addReader(l, () -> accept(l));
                        }
                    });
                }
                return;
            }
            if (c == null) {
                return;
            }
            connected(c);
        }
    }

    private void connected(SocketChannel c) {
        NetSocket s;
        try {
            c.configureBlocking(false);
            s = new NetSocket(loop, c, limit);
        } catch (IOException e) {
            Streams.closeQuietly(c, e); // the peer went away between accept and setup
            return;
        }
        clients.add(s);
        s.start(this::clientClosed);
        Task<Void> t = loop.createTask(() -> {
            handler.handle(s.reader(), s.writer());
            return null;
        }, "connection handler for " + s.describe());
        t.addDoneCallback(f -> {
            if (!f.cancelled() && f.exception() != null) {
                loop.callExceptionHandler(new ExceptionContext("Unhandled exception in the connection handler of "
                        + this + " for " + s.describe() + "; the connection is aborted", f.exception(), t, null));
                s.close(true);
            }
        });
    }

    private void clientClosed(NetSocket s) {
        clients.remove(s);
        checkFinished();
    }

    private void checkFinished() {
        if (closed && clients.isEmpty() && !finished.done()) {
            finished.setResult(null);
        }
    }

    /** The addresses the server listens on (with the port the system chose, if 0 was asked for). */
    public List<SocketAddress> addresses() {
        return List.copyOf(addresses);
    }

    /** The first listening address's port (TCP servers), for the common one-address case. */
    public int port() {
        return addresses.get(0) instanceof java.net.InetSocketAddress i ? i.getPort() : -1;
    }

    /** Whether the server accepts new connections. */
    public boolean isServing() {
        return !closed;
    }

    /** How many accepted connections are still open. */
    public int clientCount() {
        return clients.size();
    }

    /**
     * Stops listening: the listening sockets close (a Unix socket's file is removed); accepted
     * connections stay open. Closing twice does nothing.
     *
     * @thread the loop's thread or one of its tasks
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ServerSocketChannel l : listeners) {
            loop.removeReader(l);
            Streams.closeQuietly(l, null);
        }
        for (SocketAddress a : addresses) {
            if (a instanceof UnixDomainSocketAddress u) {
                try {
                    Files.deleteIfExists(u.getPath());
                } catch (IOException e) {
                    loop.callExceptionHandler(new ExceptionContext("weft: could not remove the socket file of "
                            + this, e, null, null));
                }
            }
        }
        if (serving != null && !serving.done()) {
            serving.setResult(null);
        }
        checkFinished();
    }

    /**
     * Closes every accepted connection gracefully (queued bytes are still sent).
     *
     * @thread the loop's thread or one of its tasks
     */
    public void closeClients() {
        for (NetSocket s : List.copyOf(clients)) {
            s.writer().close();
        }
    }

    /**
     * Aborts every accepted connection at once (peers see a reset; blocked reads fail).
     *
     * @thread the loop's thread or one of its tasks
     */
    public void abortClients() {
        for (NetSocket s : List.copyOf(clients)) {
            s.writer().abort();
        }
    }

    /**
     * Waits until the server is closed and every connection it accepted is closed.
     *
     * @suspends until then
     * @cancellation the server is not affected
     * @thread a task of the server's loop
     */
    public void waitClosed() {
        finished.await();
    }

    /**
     * Serves until the server is closed; cancelling the calling task closes the server.
     *
     * @throws IllegalStateException if the server is closed, or another task already serves forever
     * @suspends until {@link #close()}
     * @cancellation closes the server (asyncio's behaviour) and rethrows the cancellation
     * @thread a task of the server's loop
     */
    public void serveForever() {
        if (closed) {
            throw new IllegalStateException("serveForever() on " + this + ", which is closed; start a new server");
        }
        if (serving != null) {
            throw new IllegalStateException("serveForever() is already running on " + this
                    + " in another task; await that task instead");
        }
        serving = loop.createFuture();
        try {
            serving.await();
        } catch (dev.weft.aio.CancelledError e) {
            close();
            throw e;
        } finally {
            serving = null;
        }
    }

    @Override
    public String toString() {
        List<String> as = new ArrayList<>();
        for (SocketAddress a : addresses) {
            as.add(NetSocket.format(a));
        }
        return "Server[" + String.join(", ", as) + ", " + (closed ? "closed" : "serving") + ", " + clients.size()
                + " connections]";
    }
}
