/**
 * Helpers for testing code built on weft, which weft's own tests use too.
 *
 * <table class="striped">
 *   <caption>Types</caption>
 *   <thead><tr><th>type</th><th>role</th><th>Python</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link dev.weft.testing.Steps}</td><td>asserts the order of the steps of a concurrent test</td><td>trio {@code Sequencer}</td></tr>
 *   </tbody>
 * </table>
 */
package dev.weft.testing;
