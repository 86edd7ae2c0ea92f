package dev.weft.aio.net;

import java.io.IOException;

/**
 * Thrown when a line or a separator-delimited chunk is longer than the reader's
 * {@linkplain StreamReader#limit() limit}. The connection stays usable. {@link StreamReader#readUntil}
 * leaves the data in the buffer ({@link #consumed()} bytes can be skipped with {@code read(n)});
 * {@link StreamReader#readLine} discards it first, as asyncio's {@code readline} does. Usually the
 * peer's doing; raise the limit if such lines are legitimate.
 *
 * <p>Python: {@code asyncio.LimitOverrunError} ({@code readline} raises a {@code ValueError}
 * instead; weft raises this for both, and says which data was dropped).
 */
public class LimitOverrunError extends IOException {
    private static final long serialVersionUID = 1L;
    private final long consumed;

    /** Creates the error; {@code consumed} is how many bytes may be skipped to make progress. */
    public LimitOverrunError(String message, long consumed) {
        super(message);
        this.consumed = consumed;
    }

    /** How many bytes of the buffer may be skipped before looking for the separator again. */
    public long consumed() {
        return consumed;
    }
}
