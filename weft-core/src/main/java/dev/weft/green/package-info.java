/**
 * Greenlets: functions on their own stacks that hand control to each other explicitly, with
 * Python greenlet's switching rules; and gevent's API (spawn, joinAll, sleep, Timeout, Pool,
 * Group) on weft's event loop, the thread's hub.
 *
 * <table class="striped">
 *   <caption>Types</caption>
 *   <thead><tr><th>type</th><th>role</th><th>Python</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link dev.weft.green.Greenlet}</td><td>the greenlet: of, switchTo, throwIn, kill, current, parent, setParent, isDead, isStarted</td><td>{@code greenlet.greenlet}, {@code greenlet.getcurrent()}</td></tr>
 *     <tr><td>{@link dev.weft.green.Greenlet.Body}</td><td>a greenlet's function: takes the first switched value, returns the value for its parent</td><td>the {@code run} callable</td></tr>
 *     <tr><td>{@link dev.weft.green.Greenlet.Action}</td><td>a greenlet's function that takes and returns nothing</td><td>the {@code run} callable</td></tr>
 *     <tr><td>{@link dev.weft.green.Greenlet.Trace}, {@link dev.weft.green.Greenlet.TraceEvent}</td><td>a per-thread function told of every switch</td><td>{@code greenlet.settrace}, {@code gettrace}</td></tr>
 *     <tr><td>{@link dev.weft.green.GreenletExit}</td><td>ends a greenlet quietly; not an Exception; a killed green task's outcome</td><td>{@code greenlet.GreenletExit}</td></tr>
 *     <tr><td>{@link dev.weft.green.Gevent}</td><td>gevent's functions: getHub, spawn, spawnLater, sleep, block, joinAll, wait, waitAll, iwait, kill, killAll, withTimeout, destroyHub</td><td>the {@code gevent} module</td></tr>
 *     <tr><td>{@link dev.weft.green.GreenTask}</td><td>a spawned (or created, then started) function on the hub (an event-loop task): create, start, get, join, value, exception, ready, successful, dead, kill, link, rawLink, current</td><td>{@code gevent.Greenlet}</td></tr>
 *     <tr><td>{@link dev.weft.green.Timeout}</td><td>a deadline over a block, and the exception it raises</td><td>{@code gevent.Timeout}</td></tr>
 *     <tr><td>{@link dev.weft.green.Group}, {@link dev.weft.green.Pool}</td><td>tasks waited for and killed together; a pool bounds how many run</td><td>{@code gevent.pool.Group}, {@code Pool}</td></tr>
 *     <tr><td>{@link dev.weft.green.PoolFull}</td><td>a pool had no free slot for an add that would not wait (or not long enough)</td><td>{@code gevent.pool.PoolFull}</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Every greenlet of a thread is resumed by one trampoline on that thread's root stack; see the
 * implementation notes of {@link dev.weft.green.Greenlet}. The gevent half builds on the public
 * {@code dev.weft.aio} API only: a hub is an {@code EventLoop}, a green task a {@code Task}, and
 * gevent's {@code Event}, {@code AsyncResult} and {@code Queue} are the loop's own
 * {@code Event}, {@code Future} and {@code Queue}.
 */
package dev.weft.green;
