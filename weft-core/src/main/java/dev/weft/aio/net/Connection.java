package dev.weft.aio.net;

/**
 * The two halves of an open connection, as returned by {@link Streams#openConnection}.
 * {@link #close()} closes the writer (which closes the connection once the pending bytes are sent).
 *
 * <p>Python: the {@code (reader, writer)} tuple of {@code asyncio.open_connection}.
 *
 * @param reader the incoming bytes
 * @param writer the outgoing bytes
 */
public record Connection(StreamReader reader, StreamWriter writer) implements AutoCloseable {
    /** Closes the writer; see {@link StreamWriter#close()}. */
    @Override
    public void close() {
        writer.close();
    }
}
