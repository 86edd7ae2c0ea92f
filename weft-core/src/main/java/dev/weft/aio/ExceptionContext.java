package dev.weft.aio;

/**
 * What the loop's exception handler receives: an error that has no caller to go to.
 *
 * @param message what happened, in words (never null)
 * @param exception the exception, or null when the report is not about one (a task destroyed while
 *     pending)
 * @param future the future or task concerned, or null
 * @param handle the callback concerned, or null
 *
 * <p>Python: the {@code context} dict passed to {@code loop.call_exception_handler}; weft's is a
 * record with the same keys.
 */
public record ExceptionContext(String message, Throwable exception, Future<?> future, Handle handle) {
}
