package dev.weft.aio;

/**
 * How an event loop runs its tasks; {@link Backends#tasks()} tells which one new loops use, and
 * {@link EventLoop#taskBackend()} which one a given loop uses.
 *
 * <p>Both run every task of a loop one at a time, under the loop's control, with the same ordering;
 * they differ in what a blocking JDK call inside a task does.
 *
 * <p>Python: none; asyncio has one way (coroutines), where a blocking call stalls the loop.
 */
public enum TaskBackend {
    /**
     * Each task is a virtual thread whose scheduler is the loop: the loop thread runs it, and a
     * park of any kind ({@code Future.await}, {@code Thread.sleep}, a blocking socket read,
     * {@code BlockingQueue.take}, {@code Object.wait}) parks only that task while the loop runs the
     * others. Cancelling a task blocked in such a call interrupts it. Needs
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (or {@code =dev.weft} on the module path),
     * and a loop created and run on a platform thread.
     */
    LOOP,
    /**
     * Each task is a {@code Strand} (continuation or hand-off backend) that the loop resumes.
     * Awaits and {@code Aio.sleep} switch tasks; a blocking JDK call stalls the whole loop until it
     * returns, as in asyncio. Needs no flag; the backend of loops created on virtual threads.
     */
    STRAND;

    /** Whether this JVM's flags allow the backend. */
    public boolean isAvailable() {
        return this == STRAND || dev.weft.internal.strand.LoopScheduledThreads.isAvailable();
    }
}
