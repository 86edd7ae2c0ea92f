package dev.weft.aio.net;

import dev.weft.aio.EventLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * One connected socket on a loop: the transport under a {@link StreamReader} and a
 * {@link StreamWriter}, driven by the loop's readiness callbacks.
 */
/* Implementation notes
 *
 * Reading is on (addReader) from start until EOF, pause, close or failure. Writing is watched
 * (addWriter) only while the writer's queue is non-empty. The one place the channel closes is
 * closeNow(), which also ends the reader (EOF, or the error), the writer (connectionLost) and
 * tells the server (onClosed). An IOException from the channel is "fatal": named after the peer,
 * given to both halves, and the socket is aborted, as asyncio's _fatal_error does.
 */
final class NetSocket implements ReadSide, WriteSide {
    private final EventLoop loop;
    private final SocketChannel ch;
    private final StreamReader reader;
    private final StreamWriter writer;
    private final String name;
    private final SocketAddress peer;
    private final SocketAddress local;
    private Consumer<NetSocket> onClosed;
    private boolean reading;
    private boolean readEof;
    private boolean writing;
    private boolean closed;

    NetSocket(EventLoop loop, SocketChannel ch, int limit) throws IOException {
        this.loop = loop;
        this.ch = ch;
        this.peer = ch.getRemoteAddress();
        this.local = ch.getLocalAddress();
        this.name = "peer " + format(peer);
        if (peer instanceof InetSocketAddress) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        this.reader = new StreamReader(loop, limit);
        reader.attach(this);
        this.writer = new StreamWriter(loop, this, reader, this);
    }

    static String format(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            String host = i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + i.getPort();
        }
        if (a instanceof UnixDomainSocketAddress u) {
            String p = u.getPath().toString();
            return "unix:" + (p.isEmpty() ? "(unnamed)" : p);
        }
        return String.valueOf(a);
    }

    /** Starts reading; {@code onClosed} runs once when the socket closes. */
    void start(Consumer<NetSocket> onClosed) {
        this.onClosed = onClosed;
        resumeReading();
    }

    StreamReader reader() {
        return reader;
    }

    StreamWriter writer() {
        return writer;
    }

    SocketChannel channel() {
        return ch;
    }

    SocketAddress peer() {
        return peer;
    }

    SocketAddress local() {
        return local;
    }

    boolean isClosed() {
        return closed;
    }

    // ---- reading ---------------------------------------------------------------------------

    private void onReadable() {
        int n;
        try {
            n = reader.fillFrom(ch);
        } catch (IOException e) {
            fatal(e, "reading from");
            return;
        }
        if (n < 0) {
            readEof = true;
            pauseReading();
            reader.feedEof();
        }
    }

    @Override
    public void pauseReading() {
        if (reading) {
            reading = false;
            loop.removeReader(ch);
        }
    }

    @Override
    public void resumeReading() {
        if (!reading && !readEof && !closed) {
            reading = true;
            loop.addReader(ch, this::onReadable);
        }
    }

    // ---- writing ---------------------------------------------------------------------------

    @Override
    public int writeNow(ByteBuffer b) {
        try {
            return ch.write(b);
        } catch (IOException e) {
            fatal(e, "writing to");
            return -1;
        }
    }

    @Override
    public void startFlushing() {
        if (!writing && !closed) {
            writing = true;
            loop.addWriter(ch, this::onWritable);
        }
    }

    private void onWritable() {
        try {
            ByteBuffer b;
            while ((b = writer.peekChunk()) != null) {
                int n = ch.write(b);
                writer.written(n);
                if (b.hasRemaining()) {
                    return; // the kernel's buffer is full: wait for the next writable event
                }
            }
        } catch (IOException e) {
            fatal(e, "writing to");
            return;
        }
        writing = false;
        loop.removeWriter(ch);
        writer.flushed();
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void shutdownOutput() {
        try {
            ch.shutdownOutput();
        } catch (IOException e) {
            fatal(e, "half-closing");
        }
    }

    // ---- closing ---------------------------------------------------------------------------

    @Override
    public void close(boolean abort) {
        if (closed) {
            return;
        }
        if (abort && peer instanceof InetSocketAddress) {
            try {
                ch.setOption(StandardSocketOptions.SO_LINGER, 0); // close sends a reset
            } catch (IOException e) {
                // the socket already failed: closing it is all that is left to do
            }
        }
        closeNow(null);
    }

    private void fatal(IOException e, String doing) {
        String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        SocketException named = new SocketException(why + " (" + doing + " " + name + ")");
        named.initCause(e);
        closeNow(named);
    }

    private void closeNow(IOException error) {
        if (closed) {
            return;
        }
        closed = true;
        pauseReading();
        if (writing) {
            writing = false;
            loop.removeWriter(ch);
        }
        IOException closeError = null;
        try {
            ch.close();
        } catch (IOException e) {
            closeError = e;
        }
        if (error != null) {
            reader.setException(error);
        } else {
            reader.feedEof();
        }
        writer.connectionLost(error != null ? error : closeError);
        if (onClosed != null) {
            onClosed.accept(this);
        }
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public String toString() {
        return "NetSocket[" + name + ", local " + format(local) + (closed ? ", closed" : "") + "]";
    }
}
