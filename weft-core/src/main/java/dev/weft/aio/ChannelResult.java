package dev.weft.aio;

/**
 * The outcome of a receive that does not throw: an element ({@link Value}), nothing ready yet
 * ({@link Empty}, only from {@link Channel#tryReceive()}), or the end of the channel
 * ({@link Closed}).
 *
 * {@snippet :
 * switch (channel.tryReceive()) {
 *     case ChannelResult.Value<String>(String s) -> handle(s);
 *     case ChannelResult.Empty<String>() -> idle();
 *     case ChannelResult.Closed<String>(Throwable cause) -> finish(cause);
 * }
 * }
 *
 * <p>Python: none (trio raises {@code WouldBlock} / {@code EndOfChannel}); kotlinx.coroutines'
 * {@code ChannelResult}, as a sealed family Java can switch over.
 *
 * @param <E> the element type
 */
public sealed interface ChannelResult<E> {
    /** An element was received. @param value the element, never null */
    record Value<E>(E value) implements ChannelResult<E> {}

    /** Nothing was ready: {@link Channel#tryReceive()} would have had to wait. */
    record Empty<E>() implements ChannelResult<E> {}

    /** The channel is closed and drained, or cancelled. @param cause the close or cancel cause, or null */
    record Closed<E>(Throwable cause) implements ChannelResult<E> {}

    /** Whether an element was received. */
    default boolean isSuccess() {
        return this instanceof Value;
    }

    /** Whether the channel has ended. */
    default boolean isClosed() {
        return this instanceof Closed;
    }

    /** The element, or null if none was received. */
    default E getOrNull() {
        return this instanceof Value<E> v ? v.value() : null;
    }
}
