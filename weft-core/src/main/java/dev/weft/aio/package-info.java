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
 *     <tr><td>{@link dev.weft.aio.EventLoopBuilder}</td><td>a loop with clock, backend, debug, and a replayable schedule: seed, record, replay</td><td>none (trio's seeded scheduler)</td></tr>
 *     <tr><td>{@link dev.weft.aio.LoopGroup}</td><td>a loop per core, each on its own thread: placement (round robin, least loaded, by key), awaiting across loops, orderly shutdown</td><td>none (asyncio: one process per core)</td></tr>
 *     <tr><td>{@link dev.weft.aio.Clock}</td><td>the loop's time: real, or virtual (jumps to the next timer when idle)</td><td>trio's {@code Clock} / {@code MockClock}</td></tr>
 *     <tr><td>{@link dev.weft.aio.Future}</td><td>a result to come, bound to one loop; {@code await()}</td><td>{@code asyncio.Future}</td></tr>
 *     <tr><td>{@link dev.weft.aio.Task}</td><td>a body run by the loop; cancel, uncancel, cancelling</td><td>{@code asyncio.Task}</td></tr>
 *     <tr><td>{@link dev.weft.aio.AsyncGenerator}</td><td>a generator whose body awaits; anext, asend, athrow, aclose; scoped iterate() / forEach closes it in the consumer's task</td><td>an async generator (PEP 525), with {@code contextlib.aclosing}</td></tr>
 *     <tr><td>{@link dev.weft.aio.StopAsyncIteration}</td><td>an async generator has no more values</td><td>{@code StopAsyncIteration}</td></tr>
 *     <tr><td>{@link dev.weft.aio.Aio}</td><td>static entry points: sleep, ensureFuture, combinators</td><td>the {@code asyncio} module functions</td></tr>
 *     <tr><td>{@link dev.weft.aio.Handle}</td><td>a scheduled callback</td><td>{@code asyncio.Handle}</td></tr>
 *     <tr><td>{@link dev.weft.aio.TimerHandle}</td><td>a callback scheduled at a time</td><td>{@code asyncio.TimerHandle}</td></tr>
 *     <tr><td>{@link dev.weft.aio.ContextVar}</td><td>a value that follows work into the tasks, callbacks and threads it starts: get, set, reset</td><td>{@code contextvars.ContextVar}</td></tr>
 *     <tr><td>{@link dev.weft.aio.Context}</td><td>a set of context-variable values: copyContext (O(1)), run</td><td>{@code contextvars.Context}, {@code copy_context()}</td></tr>
 *     <tr><td>{@link dev.weft.aio.Token}</td><td>the receipt of a set, for reset (also AutoCloseable)</td><td>{@code contextvars.Token}</td></tr>
 *     <tr><td>{@link dev.weft.aio.TaskBackend}</td><td>how tasks run: loop-scheduled virtual threads or strands</td><td>none</td></tr>
 *     <tr><td>{@link dev.weft.aio.LoopInspection}</td><td>read-only views of loops and tasks for the inspector: enable, loops, snapshot, stack; nothing recorded while off</td><td>what {@code asyncio ps|pstree} read</td></tr>
 *     <tr><td>{@link dev.weft.aio.LoopSnapshot}</td><td>one loop's statistics and pending tasks</td><td>none</td></tr>
 *     <tr><td>{@link dev.weft.aio.TaskSnapshot}</td><td>one task: state, time in state, awaits, awaited by, creation site</td><td>an {@code asyncio ps} row</td></tr>
 *     <tr><td>{@link dev.weft.aio.ExceptionContext}</td><td>what the exception handler receives</td><td>the handler's context dict</td></tr>
 *     <tr><td>{@link dev.weft.aio.CancelledError}</td><td>cancellation; an Error, not an Exception</td><td>{@code asyncio.CancelledError}</td></tr>
 *     <tr><td>{@link dev.weft.aio.InvalidStateError}</td><td>operation does not fit the future's state</td><td>{@code asyncio.InvalidStateError}</td></tr>
 *     <tr><td>{@link dev.weft.aio.TimeoutError}</td><td>ran out of time</td><td>{@code TimeoutError}</td></tr>
 *     <tr><td>{@link dev.weft.aio.Channel}</td><td>elements between tasks: rendezvous, buffered, conflated, unlimited; close versus cancel with an onUndeliveredElement hook; thread-safe doors</td><td>none (trio's memory channels; kotlinx's {@code Channel})</td></tr>
 *     <tr><td>{@link dev.weft.aio.Select}</td><td>waits on channel sends and receives, futures and a timeout; exactly one clause takes effect</td><td>none (kotlinx's {@code select})</td></tr>
 *     <tr><td>{@link dev.weft.aio.ChannelResult}</td><td>a receive's outcome: Value, Empty or Closed</td><td>none (kotlinx's {@code ChannelResult})</td></tr>
 *     <tr><td>{@link dev.weft.aio.ClosedSendChannelException}, {@link dev.weft.aio.ClosedReceiveChannelException}</td><td>a send to a closed channel; a receive past the end</td><td>trio's {@code ClosedResourceError} / {@code EndOfChannel}</td></tr>
 *     <tr><td>{@link dev.weft.aio.TaskGroup}</td><td>structured concurrency: run, call, enter</td><td>{@code asyncio.TaskGroup}</td></tr>
 *     <tr><td>{@link dev.weft.aio.ThrowableGroup}</td><td>what the two groups share: of, split, subgroup, derive</td><td>the {@code BaseExceptionGroup} protocol</td></tr>
 *     <tr><td>{@link dev.weft.aio.ExceptionGroup}</td><td>failures that are all Exceptions</td><td>{@code ExceptionGroup}</td></tr>
 *     <tr><td>{@link dev.weft.aio.BaseExceptionGroup}</td><td>failures of which one is an Error; itself an Error</td><td>{@code BaseExceptionGroup}</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>JDK Flight Recorder: while a recording runs, the loop emits {@code dev.weft.*} events (task
 * created, started, suspended with what it awaits, resumed, finished; cancel requested and
 * delivered; slow callback over 100 ms), category {@code weft}; when nothing records, each hook
 * costs one read of a flag. {@code jfr print --categories weft recording.jfr} lists them.
 */
package dev.weft.aio;
