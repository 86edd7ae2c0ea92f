package dev.weft.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The follower's line limit: an over-long line is delivered cut or skipped, with one warning,
 * and the follower never holds more of a line than the limit. These run with
 * {@link Follow#stopAtEnd(boolean)}, so they need no second thread and no clock.
 */
@Timeout(60)
class FollowLineLimitTest {
    @TempDir
    Path dir;

    final List<String> lines = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> trace = new ArrayList<>();

    Sink<String> collect() {
        return Sink.coroutine("collect", ctx -> {
            while (true) {
                lines.add(ctx.yield(null));
            }
        });
    }

    Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("f.log"), content, StandardCharsets.UTF_8);
    }

    Follow follow(Path file) {
        return Follow.file(file).fromStart(true).stopAtEnd(true).warnings(warnings::add).trace(trace::add);
    }

    @Test
    void aLineOverTheLimitIsDeliveredCutWithOneWarningNamingTheFix() throws IOException {
        Path f = file("short\nabcdefghijklmnop\r\nnext\n");
        assertEquals(3, follow(f).maxLineBytes(10).into(collect()));
        assertEquals(List.of("short", "abcdefghij", "next"), lines);
        assertEquals(1, warnings.size(), warnings.toString());
        String w = warnings.get(0);
        assertTrue(w.contains("line 2 is longer than the line limit of 10 bytes"), w);
        assertTrue(w.contains("first 10 bytes are delivered"), w);
        assertTrue(w.contains("--max-line"), w);
    }

    @Test
    void withSkipTheLongLineIsNotDelivered() throws IOException {
        Path f = file("short\nabcdefghijklmnop\nnext\nlast without newline, also too long");
        follow(f).maxLineBytes(10).longLines(Follow.LongLines.SKIP).into(collect());
        assertEquals(List.of("short", "next"), lines);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("line 2") && warnings.get(0).contains("it is skipped"), warnings.get(0));
        assertTrue(warnings.get(1).contains("line 4"), warnings.get(1));
    }

    @Test
    void aLineOfExactlyTheLimitIsWholeAndUnwarned() throws IOException {
        follow(file("0123456789\n0123456789\r\n")).maxLineBytes(10).into(collect());
        assertEquals(List.of("0123456789", "0123456789"), lines);
        assertEquals(List.of(), warnings);
    }

    @Test
    void aCutNeverSplitsAUtf8Character() throws IOException {
        // "abcé" is 5 bytes (é is 2); a limit of 4 falls inside neither, 5 ends after é, and a
        // 4-byte character cut at 2 of its bytes is dropped whole.
        follow(file("abcéz\nabc\uD83D\uDE00z\n")).maxLineBytes(5).into(collect());
        assertEquals(List.of("abcé", "abc"), lines);
        lines.clear();
        follow(file("abcéz\n")).maxLineBytes(4).into(collect());
        assertEquals(List.of("abc"), lines);
    }

    @Test
    void aLongLineSpanningManyReadsIsCutAtTheLimit() throws IOException {
        byte[] big = new byte[300_000];
        Arrays.fill(big, (byte) 'y');
        Path f = dir.resolve("big.log");
        Files.write(f, big);
        Files.writeString(f, "\nok\n", java.nio.file.StandardOpenOption.APPEND);
        follow(f).maxLineBytes(100_000).into(collect());
        assertEquals(2, lines.size());
        assertEquals("y".repeat(100_000), lines.get(0));
        assertEquals("ok", lines.get(1));
    }

    /**
     * Issue 11 §3: 50 MB without a newline grew the heap by 50 MB and kept a 64 MB buffer for
     * ever. The trace reports every reallocation of the line buffer: it never passes the 1 MiB
     * default, and it is small again once the line is done.
     */
    @Test
    void fiftyMegabytesWithoutANewlineNeverGrowTheBufferPastTheLimitAndItShrinksAfter() throws IOException {
        Path f = dir.resolve("huge.log");
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'x');
        try (OutputStream out = Files.newOutputStream(f)) {
            for (int i = 0; i < 50; i++) {
                out.write(chunk);
            }
            out.write("\nafter\n".getBytes(StandardCharsets.UTF_8));
        }
        follow(f).into(collect());

        List<Integer> sizes = trace.stream().filter(t -> t.startsWith("buffer ")).map(t -> Integer.valueOf(t.substring(7)))
                .toList();
        assertTrue(sizes.stream().allMatch(s -> s <= Follow.DEFAULT_MAX_LINE_BYTES), sizes.toString());
        assertEquals(Follow.DEFAULT_MAX_LINE_BYTES, sizes.stream().mapToInt(Integer::intValue).max().orElse(0));
        assertEquals(Follow.SMALL_BUFFER, sizes.get(sizes.size() - 1), "shrinks back after the long line");
        assertEquals(2, lines.size());
        assertEquals(Follow.DEFAULT_MAX_LINE_BYTES, lines.get(0).length());
        assertEquals("after", lines.get(1));
        assertEquals(1, warnings.size());
    }

    @Test
    void aNonPositiveLimitIsRefusedSayingWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Follow.file(dir.resolve("x")).maxLineBytes(0));
        assertTrue(e.getMessage().contains("line limit must be positive"), e.getMessage());
    }

    @Test
    void toStringShowsTheLimitAndThePolicy() {
        String s = Follow.file(Path.of("a.log")).maxLineBytes(4096).longLines(Follow.LongLines.SKIP).toString();
        assertTrue(s.contains("lines up to 4096 bytes, longer ones skipped"), s);
    }
}
