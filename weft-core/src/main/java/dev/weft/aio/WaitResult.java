package dev.weft.aio;

import java.util.Set;

/**
 * The futures that were done and the ones still pending when
 * {@link Aio#wait(java.util.Collection, ReturnWhen, double)} returned.
 *
 * <p>Python: the {@code (done, pending)} tuple returned by {@code asyncio.wait}. The sets keep
 * the order in which the futures were passed, so output is deterministic.
 *
 * @param done the futures done (with a result, an exception, or cancelled)
 * @param pending the futures not done yet; {@code wait} never cancels them
 * @param <F> the future type passed in
 */
public record WaitResult<F extends Future<?>>(Set<F> done, Set<F> pending) {
}
