/**
 * An asyncio-style event loop: futures, tasks, timers, thread-safe entry points and a virtual
 * clock. {@code await} is a method call, usable at any depth inside a task; with the
 * {@link dev.weft.aio.TaskBackend#LOOP loop-scheduled} backend, a blocking JDK call inside a task
 * parks only that task.
 *
 * <table class="striped">
 *   <caption>Types</caption>
 *   <thead><tr><th>type</th><th>role</th><th>Python</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link dev.weft.aio.EventLoop}</td><td>the loop: run, callSoon/callLater/callAt, tasks, threads, debug</td><td>{@code asyncio} event loop, {@code asyncio.run}</td></tr>
 *     <tr><td>{@link dev.weft.aio.LoopGroup}</td><td>a loop per core, each on its own thread: placement (round robin, least loaded, by key), awaiting across loops, orderly shutdown</td><td>none (asyncio: one process per core)</td></tr>
 *     <tr><td>{@link dev.weft.aio.Clock}</td><td>the loop's time: real, or virtual (jumps to the next timer when idle)</td><td>trio's {@code Clock} / {@code MockClock}</td></tr>
 *     <tr><td>{@link dev.weft.aio.Future}</td><td>a result to come, bound to one loop; {@code await()}</td><td>{@code asyncio.Future}</td></tr>
 *     <tr><td>{@link dev.weft.aio.Task}</td><td>a body run by the loop; cancel, uncancel, cancelling</td><td>{@code asyncio.Task}</td></tr>
 *     <tr><td>{@link dev.weft.aio.Aio}</td><td>static entry points: sleep, ensureFuture, combinators</td><td>the {@code asyncio} module functions</td></tr>
 *     <tr><td>{@link dev.weft.aio.Handle}</td><td>a scheduled callback</td><td>{@code asyncio.Handle}</td></tr>
 *     <tr><td>{@link dev.weft.aio.TimerHandle}</td><td>a callback scheduled at a time</td><td>{@code asyncio.TimerHandle}</td></tr>
 *     <tr><td>{@link dev.weft.aio.TaskBackend}</td><td>how tasks run: loop-scheduled virtual threads or strands</td><td>none</td></tr>
 *     <tr><td>{@link dev.weft.aio.LoopInspection}</td><td>read-only views of loops and tasks for the inspector: enable, loops, snapshot, stack; nothing recorded while off</td><td>what {@code asyncio ps|pstree} read</td></tr>
 *     <tr><td>{@link dev.weft.aio.LoopSnapshot}</td><td>one loop's statistics and pending tasks</td><td>none</td></tr>
 *     <tr><td>{@link dev.weft.aio.TaskSnapshot}</td><td>one task: state, time in state, awaits, awaited by, creation site</td><td>an {@code asyncio ps} row</td></tr>
 *     <tr><td>{@link dev.weft.aio.ExceptionContext}</td><td>what the exception handler receives</td><td>the handler's context dict</td></tr>
 *     <tr><td>{@link dev.weft.aio.CancelledError}</td><td>cancellation; an Error, not an Exception</td><td>{@code asyncio.CancelledError}</td></tr>
 *     <tr><td>{@link dev.weft.aio.InvalidStateError}</td><td>operation does not fit the future's state</td><td>{@code asyncio.InvalidStateError}</td></tr>
 *     <tr><td>{@link dev.weft.aio.TimeoutError}</td><td>ran out of time</td><td>{@code TimeoutError}</td></tr>
 *     <tr><td>{@link dev.weft.aio.TaskGroup}</td><td>structured concurrency: run, call, enter</td><td>{@code asyncio.TaskGroup}</td></tr>
 *     <tr><td>{@link dev.weft.aio.ThrowableGroup}</td><td>what the two groups share: of, split, subgroup, derive</td><td>the {@code BaseExceptionGroup} protocol</td></tr>
 *     <tr><td>{@link dev.weft.aio.ExceptionGroup}</td><td>failures that are all Exceptions</td><td>{@code ExceptionGroup}</td></tr>
 *     <tr><td>{@link dev.weft.aio.BaseExceptionGroup}</td><td>failures of which one is an Error; itself an Error</td><td>{@code BaseExceptionGroup}</td></tr>
 *   </tbody>
 * </table>
 */
package dev.weft.aio;
