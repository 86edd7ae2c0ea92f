/**
 * The inspector: an opt-in HTTP endpoint on 127.0.0.1 that serves this JVM's event loops and
 * tasks as JSON and as a live HTML page, and the client that {@code ./weft ps|pstree|top} use to
 * attach to it. Built only on {@link dev.weft.aio}'s exported API ({@link dev.weft.aio.LoopInspection}).
 *
 * <table class="striped">
 *   <caption>Types</caption>
 *   <thead><tr><th>type</th><th>role</th><th>Python</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link dev.weft.inspect.Inspector}</td><td>the endpoint: start, pageUri, close</td><td>none (3.14's {@code asyncio ps} reads memory instead)</td></tr>
 *     <tr><td>{@link dev.weft.inspect.InspectorClient}</td><td>finds programs with an inspector, reads snapshots and stacks</td><td>{@code python -m asyncio ps|pstree PID}</td></tr>
 *     <tr><td>{@link dev.weft.inspect.InspectorAgent}</td><td>starts the inspector for {@code -Dweft.inspect}</td><td>none</td></tr>
 *   </tbody>
 * </table>
 */
package dev.weft.inspect;
