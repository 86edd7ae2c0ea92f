/**
 * The one suspension primitive under every layer of weft. Not exported from the module.
 *
 * <table class="striped">
 *   <caption>Types</caption>
 *   <thead><tr><th>type</th><th>role</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link dev.weft.internal.strand.Strand}</td><td>a body run on its resumer's behalf until it suspends or ends</td></tr>
 *     <tr><td>{@link dev.weft.internal.strand.Backend}</td><td>the ways a strand can run; chosen once per JVM</td></tr>
 *     <tr><td>{@code ContinuationStrand}</td><td>on {@code jdk.internal.vm.Continuation}, on the resumer's thread</td></tr>
 *     <tr><td>{@code ThreadStrand}</td><td>what the two thread-backed strands share: handle, Cleaner, core state</td></tr>
 *     <tr><td>{@code HandoffStrand}</td><td>a virtual thread on the default scheduler, strict hand-off</td></tr>
 *     <tr><td>{@code LoopScheduledStrand}</td><td>a virtual thread whose scheduler runs it on the resumer's thread</td></tr>
 *     <tr><td>{@link dev.weft.internal.strand.LoopScheduledThreads}</td><td>builds virtual threads with a custom scheduler (used by the event loop)</td></tr>
 *   </tbody>
 * </table>
 */
package dev.weft.internal.strand;
