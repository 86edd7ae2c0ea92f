package dev.weft.aio;

/**
 * A held lock or permit that try-with-resources releases: what {@link Lock#hold()},
 * {@link Semaphore#hold()} and {@link Condition#hold()} return.
 *
 * <p>Python: the object bound by {@code async with lock:}; weft needs no {@code async with},
 * because acquiring may suspend inside any method of a task.
 *
 * {@snippet :
 * try (var held = lock.hold()) {   // acquire() may suspend here
 *     Aio.sleep(1);
 * }                                // release(), also when the block throws or is cancelled
 * }
 */
public interface Held extends AutoCloseable {
    /**
     * Releases the lock or permit.
     *
     * @throws IllegalStateException if it was released already (for a {@link Lock}: "Lock is not
     *     acquired")
     */
    @Override
    void close();
}
