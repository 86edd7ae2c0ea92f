/**
 * Greenlets: functions on their own stacks that hand control to each other explicitly, with
 * Python greenlet's switching rules.
 *
 * <table class="striped">
 *   <caption>Types</caption>
 *   <thead><tr><th>type</th><th>role</th><th>Python</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link dev.weft.green.Greenlet}</td><td>the greenlet: of, switchTo, throwIn, kill, current, parent, setParent, isDead, isStarted</td><td>{@code greenlet.greenlet}, {@code greenlet.getcurrent()}</td></tr>
 *     <tr><td>{@link dev.weft.green.Greenlet.Body}</td><td>a greenlet's function: takes the first switched value, returns the value for its parent</td><td>the {@code run} callable</td></tr>
 *     <tr><td>{@link dev.weft.green.Greenlet.Action}</td><td>a greenlet's function that takes and returns nothing</td><td>the {@code run} callable</td></tr>
 *     <tr><td>{@link dev.weft.green.Greenlet.Trace}, {@link dev.weft.green.Greenlet.TraceEvent}</td><td>a per-thread function told of every switch</td><td>{@code greenlet.settrace}, {@code gettrace}</td></tr>
 *     <tr><td>{@link dev.weft.green.GreenletExit}</td><td>ends a greenlet quietly; not an Exception</td><td>{@code greenlet.GreenletExit}</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Every greenlet of a thread is resumed by one trampoline on that thread's root stack; see the
 * implementation notes of {@link dev.weft.green.Greenlet}.
 */
package dev.weft.green;
