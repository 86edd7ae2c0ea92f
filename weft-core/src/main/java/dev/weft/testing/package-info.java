/**
 * Helpers for testing code built on weft, which weft's own tests use too.
 *
 * <table class="striped">
 *   <caption>Types</caption>
 *   <thead><tr><th>type</th><th>role</th><th>Python</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link dev.weft.testing.Steps}</td><td>asserts the order of the steps of a concurrent test</td><td>trio {@code Sequencer}</td></tr>
 *     <tr><td>{@link dev.weft.testing.Seeds}</td><td>runs a JUnit 5 test under many schedule seeds; a failure prints its seed and how to replay it</td><td>none (trio's scheduler seed)</td></tr>
 *     <tr><td>{@link dev.weft.testing.SeedsExtension}</td><td>the extension behind {@code @Seeds}; {@code -Dweft.seed=N}</td><td>none</td></tr>
 *   </tbody>
 * </table>
 */
package dev.weft.testing;
