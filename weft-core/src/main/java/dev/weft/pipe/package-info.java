/**
 * Coroutine pipelines: sources push items into primed coroutine sinks, through stages that
 * filter, transform and fan out; a {@code tail -f} follower; and XML parsing events as items.
 *
 * <table class="striped">
 *   <caption>Types</caption>
 *   <thead><tr><th>type</th><th>role</th><th>Python</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link dev.weft.pipe.Sink}</td><td>a primed coroutine that items are sent into; closing it closes the stages after it</td><td>a {@code @coroutine}-primed generator used as a {@code target}</td></tr>
 *     <tr><td>{@link dev.weft.pipe.Pipe}</td><td>stages ({@code filter}, {@code map}, {@code grep}, {@code broadcast}), sinks ({@code printer}, {@code counter}) and sources ({@code from}, {@code follow})</td><td>the recipes' {@code grep}, {@code printer}, {@code broadcast} coroutines</td></tr>
 *     <tr><td>{@link dev.weft.pipe.Follow}</td><td>{@code tail -f} source: waits for lines, survives truncation and rotation</td><td>the recipes' {@code follow(thefile, target)}</td></tr>
 *     <tr><td>{@link dev.weft.pipe.SaxEvents}</td><td>SAX events ({@code StartElement}, {@code Text}, {@code EndElement}) sent to a sink, with a parser safe for untrusted input</td><td>an {@code xml.sax.ContentHandler} that calls {@code target.send}</td></tr>
 *     <tr><td>{@link dev.weft.pipe.XmlRefusedException}</td><td>an XML document refused: external entity, or entity expansion bomb</td><td>{@code defusedxml}'s {@code EntitiesForbidden} / {@code ExternalReferenceForbidden}</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Rules shared by every source and stage: whoever pushes into a sink closes it when done, so
 * closing (or ending) a source closes every stage after it and every {@code finally} runs; a sink
 * that wants no more items returns (its {@code send} then throws {@code StopIteration}) and the
 * source stops; an exception in any stage ends the pipeline and reaches the source's caller as
 * the same object.
 */
package dev.weft.pipe;
