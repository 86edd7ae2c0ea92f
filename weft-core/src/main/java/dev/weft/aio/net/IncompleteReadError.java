package dev.weft.aio.net;

import java.io.EOFException;

/**
 * Thrown by {@link StreamReader#readExactly} and {@link StreamReader#readUntil} when the stream
 * ends before the requested bytes arrived; {@link #partial()} holds what did arrive, and the
 * reader's buffer no longer does. Usually the peer's doing (it closed early), not a bug.
 *
 * <p>Python: {@code asyncio.IncompleteReadError} (an {@code EOFError}); here an {@link EOFException}.
 */
public class IncompleteReadError extends EOFException {
    private static final long serialVersionUID = 1L;
    private final transient byte[] partial;
    private final long expected;

    /**
     * Creates the error.
     *
     * @param partial the bytes read before end of file
     * @param expected the count that was asked for, or -1 when reading up to a separator
     */
    public IncompleteReadError(byte[] partial, long expected) {
        super(partial.length + " bytes read on a total of " + (expected < 0 ? "undefined" : String.valueOf(expected))
                + " expected bytes");
        this.partial = partial.clone();
        this.expected = expected;
    }

    /** The bytes read before end of file (a copy). */
    public byte[] partial() {
        return partial.clone();
    }

    /** The count that was asked for, or -1 when reading up to a separator. */
    public long expected() {
        return expected;
    }
}
