package dev.weft.aio.net;

/**
 * The code a {@link Server} runs for each accepted connection, as a new task of the server's loop.
 * The handler owns the connection: it closes the writer when done (a handler that returns without
 * closing leaves the connection open, as in asyncio, for other tasks to use).
 *
 * <p>Python: the {@code client_connected_cb} of {@code asyncio.start_server}.
 */
@FunctionalInterface
public interface ConnectionHandler {
    /**
     * Serves one connection.
     *
     * @throws Exception anything; it is reported to the loop's exception handler and the
     *     connection is aborted
     * @suspends as the body does
     * @cancellation {@link Server#close()} does not cancel handlers; {@link Server#abortClients()}
     *     makes their reads and drains fail
     * @thread a task of the server's loop
     */
    void handle(StreamReader reader, StreamWriter writer) throws Exception;
}
