package dev.weft.aio.net;

import dev.weft.aio.EventLoop;
import dev.weft.aio.Future;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The outgoing half of a connection (or a process's input): {@link #write} queues bytes without
 * waiting, {@link #drain()} waits until the queue is small enough.
 *
 * <pre>
 *   OPEN    -> EOF_SENT  // writeEof(): queued bytes, then end of file; the reader stays open
 *   OPEN    -> CLOSING   // close(): queued bytes are still sent, then the connection closes
 *   EOF_SENT-> CLOSING   // close()
 *   CLOSING -> CLOSED    // the queue is empty and the connection is closed (waitClosed returns)
 *   any     -> CLOSED    // abort(), or the connection broke (drain then throws the error)
 * </pre>
 *
 * {@snippet :
 * for (byte[] chunk : chunks) {
 *     writer.write(chunk);
 *     writer.drain();   // a slow peer makes this wait: memory stays bounded
 * }
 * writer.close();
 * writer.waitClosed();
 * }
 *
 * <p>Flow control: once more than the high-water mark (64 KiB) is queued, {@link #drain()}
 * suspends until the queue is down to the low-water mark (16 KiB). A writer that calls
 * {@code drain()} after each write therefore never holds more than the mark plus one write.
 *
 * <p>Python: {@code asyncio.StreamWriter} with its transport's write-buffer limits. Writing to a
 * closed writer throws {@link IllegalStateException} (asyncio drops the bytes); after the
 * connection broke, writes are dropped and {@code drain()} throws, as in asyncio.
 */
/* Implementation notes
 *
 * The queue is owned here; the side (socket or pipe) takes chunks with peekChunk() and reports
 * progress with written(n), which is the one place the pending count falls, drainers are woken and
 * a pending EOF or close is carried out once the queue is empty (flushed()). write() first offers
 * the bytes to the side directly (a socket writes at once when nothing is queued), so the common
 * case queues and copies nothing. Only the bytes left over are copied into the queue: the caller
 * may reuse its array as soon as write returns.
 */
public final class StreamWriter {
    private static final int DEFAULT_HIGH = 64 * 1024;

    private final EventLoop loop;
    private final WriteSide side;
    private final StreamReader reader;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private long pending;
    private int high = DEFAULT_HIGH;
    private int low = DEFAULT_HIGH / 4;
    private boolean paused;
    private boolean eofRequested;
    private boolean eofSent;
    private boolean closing;
    private boolean closed;
    private IOException lost;
    private long dropped;
    private final List<Future<Void>> drainers = new ArrayList<>(1);
    private final Future<Void> closedFuture;
    private final NetSocket socket;

    StreamWriter(EventLoop loop, WriteSide side, StreamReader reader, NetSocket socket) {
        this.loop = loop;
        this.side = side;
        this.reader = reader;
        this.socket = socket;
        this.closedFuture = loop.createFuture();
    }

    // ---- writing ---------------------------------------------------------------------------

    /**
     * Queues {@code data} for sending and returns at once; the array may be reused afterwards.
     *
     * @throws IllegalStateException if the writer was closed or {@link #writeEof()} was called
     * @thread the loop's thread or one of its tasks
     */
    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    /**
     * Queues {@code len} bytes of {@code data} from {@code off}; see {@link #write(byte[])}.
     *
     * @thread the loop's thread or one of its tasks
     */
    public void write(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        if (closing || eofRequested) {
            throw new IllegalStateException("write to " + this + " after " + (closing ? "close()" : "writeEof()")
                    + ": nothing more can be sent; write everything before closing or half-closing the stream");
        }
        if (lost != null || closed) {
            dropped += len; // asyncio drops writes after the connection is lost; drain() reports it
            return;
        }
        if (len == 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(data, off, len);
        if (queue.isEmpty()) {
            int n = side.writeNow(b);
            if (n == len || lost != null || closed) {
                return;
            }
        }
        boolean wasEmpty = queue.isEmpty();
        byte[] copy = new byte[b.remaining()];
        b.get(copy);
        queue.add(ByteBuffer.wrap(copy));
        pending += copy.length;
        if (!paused && pending > high) {
            paused = true;
        }
        if (wasEmpty) {
            side.startFlushing();
        }
    }

    /**
     * Queues the UTF-8 bytes of {@code text}; see {@link #write(byte[])}.
     *
     * @thread the loop's thread or one of its tasks
     */
    public void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Queues each of {@code chunks} in order; see {@link #write(byte[])}.
     *
     * @thread the loop's thread or one of its tasks
     */
    public void writeLines(Iterable<byte[]> chunks) {
        for (byte[] c : chunks) {
            write(c);
        }
    }

    /**
     * Waits until the queue is at or below the low-water mark, if it had gone above the high one.
     *
     * @throws IOException if the connection broke, or is closed (the message names the peer)
     * @suspends while more than the high-water mark is queued, until the low one is reached
     * @cancellation nothing is lost: the queued bytes are still sent
     * @thread a task of the writer's loop
     */
    public void drain() throws IOException {
        throwIfClosed();
        while (paused) {
            Future<Void> w = loop.createFuture();
            drainers.add(w);
            try {
                w.await();
            } finally {
                drainers.remove(w);
            }
        }
        throwIfClosed();
    }

    private void throwIfClosed() throws IOException {
        if (lost != null) {
            throw lost;
        }
        if (closed) {
            throw new java.net.SocketException("Connection lost: the connection to " + side.describe()
                    + " is closed" + (dropped > 0 ? " (" + dropped + " bytes written after that were dropped)" : ""));
        }
    }

    /**
     * Sets the marks {@link #drain()} uses: it waits once more than {@code high} bytes are queued,
     * until at most {@code low} are.
     *
     * @thread the loop's thread or one of its tasks
     */
    public void setWriteBufferLimits(int high, int low) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("setWriteBufferLimits: need 0 <= low <= high, got high=" + high
                    + ", low=" + low);
        }
        this.high = high;
        this.low = low;
        if (paused && pending <= low) {
            unpause();
        } else if (!paused && pending > high) {
            paused = true;
        }
    }

    /** How many bytes are queued and not yet sent. */
    public long writeBufferSize() {
        return pending;
    }

    // ---- the side's view of the queue ------------------------------------------------------

    /** The next chunk to send, or null if the queue is empty. */
    ByteBuffer peekChunk() {
        return queue.peek();
    }

    /** {@code n} bytes of the head chunks were sent. */
    void written(int n) {
        pending -= n;
        while (!queue.isEmpty() && !queue.peek().hasRemaining()) {
            queue.poll();
        }
        if (paused && pending <= low) {
            unpause();
        }
    }

    /** The queue is empty: carry out a pending half-close or close. */
    void flushed() {
        if (closing) {
            side.close(false);
        } else if (eofRequested && !eofSent) {
            eofSent = true;
            side.shutdownOutput();
        }
    }

    private void unpause() {
        paused = false;
        for (Future<Void> w : List.copyOf(drainers)) {
            if (!w.done()) {
                w.setResult(null);
            }
        }
    }

    /** The connection broke (or was closed under us): queued bytes are dropped, drainers fail. */
    void connectionLost(IOException e) {
        if (e != null && lost == null) {
            lost = e;
        }
        queue.clear();
        pending = 0;
        paused = false;
        closed = true;
        for (Future<Void> w : List.copyOf(drainers)) {
            if (!w.done()) {
                if (lost != null) {
                    w.setException(lost);
                } else {
                    w.setResult(null);
                }
            }
        }
        if (!closedFuture.done()) {
            closedFuture.setResult(null);
        }
    }

    // ---- end of stream and closing ---------------------------------------------------------

    /** Whether {@link #writeEof()} is supported (sockets and pipes: yes). */
    public boolean canWriteEof() {
        return side.canWriteEof();
    }

    /**
     * Sends end of file after the queued bytes (a TCP half-close): the peer reads EOF, and this
     * side can still read its answer.
     *
     * @throws UnsupportedOperationException if {@link #canWriteEof()} is false
     * @thread the loop's thread or one of its tasks
     */
    public void writeEof() {
        if (!side.canWriteEof()) {
            throw new UnsupportedOperationException("writeEof: " + this + " cannot half-close; use close()");
        }
        if (eofRequested || closing || closed) {
            return;
        }
        eofRequested = true;
        if (queue.isEmpty()) {
            flushed();
        }
    }

    /**
     * Closes the stream: the queued bytes are still sent, then the connection (both directions)
     * closes and the reader sees end of file. Returns at once; {@link #waitClosed()} waits.
     * Closing twice does nothing.
     *
     * @thread the loop's thread or one of its tasks
     */
    public void close() {
        if (closing || closed) {
            return;
        }
        closing = true;
        if (queue.isEmpty()) {
            side.close(false);
        }
    }

    /**
     * Closes the connection at once, dropping queued bytes; a TCP peer sees a reset.
     *
     * @thread the loop's thread or one of its tasks
     */
    public void abort() {
        closing = true;
        if (!closed) {
            side.close(true);
        }
    }

    /** Whether {@link #close()} or {@link #abort()} was called, or the connection is closed. */
    public boolean isClosing() {
        return closing || closed;
    }

    /**
     * Waits until the connection is closed.
     *
     * @suspends until the queued bytes are sent and the connection closed (or it broke)
     * @cancellation the close goes on
     * @thread a task of the writer's loop
     */
    public void waitClosed() {
        closedFuture.await();
    }

    // ---- the connection --------------------------------------------------------------------

    /** The reader of the same connection (null for a process's stdin). */
    public StreamReader reader() {
        return reader;
    }

    /** The peer's address (for a Unix-domain socket, often unnamed), or null for a pipe. */
    public SocketAddress peerAddress() {
        return socket == null ? null : socket.peer();
    }

    /** The local address, or null for a pipe. */
    public SocketAddress localAddress() {
        return socket == null ? null : socket.local();
    }

    /**
     * Reads a socket option ({@code StandardSocketOptions.TCP_NODELAY} is on by default for TCP).
     *
     * @throws IOException if the socket is closed or the option not supported
     * @thread the loop's thread or one of its tasks
     */
    public <T> T getOption(SocketOption<T> option) throws IOException {
        if (socket == null) {
            throw new UnsupportedOperationException("getOption: " + this + " is a pipe, not a socket");
        }
        return socket.channel().getOption(option);
    }

    /**
     * Sets a socket option.
     *
     * @throws IOException if the socket is closed or the option not supported
     * @thread the loop's thread or one of its tasks
     */
    public <T> void setOption(SocketOption<T> option, T value) throws IOException {
        if (socket == null) {
            throw new UnsupportedOperationException("setOption: " + this + " is a pipe, not a socket");
        }
        socket.channel().setOption(option, value);
    }

    @Override
    public String toString() {
        String state = closed ? "closed" : closing ? "closing" : eofRequested ? "eof" : "open";
        return "StreamWriter[" + side.describe() + ", " + state + ", " + pending + " bytes queued"
                + (lost != null ? ", lost: " + lost.getMessage() : "") + (dropped > 0 ? ", " + dropped + " dropped" : "")
                + "]";
    }
}
