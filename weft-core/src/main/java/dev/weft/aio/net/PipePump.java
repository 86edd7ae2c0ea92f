package dev.weft.aio.net;

import dev.weft.aio.EventLoop;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * A process pipe moved between a blocking JDK stream and the loop by one daemon platform thread:
 * process pipes are not selectable channels in Java, so this is how they reach a stream without
 * blocking the loop.
 */
/* Implementation notes
 *
 * Bounded both ways. Out (child -> loop): the thread holds one credit per chunk it reads; the loop
 * gives the credit back after feeding the chunk unless the reader paused, and resumeReading
 * gives back a credit it held back. So at most one chunk (CHUNK bytes) is ever in flight beyond
 * the reader's own bounded buffer. In (loop -> child): the loop hands the thread one chunk of
 * the writer's queue at a time and takes the next only when the thread reports it written.
 *
 * Threads end by themselves: Out at end of stream (or a read error), In after end of file, close,
 * or a write error. Each posts its last message with callSoonThreadsafe and then returns; if the
 * loop is closed by then, the thread just ends (nothing is left to tell).
 *
 * Virtual clock: a live pump thread is outside work (Future.wrap of its end), like the child's
 * exit future; without that, the clock could jump (or the loop declare a deadlock) in the instant
 * between the child's exit and the pump's post of its last bytes.
 */
abstract class PipePump {
    static final int CHUNK = 16 * 1024;

    final EventLoop loop;
    final String name;
    private final Runnable onEnd;

    PipePump(EventLoop loop, String name, Runnable onEnd) {
        this.loop = loop;
        this.name = name;
        this.onEnd = onEnd;
    }

    /**
     * Starts the pump's thread. Until it ends, it counts as outside work of the loop
     * ({@code Future.wrap}), so a virtual clock waits for the bytes it may still deliver.
     */
    void startThread(String threadName, Runnable body) {
        java.util.concurrent.CompletableFuture<Void> ended = new java.util.concurrent.CompletableFuture<>();
        dev.weft.aio.Future.wrap(ended, loop);
        Thread.ofPlatform().daemon().name(threadName).start(() -> {
            try {
                body.run();
            } finally {
                ended.complete(null); // after the thread's last post: the loop sees them in this order
            }
        });
    }

    /** Posts {@code r} to the loop; false if the loop is closed. */
    boolean post(Runnable r) {
        try {
            loop.callSoonThreadsafe(r);
            return true;
        } catch (IllegalStateException closed) {
            return false;
        }
    }

    void ended(Runnable last) {
        post(() -> {
            last.run();
            onEnd.run();
        });
    }

    /** A child's output pipe feeding a {@link StreamReader}. */
    static final class Out extends PipePump implements ReadSide {
        private final InputStream in;
        private final StreamReader reader;
        private final Semaphore credit = new Semaphore(1);
        private boolean paused;
        private boolean owed;

        Out(EventLoop loop, String name, InputStream in, int limit, Runnable onEnd) {
            super(loop, name, onEnd);
            this.in = in;
            this.reader = new StreamReader(loop, limit);
            reader.attach(this);
        }

        StreamReader reader() {
            return reader;
        }

        void start(String threadName) {
            startThread(threadName, this::pump);
        }

        private void pump() {
            try (in) {
                while (true) {
                    credit.acquire();
                    byte[] chunk = new byte[CHUNK];
                    int n = in.read(chunk);
                    if (n < 0) {
                        ended(reader::feedEof);
                        return;
                    }
                    if (!post(() -> fed(chunk, n))) {
                        return;
                    }
                }
            } catch (IOException e) {
                IOException named = new IOException(e.getMessage() + " (reading " + name + ")", e);
                ended(() -> reader.setException(named));
            } catch (InterruptedException e) {
                ended(reader::feedEof); // close(): the stream ends here
            }
        }

        private void fed(byte[] chunk, int n) {
            reader.feedData(chunk, 0, n);
            if (paused) {
                owed = true;
            } else {
                credit.release();
            }
        }

        @Override
        public void pauseReading() {
            paused = true;
        }

        @Override
        public void resumeReading() {
            paused = false;
            if (owed) {
                owed = false;
                credit.release();
            }
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /** A {@link StreamWriter} feeding a child's input pipe. */
    static final class In extends PipePump implements WriteSide {
        private static final ByteBuffer EOF = ByteBuffer.allocate(0);
        private final OutputStream out;
        private final StreamWriter writer;
        private final LinkedBlockingQueue<ByteBuffer> handoff = new LinkedBlockingQueue<>(1);
        private boolean busy;
        private boolean done;

        In(EventLoop loop, String name, OutputStream out, Runnable onEnd) {
            super(loop, name, onEnd);
            this.out = out;
            this.writer = new StreamWriter(loop, this, null, null);
        }

        StreamWriter writer() {
            return writer;
        }

        void start(String threadName) {
            startThread(threadName, this::pump);
        }

        private void pump() {
            try (out) {
                while (true) {
                    ByteBuffer b = handoff.take();
                    if (b == EOF) {
                        ended(() -> writer.connectionLost(null));
                        return;
                    }
                    out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
                    out.flush();
                    int n = b.remaining();
                    b.position(b.limit());
                    if (!post(() -> wrote(n))) {
                        return;
                    }
                }
            } catch (IOException e) {
                IOException named = new IOException(e.getMessage() + " (writing to " + name
                        + "; did the process exit or close its input?)", e);
                ended(() -> writer.connectionLost(named));
            } catch (InterruptedException e) {
                ended(() -> writer.connectionLost(null));
            }
        }

        private void wrote(int n) {
            busy = false;
            if (done) {
                return; // aborted meanwhile: the writer's queue is already dropped
            }
            writer.written(n);
            startFlushing();
        }

        @Override
        public int writeNow(ByteBuffer b) {
            return -1;
        }

        @Override
        public void startFlushing() {
            if (busy || done) {
                return;
            }
            ByteBuffer b = writer.peekChunk();
            if (b == null) {
                writer.flushed();
                return;
            }
            busy = true;
            handoff.add(b);
        }

        @Override
        public boolean canWriteEof() {
            return true;
        }

        @Override
        public void shutdownOutput() {
            finish();
        }

        @Override
        public void close(boolean abort) {
            if (abort) {
                writer.connectionLost(null);
            }
            finish();
        }

        private void finish() {
            if (!done) {
                done = true;
                handoff.clear(); // abort while busy: a chunk not yet taken is dropped with the queue
                handoff.add(EOF);
            }
        }

        @Override
        public String describe() {
            return name;
        }
    }
}
