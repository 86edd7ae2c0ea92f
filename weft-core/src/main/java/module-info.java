/**
 * weft: Python's coroutine family for Java.
 *
 * <p>Exported packages: {@code dev.weft.gen} (generators),
 * {@code dev.weft.green} (greenlets). The package
 * {@code dev.weft.internal.strand} holds the one suspension primitive and is not exported.
 */
module dev.weft {
    exports dev.weft.gen;
    exports dev.weft.green;
    exports dev.weft.testing;
}
