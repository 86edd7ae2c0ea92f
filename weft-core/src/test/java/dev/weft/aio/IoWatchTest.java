package dev.weft.aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The loop's readiness callbacks: asyncio's add_reader / add_writer for selectable channels. */
@Timeout(30)
class IoWatchTest {

    @Test
    void aReaderRunsWhenItsChannelIsReadableAndStopsWhenRemoved() throws Exception {
        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel in = pipe.source(); Pipe.SinkChannel out = pipe.sink()) {
            in.configureBlocking(false);
            List<String> got = new ArrayList<>();
            VirtualLoops.run(loop -> {
                Future<Void> twoReads = loop.createFuture();
                loop.addReader(in, () -> {
                    ByteBuffer b = ByteBuffer.allocate(16);
                    try {
                        in.read(b);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    got.add(new String(b.array(), 0, b.position()));
                    if (got.size() == 2) {
                        assertTrue(loop.removeReader(in));
                        twoReads.setResult(null);
                    }
                });
                out.write(ByteBuffer.wrap("a".getBytes()));
                while (got.isEmpty()) {
                    Aio.sleep(0);
                }
                out.write(ByteBuffer.wrap("b".getBytes()));
                twoReads.await();
                assertFalse(loop.removeReader(in), "a second remove finds nothing");
                out.write(ByteBuffer.wrap("c".getBytes()));
                Aio.sleep(0);
                Aio.sleep(0);
                return null;
            });
            assertEquals(List.of("a", "b"), got);
        }
    }

    @Test
    void aWriterRunsWhileItsChannelIsWritable() throws Exception {
        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel in = pipe.source(); Pipe.SinkChannel out = pipe.sink()) {
            out.configureBlocking(false);
            int calls = VirtualLoops.run(loop -> {
                int[] n = {0};
                Future<Void> three = loop.createFuture();
                loop.addWriter(out, () -> {
                    if (++n[0] == 3) {
                        loop.removeWriter(out);
                        three.setResult(null);
                    }
                });
                three.await();
                return n[0];
            });
            assertEquals(3, calls);
        }
    }

    @Test
    void aBlockingOrClosedChannelIsRefusedWithTheFix() throws Exception {
        Pipe pipe = Pipe.open();
        pipe.sink().close();
        try (EventLoop loop = EventLoop.create()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loop.addReader(pipe.source(), () -> { }));
            assertTrue(e.getMessage().contains("configureBlocking(false)"), e.getMessage());
            pipe.source().configureBlocking(false);
            assertThrows(IllegalArgumentException.class, () -> loop.addWriter(pipe.source(), () -> { }),
                    "a pipe's source cannot be written");
            pipe.source().close();
            e = assertThrows(IllegalArgumentException.class, () -> loop.addReader(pipe.source(), () -> { }));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    void aQuietWatchedChannelHoldsTheVirtualClockOnlyForTheGracePeriod() throws Exception {
        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel in = pipe.source(); Pipe.SinkChannel out = pipe.sink()) {
            in.configureBlocking(false);
            double[] times = VirtualLoops.run(loop -> {
                loop.addReader(in, () -> { });
                long t0 = System.nanoTime();
                Aio.sleep(3600);
                double real = (System.nanoTime() - t0) / 1e9;
                loop.removeReader(in);
                return new double[] {loop.time(), real};
            });
            assertEquals(3600.0, times[0]);
            assertTrue(times[1] >= Clock.BLOCKED_GRACE_MS / 1000.0 * 0.9,
                    "the clock waited for the channel first: " + times[1]);
        }
    }
}
