package dev.weft.pipe;

import dev.weft.gen.StopIteration;
import java.io.IOException;
import java.io.RandomAccessFile;
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
 * @thread runs on the calling thread, which it blocks, sleeping between polls; stop it by
 *     interrupting that thread (or by the sink ending).
 */
public final class Follow {

    /** Default wait between polls at the end of the file, the seed's {@code time.sleep(0.1)}. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);

    private final Path path;
    private final boolean fromStart;
    private final Duration pollInterval;
    private final boolean stopAtEnd;
    private final Charset charset;
    /** Test hook: told "open", "eof <pos>", "truncated", "replaced"; null in normal use. */
    final Consumer<String> trace;

    private Follow(Path path, boolean fromStart, Duration pollInterval, boolean stopAtEnd, Charset charset,
            Consumer<String> trace) {
        this.path = path;
        this.fromStart = fromStart;
        this.pollInterval = pollInterval;
        this.stopAtEnd = stopAtEnd;
        this.charset = charset;
        this.trace = trace;
    }

    /** A follower of {@code path}: from its end, polling every 100 ms, in UTF-8, without end. */
    public static Follow file(Path path) {
        return new Follow(Objects.requireNonNull(path, "path"), false, DEFAULT_POLL_INTERVAL, false,
                StandardCharsets.UTF_8, null);
    }

    /** Starts at the beginning of the file ({@code true}, as the seed does) or at its end ({@code false}, as {@code tail -f}). */
    public Follow fromStart(boolean fromStart) {
        return new Follow(path, fromStart, pollInterval, stopAtEnd, charset, trace);
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
        return new Follow(path, fromStart, interval, stopAtEnd, charset, trace);
    }

    /**
     * Stops at the end of the file instead of waiting for more ({@code cat} rather than
     * {@code tail -f}), delivering a last line that has no newline.
     */
    public Follow stopAtEnd(boolean stopAtEnd) {
        return new Follow(path, fromStart, pollInterval, stopAtEnd, charset, trace);
    }

    /** Decodes lines with {@code charset} (default UTF-8); malformed bytes become U+FFFD. */
    public Follow charset(Charset charset) {
        return new Follow(path, fromStart, pollInterval, stopAtEnd, Objects.requireNonNull(charset, "charset"),
                trace);
    }

    Follow trace(Consumer<String> trace) {
        return new Follow(path, fromStart, pollInterval, stopAtEnd, charset, trace);
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
                + " ms" + (stopAtEnd ? ", stop at end" : "") + ", " + charset + "]";
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
     * The replacement check runs only at the end of the file, and after seeing a new file key the
     * old file is read to its end once more: a writer that appended to the old file and then
     * renamed it did so before the rename we observed, so those lines are read before switching.
     */
    private final class Reader implements AutoCloseable {
        private final Sink<? super String> sink;
        private final byte[] buf = new byte[64 * 1024];
        private byte[] pending = new byte[256];
        private int pendingLen;
        private RandomAccessFile file;
        private Object key;
        private long pos;
        private long sent;
        private boolean sinkEnded;

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

        private void split(int n) {
            byte[] b = buf;
            int start = 0;
            while (start < n && !sinkEnded) {
                int i = start;
                while (i < n && b[i] != '\n') {
                    i++;
                }
                if (i == n) {
                    append(b, start, n - start); // an unfinished line: wait for the rest
                    return;
                }
                if (pendingLen == 0) {
                    int end = i > start && b[i - 1] == '\r' ? i - 1 : i;
                    deliver(new String(b, start, end - start, charset));
                } else {
                    append(b, start, i - start);
                    flushPending();
                }
                start = i + 1;
            }
        }

        private void append(byte[] b, int off, int len) {
            if (pendingLen + len > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLen + len));
            }
            System.arraycopy(b, off, pending, pendingLen, len);
            pendingLen += len;
        }

        private void flushPending() {
            if (pendingLen == 0) {
                return;
            }
            int end = pending[pendingLen - 1] == '\r' ? pendingLen - 1 : pendingLen;
            pendingLen = 0;
            deliver(new String(pending, 0, end, charset));
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
