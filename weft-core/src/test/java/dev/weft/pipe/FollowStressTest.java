package dev.weft.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lines written in bursts of varying sizes (often splitting a line across writes), with the file
 * rotated between generations, all arrive exactly once and in order.
 */
@Tag("stress")
@Timeout(120)
class FollowStressTest {
    static final int SCALE = Integer.getInteger("weft.stress", 1);

    @TempDir
    Path dir;

    @Test
    void everyLineArrivesOnceInOrderWhileTheFileIsWrittenAndRotated() throws Exception {
        int generations = 4 * SCALE;
        int perGeneration = 2_000;
        Path file = dir.resolve("app.log");
        Files.createFile(file);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        // The writer rotates only after the follower has seen the new generation's first line: two
        // rotations within one poll would hide the middle file from any follower, tail -F included.
        Semaphore generationSeen = new Semaphore(0);
        Thread follower = Thread.ofPlatform().start(() -> {
            try {
                Follow.file(file).fromStart(true).pollInterval(Duration.ofMillis(1)).into(Sink.coroutine("q", ctx -> {
                    while (true) {
                        lines.add(ctx.yield(null));
                    }
                }));
            } catch (IOException e) {
                lines.add("IOException " + e);
            }
        });
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (int g = 0; g < generations; g++) {
                    if (g > 0) {
                        generationSeen.acquire();
                        Files.move(file, dir.resolve("app.log." + g));
                    }
                    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                        for (int i = 0; i < perGeneration; i++) {
                            w.write("g" + g + " line " + i + " " + "x".repeat(i % 97) + "\n");
                            if (i % 13 == 0) {
                                w.flush(); // bursts of different sizes, often ending mid-line
                            }
                        }
                    }
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            for (int g = 0; g < generations; g++) {
                for (int i = 0; i < perGeneration; i++) {
                    String line = lines.poll(30, TimeUnit.SECONDS);
                    assertNotNull(line, "line g" + g + " " + i + " never arrived");
                    assertEquals("g" + g + " line " + i + " " + "x".repeat(i % 97), line);
                    if (i == 0) {
                        generationSeen.release();
                    }
                }
            }
            writer.get(30, TimeUnit.SECONDS);
        } finally {
            follower.interrupt();
            follower.join(10_000);
        }
        assertEquals(null, lines.poll(), "a line arrived twice or out of thin air");
    }
}
