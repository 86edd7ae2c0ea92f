/**
 * Every generator and generator-coroutine example of the seed documents as a runnable class, and
 * the {@code ./weft demo} tour that runs them in order.
 *
 * <p>Each class has a {@code main} and a {@code run(PrintStream)} that prints what the seed's
 * Python prints (its tests pin that output line by line), plus public factories for its
 * generators. Run one with {@code ./weft example Fib}, all with {@code ./weft demo}.
 *
 * <table>
 *   <caption>Types</caption>
 *   <tr><th>seed</th><th>type</th><th>shows</th></tr>
 *   <tr><td>000</td><td>{@link dev.weft.examples.Fib}</td><td>a lazy Fibonacci generator</td></tr>
 *   <tr><td>000</td><td>{@link dev.weft.examples.ConsumerProducerStatus}</td><td>producer and consumer talking through send; the consumer stops at 3</td></tr>
 *   <tr><td>001</td><td>{@link dev.weft.examples.ProduceConsume200Ok}</td><td>five items produced and consumed, each answered "200 OK"</td></tr>
 *   <tr><td>001</td><td>{@link dev.weft.examples.GeventFooBar}</td><td>gevent foo/bar: two tasks sleep 2 s and 5 s, joined after 5 s</td></tr>
 *   <tr><td>001</td><td>{@link dev.weft.examples.ConcurrentGets}</td><td>plain blocking GETs in three tasks overlap (loop-scheduled tasks)</td></tr>
 *   <tr><td>002</td><td>{@link dev.weft.examples.LazyRange}</td><td>PEP 255 lazy range; the yield-from refactoring</td></tr>
 *   <tr><td>002</td><td>{@link dev.weft.examples.GenSendE}</td><td>PEP 342 send; send('e') ends it with StopIteration</td></tr>
 *   <tr><td>002</td><td>{@link dev.weft.examples.JumpingRange}</td><td>send moves the range: 0 2 3 2 3 4</td></tr>
 *   <tr><td>002</td><td>{@link dev.weft.examples.BottomMiddleTop}</td><td>PEP 380: 42 up, 84 down and back through two yieldFroms</td></tr>
 *   <tr><td>003/004</td><td>{@link dev.weft.examples.SimpleCoroutine}</td><td>a receive-only coroutine; the bare yield yields None</td></tr>
 *   <tr><td>003/004</td><td>{@link dev.weft.examples.SimpleCoro2}</td><td>two yields and the generator states</td></tr>
 *   <tr><td>003/004</td><td>{@link dev.weft.examples.Averager}</td><td>running average, primed or not; a bad value ends it</td></tr>
 *   <tr><td>003/004</td><td>{@link dev.weft.examples.AveragerResult}</td><td>return values through StopIteration.value</td></tr>
 *   <tr><td>003</td><td>{@link dev.weft.examples.GeneratorWord}</td><td>yieldFrom an iterable instead of a for loop</td></tr>
 *   <tr><td>003/004</td><td>{@link dev.weft.examples.Grouper}</td><td>delegating generator, subgenerator and caller</td></tr>
 *   <tr><td>004</td><td>{@link dev.weft.examples.CoroExecDemo}</td><td>throwIn and close; "generator ignored GeneratorExit"</td></tr>
 *   <tr><td>004</td><td>{@link dev.weft.examples.Chain}</td><td>chain and improved_chain over a list, a dict's keys, a tuple</td></tr>
 *   <tr><td>weft</td><td>{@link dev.weft.examples.TreeWalk}</td><td>stackful generators: a recursive helper method yields</td></tr>
 *   <tr><td></td><td>{@link dev.weft.examples.Tour}</td><td>the ./weft demo tour: one {@code Example} entry per line</td></tr>
 *   <tr><td></td><td>{@code Py}</td><td>Python's text forms (None, 15.0, {:.2f}, reprs) and a UTF-8 stdout</td></tr>
 * </table>
 */
package dev.weft.examples;
