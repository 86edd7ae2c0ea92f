/**
 * Generators with Python's semantics: lazy, two-way, stackful, or woven (compiled into state
 * machines by weft-weave) with the same rules.
 *
 * <table class="striped">
 *   <caption>Types</caption>
 *   <thead><tr><th>type</th><th>role</th><th>Python</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link dev.weft.gen.Generator}</td><td>the generator: next, send, throwIn, close, state, yieldFrom</td><td>generator object</td></tr>
 *     <tr><td>{@link dev.weft.gen.Generator.Context}</td><td>what the body yields through</td><td>{@code yield}, {@code yield from}</td></tr>
 *     <tr><td>{@link dev.weft.gen.Generator.Body}</td><td>the body's functional interface</td><td>generator function</td></tr>
 *     <tr><td>{@link dev.weft.gen.Woven}</td><td>the runtime of bodies compiled by weft-weave into state machines (for woven code only)</td><td>a generator's frame, resumed at its last instruction</td></tr>
 *     <tr><td>{@link dev.weft.gen.GeneratorState}</td><td>CREATED, RUNNING, SUSPENDED, CLOSED</td><td>{@code inspect.getgeneratorstate}</td></tr>
 *     <tr><td>{@link dev.weft.gen.StopIteration}</td><td>exhaustion, carrying the return value</td><td>{@code StopIteration}</td></tr>
 *     <tr><td>{@link dev.weft.gen.GeneratorExit}</td><td>raised in the body by close(); not an Exception</td><td>{@code GeneratorExit}</td></tr>
 *   </tbody>
 * </table>
 */
package dev.weft.gen;
