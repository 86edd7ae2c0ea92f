package dev.weft.aio.net;

/** The source of bytes under a {@link StreamReader}: a socket, or a process's output pipe. */
interface ReadSide {
    /** Stops taking bytes in (the reader's buffer is full); idempotent. */
    void pauseReading();

    /** Takes bytes in again; idempotent. */
    void resumeReading();

    /** Names the other end for error messages ("peer 127.0.0.1:5000", "stdout of pid 42"). */
    String describe();
}
