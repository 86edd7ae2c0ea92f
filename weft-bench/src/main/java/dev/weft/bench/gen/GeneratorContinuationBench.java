package dev.weft.bench.gen;

import org.openjdk.jmh.annotations.Fork;

/** {@link GeneratorBench} on the continuation strand backend. */
@Fork(value = 1, jvmArgsAppend = {
        "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "-Dweft.strand=continuation"})
public class GeneratorContinuationBench extends GeneratorBench {
}
