/**
 * weft: Python's coroutine family for Java.
 *
 * <p>Exported packages: {@code dev.weft.aio} (event loop, futures, tasks), {@code dev.weft.gen} (generators). The package
 * {@code dev.weft.internal.strand} holds the one suspension primitive and is not exported.
 */
module dev.weft {
    exports dev.weft.aio;
    exports dev.weft.gen;
    exports dev.weft.testing;
}
