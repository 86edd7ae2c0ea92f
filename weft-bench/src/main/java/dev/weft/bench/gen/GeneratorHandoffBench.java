package dev.weft.bench.gen;

import org.openjdk.jmh.annotations.Fork;

/** {@link GeneratorBench} on the portable hand-off strand backend (virtual threads). */
@Fork(value = 1, jvmArgsAppend = {
        "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "-Dweft.strand=handoff"})
public class GeneratorHandoffBench extends GeneratorBench {
}
