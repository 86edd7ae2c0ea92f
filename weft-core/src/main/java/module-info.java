/**
 * weft: Python's coroutine family for Java.
 *
 * <p>Exported packages: {@code dev.weft.gen} (generators), {@code dev.weft.green} (greenlets),
 * {@code dev.weft.pipe} (pipelines and XML events), {@code dev.weft.aio} (the event loop),
 * {@code dev.weft.aio.net} (streams, servers, subprocesses),
 * {@code dev.weft.testing} (test helpers), {@code dev.weft.inspect} (the inspector). The package {@code dev.weft.internal.strand} holds the
 * one suspension primitive and is not exported.
 */
module dev.weft {
    requires java.xml;
    requires jdk.jfr;
    requires static org.junit.jupiter.api;
    requires jdk.httpserver;

    exports dev.weft.gen;
    exports dev.weft.green;
    exports dev.weft.pipe;
    exports dev.weft.aio;
    exports dev.weft.aio.net;
    exports dev.weft.testing;
    exports dev.weft.inspect;

    // -Dweft.inspect starts the inspector through this service (LoopInspection.Agent)
    uses dev.weft.aio.LoopInspection.Agent;
    provides dev.weft.aio.LoopInspection.Agent with dev.weft.inspect.InspectorAgent;
}
