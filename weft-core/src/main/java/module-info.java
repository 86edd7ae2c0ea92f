/**
 * weft: Python's coroutine family for Java.
 *
<<<<<<< HEAD
 * <p>Exported packages: {@code dev.weft.gen} (generators), {@code dev.weft.pipe} (pipelines). The package
=======
 * <p>Exported packages: {@code dev.weft.gen} (generators),
 * {@code dev.weft.green} (greenlets). The package
>>>>>>> h-green
 * {@code dev.weft.internal.strand} holds the one suspension primitive and is not exported.
 */
module dev.weft {
    requires java.xml;

    exports dev.weft.gen;
<<<<<<< HEAD
    exports dev.weft.pipe;
=======
    exports dev.weft.green;
>>>>>>> h-green
    exports dev.weft.testing;
}
