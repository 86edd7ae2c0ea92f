package dev.weft.aio.net;

import dev.weft.aio.CancelledError;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Future;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Entry points of asyncio's stream API: open a connection, start a server, over TCP or
 * Unix-domain sockets. Everything runs on the calling task's loop, on non-blocking channels the
 * loop's selector watches, so it works on every task backend.
 *
 * {@snippet :
 * EventLoop.run(() -> {
 *     Server server = Streams.startServer((r, w) -> { w.write(r.readLine()); w.close(); }, "127.0.0.1", 0);
 *     try (Connection c = Streams.openConnection("127.0.0.1", server.port())) {
 *         c.writer().write("ping\n");
 *         System.out.print(new String(c.reader().readLine(), UTF_8)); // ping
 *     }
 *     server.close();
 *     return null;
 * });
 * }
 *
 * <p>Python: {@code asyncio.open_connection}, {@code start_server}, {@code open_unix_connection},
 * {@code start_unix_server}. Host names are resolved on {@code toThread} (a literal address needs
 * no lookup); TCP_NODELAY is on, as in asyncio.
 */
public final class Streams {
    private static final System.Logger LOG = System.getLogger("dev.weft.aio.net");

    private Streams() {
    }

    /**
     * Connects to {@code host:port} (each address the name resolves to is tried in turn).
     *
     * @throws ConnectException if no address accepted the connection; the message names them
     * @throws IOException if the name cannot be resolved
     * @suspends until connected
     * @cancellation the half-open socket is closed
     * @thread a task
     */
    public static Connection openConnection(String host, int port) throws IOException {
        return openConnection(host, port, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * Connects to {@code host:port} with a reader whose line limit is {@code limit} bytes; see
     * {@link #openConnection(String, int)}.
     *
     * @suspends until connected
     * @cancellation the half-open socket is closed
     * @thread a task
     */
    public static Connection openConnection(String host, int port, int limit) throws IOException {
        EventLoop loop = EventLoop.current();
        List<ConnectException> failures = new ArrayList<>();
        for (InetAddress a : resolve(loop, Objects.requireNonNull(host, "host"))) {
            InetSocketAddress to = new InetSocketAddress(a, port);
            try {
                return connect(loop, SocketChannel.open(), to, limit);
            } catch (ConnectException e) {
                failures.add(e);
            }
        }
        if (failures.size() == 1) {
            throw failures.get(0);
        }
        ConnectException all = new ConnectException("Multiple exceptions: " + failures.stream()
                .map(Throwable::getMessage).toList());
        failures.forEach(all::addSuppressed);
        throw all;
    }

    /**
     * Connects to the Unix-domain socket at {@code path}.
     *
     * @throws ConnectException if nothing listens there
     * @suspends until connected
     * @cancellation the half-open socket is closed
     * @thread a task
     */
    public static Connection openUnixConnection(Path path) throws IOException {
        return openUnixConnection(path, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * Connects to the Unix-domain socket at {@code path} with the given line limit.
     *
     * @suspends until connected
     * @cancellation the half-open socket is closed
     * @thread a task
     */
    public static Connection openUnixConnection(Path path, int limit) throws IOException {
        EventLoop loop = EventLoop.current();
        return connect(loop, SocketChannel.open(StandardProtocolFamily.UNIX), UnixDomainSocketAddress.of(path), limit);
    }

    private static Connection connect(EventLoop loop, SocketChannel ch, SocketAddress to, int limit) throws IOException {
        boolean ok = false;
        try {
            ch.configureBlocking(false);
            boolean connected;
            try {
                connected = ch.connect(to);
            } catch (IOException e) {
                throw connectFailed(to, e);
            }
            if (!connected) {
                Future<Void> ready = loop.createFuture();
                loop.addWriter(ch, () -> {
                    if (!ready.done()) {
                        ready.setResult(null);
                    }
                });
                try {
                    ready.await();
                } finally {
                    loop.removeWriter(ch);
                }
                finishConnect(ch, to);
            }
            NetSocket s = new NetSocket(loop, ch, limit);
            s.start(x -> { });
            ok = true;
            return new Connection(s.reader(), s.writer());
        } finally {
            if (!ok) {
                closeQuietly(ch, null);
            }
        }
    }

    /** Finishes a pending connect; any failure is a ConnectException naming the address. */
    private static void finishConnect(SocketChannel ch, SocketAddress to) throws ConnectException {
        try {
            ch.finishConnect();
        } catch (IOException e) {
            throw connectFailed(to, e);
        }
    }

    /** The JDK reports a refused connect as a ConnectException or as "Connection reset by peer". */
    private static ConnectException connectFailed(SocketAddress to, IOException e) {
        ConnectException named = new ConnectException("Connect call failed to " + NetSocket.format(to) + ": "
                + e.getMessage() + " (is a server listening there?)");
        named.initCause(e);
        return named;
    }

    /**
     * Starts a TCP server on {@code host:port} (port 0: any free port; host null or {@code ""}:
     * every interface) with the default backlog (100) and line limit.
     *
     * @throws IOException if the address cannot be bound
     * @suspends only to resolve a host name
     * @cancellation nothing is left bound
     * @thread a task
     */
    public static Server startServer(ConnectionHandler handler, String host, int port) throws IOException {
        return startServer(handler, host, port, 100, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * Starts a TCP server with the given listen backlog; see
     * {@link #startServer(ConnectionHandler, String, int, int, int)}.
     *
     * @suspends only to resolve a host name
     * @cancellation nothing is left bound
     * @thread a task
     */
    public static Server startServer(ConnectionHandler handler, String host, int port, int backlog) throws IOException {
        return startServer(handler, host, port, backlog, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * Starts a TCP server listening on every address {@code host} resolves to; see
     * {@link #startServer(ConnectionHandler, String, int)}.
     *
     * @param backlog the listen queue length, also the most connections accepted per loop iteration
     * @param limit the line limit of each connection's reader
     * @suspends only to resolve a host name
     * @cancellation nothing is left bound
     * @thread a task
     */
    public static Server startServer(ConnectionHandler handler, String host, int port, int backlog, int limit)
            throws IOException {
        Objects.requireNonNull(handler, "handler");
        EventLoop loop = EventLoop.current();
        List<SocketAddress> binds = new ArrayList<>();
        if (host == null || host.isEmpty()) {
            binds.add(new InetSocketAddress(port));
        } else {
            for (InetAddress a : resolve(loop, host)) {
                binds.add(new InetSocketAddress(a, port));
            }
        }
        List<ServerSocketChannel> listeners = new ArrayList<>();
        try {
            for (SocketAddress b : binds) {
                ServerSocketChannel l = ServerSocketChannel.open();
                listeners.add(l);
                l.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
                bind(l, b, backlog);
            }
            return started(loop, listeners, handler, limit, backlog);
        } catch (IOException | RuntimeException | Error e) {
            listeners.forEach(l -> closeQuietly(l, e));
            throw e;
        }
    }

    /**
     * Starts a server on the Unix-domain socket {@code path}; a stale socket file left there is
     * removed first (any other file is an error), and {@link Server#close()} removes it.
     *
     * @throws IOException if the path cannot be bound
     * @thread a task, or the loop's thread
     */
    public static Server startUnixServer(ConnectionHandler handler, Path path) throws IOException {
        return startUnixServer(handler, path, 100, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * Starts a Unix-domain server with the given backlog and line limit; see
     * {@link #startUnixServer(ConnectionHandler, Path)}.
     *
     * @thread a task, or the loop's thread
     */
    public static Server startUnixServer(ConnectionHandler handler, Path path, int backlog, int limit)
            throws IOException {
        Objects.requireNonNull(handler, "handler");
        EventLoop loop = EventLoop.current();
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isOther()) {
                throw new java.nio.file.FileAlreadyExistsException(path.toString(), null,
                        "not a socket; startUnixServer only replaces a stale socket file");
            }
            Files.delete(path);
        }
        ServerSocketChannel l = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            bind(l, UnixDomainSocketAddress.of(path), backlog);
            return started(loop, List.of(l), handler, limit, backlog);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(l, e);
            throw e;
        }
    }

    private static void bind(ServerSocketChannel l, SocketAddress at, int backlog) throws IOException {
        if (backlog <= 0) {
            throw new IllegalArgumentException("the backlog must be positive, not " + backlog);
        }
        try {
            l.bind(at, backlog);
        } catch (java.net.BindException e) {
            java.net.BindException named = new java.net.BindException("could not bind " + NetSocket.format(at) + ": "
                    + e.getMessage() + " (another server on that port or path? choose another, or port 0)");
            named.initCause(e);
            throw named;
        }
        l.configureBlocking(false);
    }

    private static Server started(EventLoop loop, List<ServerSocketChannel> listeners, ConnectionHandler handler,
            int limit, int backlog) throws IOException {
        Server s = new Server(loop, listeners, handler, limit, backlog);
        s.start();
        return s;
    }

    private static List<InetAddress> resolve(EventLoop loop, String host) throws IOException {
        try {
            return List.of(InetAddress.ofLiteral(host));
        } catch (IllegalArgumentException notLiteral) {
            // a name: the lookup blocks, so it runs on toThread
        }
        try {
            return List.of(loop.toThread(() -> InetAddress.getAllByName(host)).await());
        } catch (CancelledError e) {
            throw e;
        } catch (Throwable e) {
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("could not resolve " + host, e);
        }
    }

    /** Closes {@code c}; a failure is kept as suppressed by {@code primary}, or logged. */
    static void closeQuietly(NetworkChannel c, Throwable primary) {
        try {
            c.close();
        } catch (IOException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            } else {
                LOG.log(Level.WARNING, "weft: closing " + c + " failed", e);
            }
        }
    }
}
