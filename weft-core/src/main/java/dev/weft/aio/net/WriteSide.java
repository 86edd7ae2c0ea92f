package dev.weft.aio.net;

import java.nio.ByteBuffer;

/**
 * The sink under a {@link StreamWriter}: a socket, or a process's input pipe. The writer owns the
 * queue of pending bytes; the side takes them with {@link StreamWriter#peekChunk()} and reports
 * progress with {@link StreamWriter#written(int)}. Every method runs on the loop.
 */
interface WriteSide {
    /**
     * Writes what it can of {@code b} at once, without blocking; returns the count, or -1 when
     * it cannot write directly (the bytes must be queued) or the connection failed.
     */
    int writeNow(ByteBuffer b);

    /** The writer queued bytes: flush them as the sink becomes ready, then call writer.flushed(). */
    void startFlushing();

    /** Whether {@link #shutdownOutput()} is supported. */
    boolean canWriteEof();

    /** Every queued byte is written: send end of file (half-close), keep reading. */
    void shutdownOutput();

    /** Closes the sink (and, for a socket, the connection); abort discards instead of flushing. */
    void close(boolean abort);

    /** Names the other end for error messages. */
    String describe();
}
