package dev.weft.aio.net;

import dev.weft.aio.EventLoop;
import dev.weft.aio.Future;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The incoming half of a connection (or a process's output): bytes the loop has received, and
 * suspending reads that wait for more.
 *
 * <pre>
 *   OPEN   -> EOF      // the peer closed its side (or the writer closed the connection)
 *   OPEN   -> FAILED   // the connection broke: every later read throws that error
 * </pre>
 * Bytes already buffered are still returned after EOF; {@link #atEof()} is true once they are gone.
 *
 * {@snippet :
 * Connection c = Streams.openConnection("127.0.0.1", port);
 * c.writer().write("hello\n".getBytes(UTF_8));
 * String reply = new String(c.reader().readLine(), UTF_8);
 * }
 *
 * <p>Backpressure: when more than twice {@link #limit()} bytes wait unread, the reader stops taking
 * bytes in (the peer's sends then block in the kernel) until the buffer is back under the limit or
 * a read waits for more.
 *
 * <p>Only one task may wait in a read at a time. A read cancelled while it waits takes nothing:
 * the bytes stay buffered for the next read, none lost and none duplicated.
 *
 * <p>Python: {@code asyncio.StreamReader}; {@code readline} raises {@link LimitOverrunError} (not
 * {@code ValueError}) on an over-long line.
 */
/* Implementation notes
 *
 * The buffer is buf[head, tail). It is allocated on the first bytes, grows by doubling, and an
 * empty buffer larger than SMALL is released, so an idle connection holds no buffer. Every read
 * method first waits (without consuming) until it can complete, then takes its bytes in one
 * synchronous step: a cancellation can only strike during the wait, and leaves the buffer alone.
 * The one waiter future is completed by whatever changes what a read can see: new bytes, EOF, an
 * error. Sockets fill through a per-thread direct scratch buffer (fill runs in the loop's
 * readiness callback, on the loop's platform thread), so a read costs one copy.
 */
public final class StreamReader {
    /** The default limit: 64 KiB, as asyncio. */
    public static final int DEFAULT_LIMIT = 64 * 1024;
    private static final int SMALL = 4096;
    private static final int SCRATCH = 64 * 1024;
    private static final ThreadLocal<ByteBuffer> SCRATCH_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SCRATCH));
    private static final byte[] NONE = new byte[0];

    private final EventLoop loop;
    private final int limit;
    private ReadSide side;
    private byte[] buf = NONE;
    private int head;
    private int tail;
    private boolean eof;
    private IOException exception;
    private Future<Void> waiter;
    private boolean paused;

    /**
     * Creates a reader fed by the caller ({@link #feedData}, {@link #feedEof}), bound to {@code loop}.
     *
     * @param limit the line limit in bytes; see {@link #limit()}
     * @thread any thread
     */
    public StreamReader(EventLoop loop, int limit) {
        this.loop = Objects.requireNonNull(loop, "loop");
        if (limit <= 0) {
            throw new IllegalArgumentException("StreamReader: the limit must be positive, not " + limit);
        }
        this.limit = limit;
    }

    void attach(ReadSide side) {
        this.side = side;
    }

    /** The line limit: the longest line (or separator-delimited chunk) a read accepts, in bytes. */
    public int limit() {
        return limit;
    }

    /** How many bytes are buffered and not yet read. */
    public int buffered() {
        return tail - head;
    }

    /** Whether the stream has ended and every buffered byte has been read. */
    public boolean atEof() {
        return eof && head == tail;
    }

    // ---- feeding (the loop's side) ---------------------------------------------------------

    /**
     * Appends bytes, as if they had arrived.
     *
     * @throws IllegalStateException after {@link #feedEof()}
     * @thread the loop's thread
     */
    public void feedData(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        if (eof) {
            throw new IllegalStateException("feedData after feedEof on " + this);
        }
        if (len == 0) {
            return;
        }
        ensureSpace(len);
        System.arraycopy(data, off, buf, tail, len);
        tail += len;
        arrived();
    }

    /**
     * Marks the end of the stream; waiting reads return what is buffered.
     *
     * @thread the loop's thread
     */
    public void feedEof() {
        eof = true;
        wakeWaiter();
    }

    /** The connection broke: the waiting read and every later read throw {@code e}. */
    void setException(IOException e) {
        if (exception == null) {
            exception = e;
        }
        Future<Void> w = waiter;
        if (w != null && !w.done()) {
            w.setException(e);
        }
    }

    /**
     * Reads once from {@code ch} into the buffer; returns the count, or -1 at end of stream.
     * Runs in the loop's readiness callback.
     */
    int fillFrom(ReadableByteChannel ch) throws IOException {
        ByteBuffer scratch = SCRATCH_BUFFER.get();
        scratch.clear();
        int n = ch.read(scratch);
        if (n > 0) {
            ensureSpace(n);
            scratch.flip();
            scratch.get(buf, tail, n);
            tail += n;
            arrived();
        }
        return n;
    }

    private void arrived() {
        wakeWaiter();
        if (!paused && side != null && tail - head > 2L * limit) {
            paused = true;
            side.pauseReading();
        }
    }

    private void ensureSpace(int n) {
        if (buf.length - tail >= n) {
            return;
        }
        int size = tail - head;
        if (buf.length - size >= n && head > 0 && size <= buf.length / 2) {
            System.arraycopy(buf, head, buf, 0, size); // compact in place
        } else {
            int cap = Math.max(buf.length, 256);
            while (cap - size < n) {
                cap = Math.multiplyExact(cap, 2);
            }
            byte[] bigger = new byte[cap];
            System.arraycopy(buf, head, bigger, 0, size);
            buf = bigger;
        }
        head = 0;
        tail = size;
    }

    private void wakeWaiter() {
        Future<Void> w = waiter;
        if (w != null && !w.done()) {
            w.setResult(null);
        }
    }

    // ---- reading (a task's side) -----------------------------------------------------------

    /**
     * Reads up to {@code n} bytes: what is buffered if anything is, else waits for the next bytes.
     * Returns an empty array at end of stream. {@code n < 0} reads everything up to end of stream.
     *
     * @throws IOException if the connection broke (the message names the peer)
     * @suspends while nothing is buffered and the stream has not ended
     * @cancellation nothing is consumed
     * @thread a task of the reader's loop
     */
    public byte[] read(int n) throws IOException {
        if (n < 0) {
            return read();
        }
        if (n == 0) {
            return NONE;
        }
        while (head == tail && !eof) {
            waitForData("read");
        }
        throwIfFailed();
        return take(Math.min(n, tail - head));
    }

    /**
     * Reads everything up to end of stream.
     *
     * @throws IOException if the connection broke
     * @suspends until the peer closes its side
     * @cancellation nothing is consumed
     * @thread a task of the reader's loop
     */
    public byte[] read() throws IOException {
        while (!eof) {
            waitForData("read");
        }
        throwIfFailed();
        return take(tail - head);
    }

    /**
     * Reads exactly {@code n} bytes.
     *
     * @throws IncompleteReadError if the stream ends first; it carries the bytes that did arrive
     * @throws IOException if the connection broke
     * @suspends until {@code n} bytes are buffered or the stream ends
     * @cancellation nothing is consumed
     * @thread a task of the reader's loop
     */
    public byte[] readExactly(int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("readExactly: the size must not be negative, not " + n);
        }
        while (tail - head < n) {
            throwIfFailed();
            if (eof) {
                throw new IncompleteReadError(take(tail - head), n);
            }
            waitForData("readExactly");
        }
        return take(n);
    }

    /**
     * Reads one line, ending with {@code \n} (included). At end of stream returns the partial last
     * line, or an empty array if there is none.
     *
     * @throws LimitOverrunError if the line is longer than {@link #limit()}; the over-long data
     *     (up to and including its newline, if it has arrived) is discarded, so the next readLine
     *     goes on from there
     * @throws IOException if the connection broke
     * @suspends until a whole line is buffered or the stream ends
     * @cancellation nothing is consumed
     * @thread a task of the reader's loop
     */
    public byte[] readLine() throws IOException {
        try {
            return readUntil(NEWLINE);
        } catch (IncompleteReadError e) {
            return e.partial();
        } catch (LimitOverrunError e) {
            int at = (int) e.consumed();
            if (tail - head > at && buf[head + at] == '\n') {
                take(at + 1);
            } else {
                take(tail - head);
            }
            resumeIfDrained();
            throw new LimitOverrunError(e.getMessage() + "; the over-long data was discarded", e.consumed());
        }
    }

    private static final byte[] NEWLINE = {'\n'};

    /**
     * Reads one line, ending with {@code \n}, decoded as UTF-8 without the line ending ({@code \n}
     * or {@code \r\n}); null at end of stream.
     *
     * @throws LimitOverrunError if the line is longer than {@link #limit()} (see {@link #readLine()})
     * @throws IOException if the connection broke
     * @suspends until a whole line is buffered or the stream ends
     * @cancellation nothing is consumed
     * @thread a task of the reader's loop
     */
    public String readLineUtf8() throws IOException {
        byte[] line = readLine();
        if (line.length == 0) {
            return null;
        }
        int end = line.length;
        if (line[end - 1] == '\n') {
            end--;
            if (end > 0 && line[end - 1] == '\r') {
                end--;
            }
        }
        return new String(line, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * Reads up to and including {@code separator}.
     *
     * @throws IncompleteReadError if the stream ends first; it carries the buffered bytes, which
     *     are consumed
     * @throws LimitOverrunError if no separator is found within {@link #limit()} bytes; the data
     *     stays buffered
     * @throws IOException if the connection broke
     * @suspends until the separator is buffered or the stream ends
     * @cancellation nothing is consumed
     * @thread a task of the reader's loop
     */
    public byte[] readUntil(byte[] separator) throws IOException {
        int seplen = separator.length;
        if (seplen == 0) {
            throw new IllegalArgumentException("readUntil: the separator must not be empty");
        }
        int offset = 0;
        while (true) {
            int size = tail - head;
            if (size - offset >= seplen) {
                int at = indexOf(separator, offset);
                if (at >= 0) {
                    if (at > limit) {
                        throw new LimitOverrunError("Separator is found, but chunk is longer than limit ("
                                + limit + " bytes) on " + describe(), at);
                    }
                    return take(at + seplen);
                }
                offset = size + 1 - seplen;
                if (offset > limit) {
                    throw new LimitOverrunError("Separator is not found, and chunk exceed the limit ("
                            + limit + " bytes) on " + describe(), offset);
                }
            }
            throwIfFailed();
            if (eof) {
                throw new IncompleteReadError(take(size), -1);
            }
            waitForData("readUntil");
        }
    }

    private int indexOf(byte[] sep, int from) {
        byte first = sep[0];
        for (int i = head + from, last = tail - sep.length; i <= last; i++) {
            if (buf[i] == first && Arrays.equals(buf, i, i + sep.length, sep, 0, sep.length)) {
                return i - head;
            }
        }
        return -1;
    }

    private byte[] take(int n) {
        byte[] out = n == 0 ? NONE : Arrays.copyOfRange(buf, head, head + n);
        head += n;
        if (head == tail) {
            head = 0;
            tail = 0;
            if (buf.length > SMALL) {
                buf = NONE;
            }
        }
        resumeIfDrained();
        return out;
    }

    private void resumeIfDrained() {
        if (paused && tail - head <= limit) {
            paused = false;
            side.resumeReading();
        }
    }

    private void throwIfFailed() throws IOException {
        if (exception != null) {
            throw exception;
        }
    }

    private void waitForData(String op) throws IOException {
        throwIfFailed();
        if (waiter != null) {
            throw new IllegalStateException(op + "() called while another task is already waiting for incoming "
                    + "data on " + this + "; only one task may read a stream at a time");
        }
        if (paused) { // a read that needs more than is buffered: take bytes in again
            paused = false;
            side.resumeReading();
        }
        Future<Void> w = loop.createFuture();
        waiter = w;
        try {
            w.await();
        } finally {
            waiter = null;
        }
    }

    private String describe() {
        return side != null ? side.describe() : "a fed StreamReader";
    }

    @Override
    public String toString() {
        String state = exception != null ? "failed: " + exception.getMessage() : eof ? "eof" : "open";
        return "StreamReader[" + describe() + ", " + state + ", " + (tail - head) + " bytes buffered, limit=" + limit
                + (paused ? ", paused" : "") + (waiter != null ? ", a task waits" : "") + "]";
    }
}
