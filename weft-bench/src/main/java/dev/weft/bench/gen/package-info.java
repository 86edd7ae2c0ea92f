/**
 * Generator benchmarks: JMH per strand backend, the raw-continuation floor, and the
 * bytes-per-suspended-generator probe. Run them side by side with CPython via
 * {@code ./weft bench gen}.
 *
 * <table>
 *   <caption>Types</caption>
 *   <tr><th>Type</th><th>Measures</th></tr>
 *   <tr><td>{@link dev.weft.bench.gen.GeneratorBench}</td><td>next, send, yieldFrom chains 1 and 10
 *       deep, create + finish (abstract: the backend comes from the subclass's fork)</td></tr>
 *   <tr><td>{@link dev.weft.bench.gen.GeneratorContinuationBench}</td><td>those, on the
 *       continuation backend</td></tr>
 *   <tr><td>{@link dev.weft.bench.gen.GeneratorHandoffBench}</td><td>those, on the hand-off
 *       backend</td></tr>
 *   <tr><td>{@link dev.weft.bench.gen.RawContinuationBench}</td><td>one bare
 *       {@code jdk.internal.vm.Continuation} run/yield pair</td></tr>
 *   <tr><td>{@link dev.weft.bench.gen.GenMemory}</td><td>heap bytes per suspended shallow
 *       generator (a plain main class)</td></tr>
 *   <tr><td>{@link dev.weft.bench.gen.GenRatios}</td><td>the speed targets (send vs raw
 *       continuation, 10-deep vs 1-deep chain), paired by thread CPU time (a plain main class)</td></tr>
 * </table>
 */
package dev.weft.bench.gen;
