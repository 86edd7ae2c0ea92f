package dev.weft.pipe;

import dev.weft.gen.StopIteration;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@code tail -f} source: pushes the lines of a growing file into a {@link Sink}, waiting for
 * more at its end, and keeps following the file by name when it is truncated or replaced (log
 * rotation). An immutable set of options; {@link #into(Sink)} runs it.
 *
 * <p>Python: the recipes' {@code follow(thefile, target)} loop ({@code readline}, and
 * {@code time.sleep(0.1)} at the end of the file). weft's follower also survives truncation and
 * rotation, never delivers half a line, and stops when its sink ends or its thread is
 * interrupted.
 *
 * {@snippet :
 * Thread follower = Thread.ofPlatform().start(() -> {
 *     try {
 *         Follow.file(Path.of("app.log"))
 *                 .fromStart(true)
 *                 .into(Pipe.grep("ERROR", Pipe.printer(System.out)));
 *     } catch (IOException e) {
 *         throw new UncheckedIOException(e);
 *     }
 * });
 * // ... later: stop following; the pipeline is closed, every finally runs
 * follower.interrupt();
 * }
 *
 * <p>Lines are split on {@code \n}; a {@code \r} before it is dropped; the terminator is not part
 * of the line. A last line without its newline is held back until the newline arrives, or until
 * the file is truncated or replaced (then it is delivered as it is, being complete), or at the
 * end of the file with {@link #stopAtEnd(boolean)}.
 *
 * <p>Rotation and truncation are noticed at the end of the file, before each wait: a file whose
 * size is below the read position was truncated, and is read again from its start; a path that
 * now names another file (another {@linkplain BasicFileAttributes#fileKey() file key}, the inode
 * on Unix) was replaced: the old file is read to its end, then the new one from its start. While
 * the path names no file (between a rename and a create) the old file is still followed. Not
 * detected: a file truncated and refilled past the read position within one poll interval, and
 * replacement on file systems without file keys.
 *
 * <p>Memory is bounded by the {@linkplain #maxLineBytes(int) line limit} (default
 * {@value #DEFAULT_MAX_LINE_BYTES} bytes, 1 MiB): a line that passes it is
 * {@linkplain LongLines#TRUNCATE delivered cut} or {@linkplain LongLines#SKIP skipped}, with one
 * {@linkplain #warnings(Consumer) warning} per line, and the bytes past the limit are read and
 * dropped, never held. So a file that grows by 50 MB without a newline costs at most the limit
 * in heap, and the line buffer shrinks back to its small size after a long line.
 *
 * @thread runs on the calling thread, which it blocks, sleeping between polls; stop it by
 *     interrupting that thread (or by the sink ending).
 */
public final class Follow implements Cloneable {

    /** Default wait between polls at the end of the file, the seed's {@code time.sleep(0.1)}. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);

    /** Default {@linkplain #maxLineBytes(int) line limit}: 1 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

    /** What happens to a line longer than the {@linkplain #maxLineBytes(int) line limit}. */
    public enum LongLines {
        /** The line's first bytes, up to the limit (cut back to a whole character in UTF-8), are delivered. */
        TRUNCATE,
        /** The line is not delivered at all. */
        SKIP
    }

    /** The line buffer's size between lines; a longer line grows it, and it shrinks back after. */
    static final int SMALL_BUFFER = 256;

    /* The line scan's words: eight bytes of the read buffer as one little-endian long (byte k of
     * the eight is bits 8k..8k+7), and the masks it uses. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /* Options. Not final only so that the withers can copy with clone(); never changed after. */
    private Path path;
    private boolean fromStart;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private boolean stopAtEnd;
    private Charset charset = StandardCharsets.UTF_8;
    private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
    private LongLines longLines = LongLines.TRUNCATE;
    private Consumer<String> warnings = Follow::logWarning;
    /**
     * Test hook: told "open", "eof <pos>", "truncated", "replaced", and "buffer <capacity>" each
     * time the line buffer is reallocated; null in normal use.
     */
    private Consumer<String> trace;

    private Follow(Path path) {
        this.path = path;
    }

    /** A follower of {@code path}: from its end, polling every 100 ms, in UTF-8, lines up to 1 MiB, without end. */
    public static Follow file(Path path) {
        return new Follow(Objects.requireNonNull(path, "path"));
    }

    private Follow with(Consumer<Follow> change) {
        try {
            Follow copy = (Follow) super.clone();
            change.accept(copy);
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError("weft bug: Follow is Cloneable", e);
        }
    }

    /** Starts at the beginning of the file ({@code true}, as the seed does) or at its end ({@code false}, as {@code tail -f}). */
    public Follow fromStart(boolean fromStart) {
        return with(f -> f.fromStart = fromStart);
    }

    /**
     * Waits {@code interval} between polls at the end of the file.
     *
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public Follow pollInterval(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, not " + interval
                    + "; a zero interval would spin a core at the end of the file");
        }
        return with(f -> f.pollInterval = interval);
    }

    /**
     * Stops at the end of the file instead of waiting for more ({@code cat} rather than
     * {@code tail -f}), delivering a last line that has no newline.
     */
    public Follow stopAtEnd(boolean stopAtEnd) {
        return with(f -> f.stopAtEnd = stopAtEnd);
    }

    /** Decodes lines with {@code charset} (default UTF-8); malformed bytes become U+FFFD. */
    public Follow charset(Charset charset) {
        Objects.requireNonNull(charset, "charset");
        return with(f -> f.charset = charset);
    }

    /**
     * Holds at most {@code bytes} bytes of one line (default {@value #DEFAULT_MAX_LINE_BYTES}, 1
     * MiB); a longer line is handled as {@link #longLines(LongLines)} says. This bounds the
     * follower's memory whatever the file holds: the line limit plus a 64 KiB read buffer.
     *
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public Follow maxLineBytes(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("line limit must be positive, not " + bytes + " bytes; to allow long "
                    + "lines, give a large limit (it is also the most heap one line may take)");
        }
        return with(f -> f.maxLineBytes = bytes);
    }

    /** Delivers a line longer than the line limit cut ({@link LongLines#TRUNCATE}, the default) or skips it. */
    public Follow longLines(LongLines policy) {
        Objects.requireNonNull(policy, "policy");
        return with(f -> f.longLines = policy);
    }

    /**
     * Sends each warning (one per line that passes the line limit) to {@code warnings}, on the
     * following thread, instead of logging it at level {@code WARNING} through
     * {@link System.Logger} {@code dev.weft.pipe.Follow}.
     */
    public Follow warnings(Consumer<String> warnings) {
        Objects.requireNonNull(warnings, "warnings");
        return with(f -> f.warnings = warnings);
    }

    Follow trace(Consumer<String> trace) {
        return with(f -> f.trace = trace);
    }

    private static void logWarning(String message) {
        System.getLogger(Follow.class.getName()).log(System.Logger.Level.WARNING, message);
    }

    /**
     * Follows the file, pushing each line into {@code sink}, until the sink ends ({@code send}
     * throws {@link StopIteration}) or is closed, the calling thread is interrupted, or (with
     * {@link #stopAtEnd}) the end of the file; then closes the sink. An exception from the sink
     * closes the sink and propagates unchanged.
     *
     * @return the number of lines sent (the last may be the one the sink ended on)
     * @throws NoSuchFileException if the file does not exist when following starts
     * @throws IOException if the file cannot be read
     * @suspends blocks the calling thread between polls ({@code Thread.sleep})
     * @cancellation interrupting the thread stops following at the next poll or line; the sink is
     *     closed, held-back partial line is dropped, and the thread's interrupt status stays set
     * @thread any thread; the sink runs on it
     */
    public long into(Sink<? super String> sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        Throwable failure = null;
        try (Reader r = new Reader(sink)) {
            return r.run();
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            Sink.closeAfter(failure, sink);
        }
    }

    @Override
    public String toString() {
        return "Follow[" + path + (fromStart ? ", from start" : ", from end") + ", poll " + pollInterval.toMillis()
                + " ms" + (stopAtEnd ? ", stop at end" : "") + ", " + charset + ", lines up to " + maxLineBytes
                + " bytes, longer ones " + (longLines == LongLines.SKIP ? "skipped" : "cut") + "]";
    }

    /* Implementation notes
     *
     * RandomAccessFile rather than FileChannel: a FileChannel read on an interrupted thread closes
     * the channel (ClosedByInterruptException); we want interruption to mean "stop cleanly" and
     * observe it ourselves, at each chunk and in the sleep.
     *
     * Lines are cut from raw bytes (the '\n' byte cannot occur inside a UTF-8 multi-byte
     * sequence, nor in any ASCII-compatible charset) and decoded whole, so a character split
     * across two writes decodes correctly. `pending` holds the bytes of an unfinished last line.
     *
     * The source is what a line costs in a pipeline of push stages (issue 8), so its hot path is
     * lean: scanLine reads the buffer as little-endian longs and finds the first '\n' byte with
     * the zero-byte test ((x - 0x01..) & ~x & 0x80.., on x = word ^ 0x0A..: the lowest flag is the
     * first match; a flag above it may be false, and is never read), about four times faster than
     * a byte loop. The same pass ors the line's bytes together, so it knows for free whether the
     * line is all ASCII; such a line in UTF-8, US-ASCII or ISO-8859-1 becomes a String by a plain
     * copy (ISO-8859-1), skipping the UTF-8 decoder's own scan. Other charsets always decode. A
     * line is the one allocation per line (its String); the stages get it directly.
     * Rejected: decoding a whole read at once and cutting the String at '\n' (the JDK's
     * vectorised indexOf) measured no faster, allocates every byte twice, and its UTF-8 U+FFFD
     * replacements would only match per-line decoding by an argument about the decoder; a
     * mapped file (one copy fewer) crashes with an InternalError when the file is truncated
     * under the mapping, which rotation by copytruncate does; and a FileChannel, see above.
     *
     * The line limit is enforced in one place, append(): every byte of a line that is not
     * delivered straight from the read buffer goes through it, and it stores at most maxLineBytes
     * of a line, counting the rest in lineBytes and dropping it. `pending` grows by doubling up to
     * the limit and, once a line longer than SMALL_BUFFER * 64 is done, is replaced by a small
     * array, so one long line does not pin its buffer for the life of the follower.
     *
     * The replacement check runs only at the end of the file, and after seeing a new file key the
     * old file is read to its end once more: a writer that appended to the old file and then
     * renamed it did so before the rename we observed, so those lines are read before switching.
     */
    private final class Reader implements AutoCloseable {
        private final Sink<? super String> sink;
        private final byte[] buf = new byte[64 * 1024];
        private byte[] pending = new byte[Math.min(SMALL_BUFFER, maxLineBytes)];
        private int pendingLen;
        /** Bytes of the current unfinished line seen so far, including the ones dropped past the limit. */
        private long lineBytes;
        /** Lines begun so far (1-based number of the current line), for warnings. */
        private long lineNumber = 1;
        private RandomAccessFile file;
        private Object key;
        private long pos;
        private long sent;
        private boolean sinkEnded;
        /** Whether an all-ASCII line decodes to the same text in ISO-8859-1, a plain copy of its bytes. */
        private final boolean asciiCompatible = charset.equals(StandardCharsets.UTF_8)
                || charset.equals(StandardCharsets.US_ASCII) || charset.equals(StandardCharsets.ISO_8859_1);
        /** Set by {@link #scanLine}: whether the line it found has only ASCII bytes. */
        private boolean lineAscii;

        Reader(Sink<? super String> sink) {
            this.sink = sink;
        }

        long run() throws IOException {
            open(false);
            Thread self = Thread.currentThread();
            while (!sinkEnded && !self.isInterrupted() && !sink.isClosed()) {
                if (drain() > 0) {
                    continue;
                }
                if (stopAtEnd) {
                    flushPending();
                    break;
                }
                if (trace != null) {
                    trace.accept("eof " + pos);
                }
                if (file.length() < pos) {
                    if (trace != null) {
                        trace.accept("truncated");
                    }
                    flushPending();
                    pos = 0;
                    file.seek(0);
                    continue;
                }
                Object now = keyOf(path);
                if (now != null && key != null && !now.equals(key)) {
                    while (!sinkEnded && drain() > 0) {
                        // the old file's last lines, written before it was renamed
                    }
                    flushPending();
                    if (trace != null) {
                        trace.accept("replaced");
                    }
                    file.close();
                    open(true);
                    continue;
                }
                try {
                    Thread.sleep(pollInterval);
                } catch (InterruptedException e) {
                    self.interrupt();
                    break;
                }
            }
            return sent;
        }

        private void open(boolean reopened) throws IOException {
            if (!Files.exists(path)) {
                throw new NoSuchFileException(path.toString(), null, "cannot follow a file that does not exist");
            }
            file = new RandomAccessFile(path.toFile(), "r");
            key = keyOf(path);
            pos = reopened || fromStart ? 0 : file.length();
            file.seek(pos);
            if (trace != null) {
                trace.accept("open");
            }
        }

        /** Reads what is there now, sending complete lines; returns the bytes read (0 at the end). */
        private long drain() throws IOException {
            long total = 0;
            Thread self = Thread.currentThread();
            int n;
            while (!sinkEnded && !self.isInterrupted() && (n = file.read(buf)) > 0) {
                pos += n;
                total += n;
                split(n);
            }
            return total;
        }

        /** Sends the complete lines of {@code buf[0, n)} and keeps an unfinished last one. */
        private void split(int n) {
            byte[] b = buf;
            int start = 0;
            while (start < n && !sinkEnded) {
                int i = scanLine(b, start, n);
                if (i < 0) {
                    append(b, start, n - start); // an unfinished line: wait for the rest
                    return;
                }
                int end = i > start && b[i - 1] == '\r' ? i - 1 : i; // the \r of \r\n is no part of the line
                if (lineBytes == 0 && end - start <= maxLineBytes) {
                    lineNumber++;
                    deliver(lineAscii && asciiCompatible
                            ? new String(b, start, end - start, StandardCharsets.ISO_8859_1) // a plain copy
                            : new String(b, start, end - start, charset));
                } else {
                    append(b, start, end - start);
                    flushPending();
                }
                start = i + 1;
            }
        }

        /**
         * Finds the first {@code '\n'} in {@code b[from, to)}, eight bytes at a time, and notes in
         * {@link #lineAscii} whether the bytes before it are all ASCII; returns its index, or -1.
         */
        private int scanLine(byte[] b, int from, int to) {
            long seen = 0; // the bytes before the newline, or-ed together: bit 7 of a byte is set if any was not ASCII
            int i = from;
            for (; i <= to - Long.BYTES; i += Long.BYTES) {
                long word = (long) LONGS.get(b, i);
                long x = word ^ NEWLINES; // a '\n' byte becomes 0
                long zeros = (x - ONES) & ~x & HIGH_BITS; // the lowest flag marks the first zero byte
                if (zeros != 0) {
                    int bit = Long.numberOfTrailingZeros(zeros);
                    seen |= word & ((1L << (bit & ~7)) - 1); // only the bytes before the newline
                    lineAscii = (seen & HIGH_BITS) == 0;
                    return i + (bit >>> 3);
                }
                seen |= word;
            }
            for (; i < to; i++) {
                byte c = b[i];
                if (c == '\n') {
                    lineAscii = (seen & HIGH_BITS) == 0;
                    return i;
                }
                seen |= c;
            }
            return -1;
        }

        /** Adds bytes of the current line, keeping at most maxLineBytes of it. */
        private void append(byte[] b, int off, int len) {
            long before = lineBytes;
            lineBytes += len;
            int keep = (int) Math.min(len, Math.max(0, maxLineBytes - before));
            if (before <= maxLineBytes && lineBytes > maxLineBytes) {
                warnings.accept(path + ": line " + lineNumber + " is longer than the line limit of " + maxLineBytes
                        + " bytes; " + (longLines == LongLines.SKIP ? "it is skipped"
                                : "its first " + maxLineBytes + " bytes are delivered")
                        + " and the rest, up to the next newline, is dropped. Raise the limit with "
                        + "Follow.maxLineBytes(n) (./weft follow --max-line N) if such lines are expected.");
            }
            if (keep == 0) {
                return;
            }
            if (pendingLen + keep > pending.length) {
                resize((int) Math.min(maxLineBytes, Math.max(2L * pending.length, pendingLen + keep)));
            }
            System.arraycopy(b, off, pending, pendingLen, keep);
            pendingLen += keep;
        }

        /** Delivers the current line (unless it is empty or skipped as too long) and starts the next. */
        private void flushPending() {
            if (lineBytes == 0) {
                return;
            }
            boolean tooLong = lineBytes > maxLineBytes;
            int end = pendingLen;
            if (tooLong && charset.equals(StandardCharsets.UTF_8)) {
                end = wholeUtf8Prefix(pending, end);
            } else if (!tooLong && end > 0 && pending[end - 1] == '\r') {
                end--;
            }
            String line = tooLong && longLines == LongLines.SKIP ? null : new String(pending, 0, end, charset);
            pendingLen = 0;
            lineBytes = 0;
            lineNumber++;
            if (pending.length > SMALL_BUFFER * 64) {
                resize(Math.min(SMALL_BUFFER, maxLineBytes));
            }
            if (line != null) {
                deliver(line);
            }
        }

        /** The length of the longest prefix of {@code b[0, len)} that does not end inside a UTF-8 character. */
        private static int wholeUtf8Prefix(byte[] b, int len) {
            int lead = len - 1;
            while (lead > 0 && lead > len - 4 && (b[lead] & 0xC0) == 0x80) {
                lead--;
            }
            if (lead < 0) {
                return len;
            }
            int v = b[lead] & 0xFF;
            int need = v >= 0xF0 ? 4 : v >= 0xE0 ? 3 : v >= 0xC0 ? 2 : 1;
            return lead + need > len ? lead : len;
        }

        private void resize(int capacity) {
            pending = Arrays.copyOf(pending, capacity);
            if (trace != null) {
                trace.accept("buffer " + capacity);
            }
        }

        private void deliver(String line) {
            if (sinkEnded || sink.isClosed()) {
                sinkEnded = true;
                return;
            }
            sent++;
            try {
                sink.send(line);
            } catch (StopIteration ended) {
                sinkEnded = true;
            }
        }

        @Override
        public void close() throws IOException {
            if (file != null) {
                file.close();
            }
        }
    }

    private static Object keyOf(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null; // between a rename and a create: keep following the old file
        }
    }
}
