/**
 * The one suspension primitive under every layer of weft. Not exported from the module.
 *
 * <table class="striped">
 *   <caption>Types</caption>
 *   <thead><tr><th>type</th><th>role</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link dev.weft.internal.strand.Strand}</td><td>a body run on its resumer's behalf until it suspends or ends</td></tr>
 *     <tr><td>{@code StrandCore}</td><td>the one protocol every backend runs: states, mailbox, prologue, outcome, ending an abandoned strand</td></tr>
 *     <tr><td>{@code ContinuationStrand}</td><td>on {@code jdk.internal.vm.Continuation}, on the resumer's thread</td></tr>
 *     <tr><td>{@code HandoffStrand}</td><td>a virtual thread on the default scheduler, strict hand-off; a handle over its core for the Cleaner</td></tr>
 *     <tr><td>{@link dev.weft.internal.strand.Backend}</td><td>the ways a strand can run</td></tr>
 *     <tr><td>{@link dev.weft.internal.strand.BackendPolicy}</td><td>the JVM flags, the choice of the strand and task backends, the one notice</td></tr>
 *     <tr><td>{@link dev.weft.internal.strand.Turns}</td><td>the one park-until-my-turn loop (interrupts kept)</td></tr>
 *     <tr><td>{@link dev.weft.internal.strand.LiveThreads}</td><td>count of weft's live virtual threads, for the leak check</td></tr>
 *     <tr><td>{@link dev.weft.internal.strand.LoopScheduledThreads}</td><td>builds virtual threads with a custom scheduler (the event loop's task threads)</td></tr>
 *   </tbody>
 * </table>
 */
package dev.weft.internal.strand;
