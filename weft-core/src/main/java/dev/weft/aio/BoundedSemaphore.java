package dev.weft.aio;

/**
 * A {@link Semaphore} that fails when released more often than acquired.
 *
 * <p>Python: {@code asyncio.BoundedSemaphore}; the error is an {@link IllegalStateException}
 * (Python raises {@code ValueError}).
 */
public final class BoundedSemaphore extends Semaphore {
    private final int bound;

    /**
     * Creates a semaphore with {@code value} permits that never holds more than {@code value}.
     *
     * @throws IllegalArgumentException if {@code value < 0}
     */
    public BoundedSemaphore(int value) {
        super(value);
        this.bound = value;
    }

    /**
     * Returns a permit.
     *
     * @throws IllegalStateException if every permit is already free ("BoundedSemaphore released
     *     too many times"); usually a release() without its acquire()
     */
    @Override
    public void release() {
        if (value >= bound) {
            throw new IllegalStateException("BoundedSemaphore released too many times: " + this
                    + " already has all " + bound + " permits; release only what acquire() took,"
                    + " e.g. with try (var held = sem.hold())");
        }
        super.release();
    }
}
