/**
 * asyncio's streams on weft's event loop: TCP and Unix-domain connections and servers, and
 * subprocesses whose pipes are streams. Built only on the exported API of {@code dev.weft.aio}
 * ({@code EventLoop.addReader} / {@code addWriter}, futures, tasks); every suspending method works
 * on every task backend.
 *
 * <table class="striped">
 *   <caption>Types</caption>
 *   <thead><tr><th>type</th><th>role</th><th>Python</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link dev.weft.aio.net.Streams}</td><td>openConnection, startServer, and their Unix-domain variants</td><td>{@code asyncio.open_connection}, {@code start_server}, ...</td></tr>
 *     <tr><td>{@link dev.weft.aio.net.StreamReader}</td><td>read, readLine, readExactly, readUntil, line limit, backpressure</td><td>{@code asyncio.StreamReader}</td></tr>
 *     <tr><td>{@link dev.weft.aio.net.StreamWriter}</td><td>write, drain with water marks, writeEof, close, abort</td><td>{@code asyncio.StreamWriter} and its transport</td></tr>
 *     <tr><td>{@link dev.weft.aio.net.Connection}</td><td>a reader and a writer</td><td>the {@code (reader, writer)} tuple</td></tr>
 *     <tr><td>{@link dev.weft.aio.net.Server}</td><td>a listening server: close, waitClosed, serveForever, closeClients</td><td>{@code asyncio.Server}</td></tr>
 *     <tr><td>{@link dev.weft.aio.net.ConnectionHandler}</td><td>the code run per accepted connection</td><td>{@code client_connected_cb}</td></tr>
 *     <tr><td>{@link dev.weft.aio.net.Subprocess}</td><td>a child process with stream pipes: waitFor, communicate, kill</td><td>{@code asyncio.create_subprocess_exec}, {@code asyncio.subprocess.Process}</td></tr>
 *     <tr><td>{@link dev.weft.aio.net.IncompleteReadError}</td><td>the stream ended early; carries the partial bytes</td><td>{@code asyncio.IncompleteReadError}</td></tr>
 *     <tr><td>{@link dev.weft.aio.net.LimitOverrunError}</td><td>a line is longer than the limit</td><td>{@code asyncio.LimitOverrunError}</td></tr>
 *   </tbody>
 * </table>
 */
package dev.weft.aio.net;
