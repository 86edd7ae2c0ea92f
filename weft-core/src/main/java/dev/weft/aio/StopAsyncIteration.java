package dev.weft.aio;

import java.util.NoSuchElementException;

/**
 * Thrown when an {@link AsyncGenerator} is advanced but has nothing more to yield: its body
 * returned, failed earlier, or the generator was closed.
 *
 * <p>Python: {@code StopAsyncIteration}. It extends {@link NoSuchElementException}, so iterator
 * code that expects that exception reads naturally. An async generator returns no value (PEP
 * 525), so unlike {@code dev.weft.gen.StopIteration} it carries none. It is control flow and
 * carries no stack trace. A body that lets one escape fails with "async generator raised
 * StopAsyncIteration" instead, as in Python, so that it cannot silently end whoever iterates it.
 */
public class StopAsyncIteration extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /** Creates a {@code StopAsyncIteration}. */
    public StopAsyncIteration() {
        super("async generator exhausted");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
