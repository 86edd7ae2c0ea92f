package dev.weft.aio;

/**
 * When {@link Aio#wait(java.util.Collection, ReturnWhen, double)} returns.
 *
 * <p>Python: the {@code asyncio.FIRST_COMPLETED}, {@code FIRST_EXCEPTION} and
 * {@code ALL_COMPLETED} constants.
 */
public enum ReturnWhen {
    /** As soon as any future is done or cancelled. */
    FIRST_COMPLETED,
    /** As soon as any future fails with an exception (cancellation does not count), or all are done. */
    FIRST_EXCEPTION,
    /** When every future is done or cancelled. */
    ALL_COMPLETED
}
