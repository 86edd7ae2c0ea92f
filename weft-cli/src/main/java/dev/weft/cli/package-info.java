/**
 * weft's command-line tools, on weft-core and picocli.
 *
 * <table class="striped">
 *   <caption>Types</caption>
 *   <thead><tr><th>type</th><th>role</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link dev.weft.cli.FetchCommand}</td><td>{@code ./weft fetch}: concurrent downloads on green tasks</td></tr>
 *     <tr><td>{@link dev.weft.cli.InspectCommands}</td><td>{@code ./weft ps|pstree|top}: a running program's tasks, through its inspector</td></tr>
 *   </tbody>
 * </table>
 */
package dev.weft.cli;
