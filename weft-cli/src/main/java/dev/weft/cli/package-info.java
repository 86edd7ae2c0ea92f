/**
 * weft's command-line tools, on weft-core and picocli.
 *
 * <table class="striped">
 *   <caption>Types</caption>
 *   <thead><tr><th>type</th><th>role</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link dev.weft.cli.FetchCommand}</td><td>{@code ./weft fetch}: concurrent downloads on green tasks</td></tr>
 *   </tbody>
 * </table>
 */
package dev.weft.cli;
