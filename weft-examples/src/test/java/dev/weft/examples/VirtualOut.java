package dev.weft.examples;

import dev.weft.aio.EventLoop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;

/** Runs an asyncio example on a fresh virtual-clock loop and captures what it prints. */
final class VirtualOut {
    final List<String> lines;
    final double time;

    private VirtualOut(List<String> lines, double time) {
        this.lines = lines;
        this.time = time;
    }

    static VirtualOut run(BiConsumer<EventLoop, PrintStream> example) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (EventLoop loop = EventLoop.createVirtual();
                PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.accept(loop, out);
            out.flush();
            return new VirtualOut(bytes.toString(StandardCharsets.UTF_8).lines().toList(), loop.time());
        }
    }
}
