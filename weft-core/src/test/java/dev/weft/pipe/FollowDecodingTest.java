package dev.weft.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the follower cuts and decodes lines: it scans the read buffer eight bytes at a time and
 * copies an all-ASCII line without decoding it, so these check every position of the newline and
 * of a non-ASCII byte within those eight bytes, lines that cross a read, and charsets where ASCII
 * bytes must still be decoded. The expected lines come from a plain reference: split the bytes at
 * {@code \n}, drop one {@code \r} before it, decode each line with the charset.
 */
@Timeout(60)
class FollowDecodingTest {
    @TempDir
    Path dir;

    /** Pieces lines are made of: ASCII, UTF-8 of 2, 3 and 4 bytes, CR, and malformed bytes. */
    private static final byte[][] PIECES = {
        "a".getBytes(StandardCharsets.UTF_8), "python".getBytes(StandardCharsets.UTF_8),
        "é".getBytes(StandardCharsets.UTF_8), "€".getBytes(StandardCharsets.UTF_8),
        "𝄞".getBytes(StandardCharsets.UTF_8), {'\r'}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80},
    };

    List<String> follow(byte[] content, Charset charset) throws IOException {
        Path file = Files.write(dir.resolve("f.log"), content);
        List<String> lines = new ArrayList<>();
        Follow.file(file).fromStart(true).stopAtEnd(true).charset(charset)
                .into(Pipe.map((String line) -> lines.add(line), Pipe.counter()));
        return lines;
    }

    /** The reference: lines cut at '\n', one '\r' before it dropped, each decoded on its own. */
    static List<String> reference(byte[] content, Charset charset) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length ? i > start : content[i] == '\n') {
                int end = i < content.length && i > start && content[i - 1] == '\r' ? i - 1 : i;
                lines.add(new String(content, start, end - start, charset));
                start = i + 1;
            }
        }
        return lines;
    }

    @Test
    void everyNewlinePositionInAWordAndEveryLineLengthUpTo40Cut() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int length = 0; length <= 40; length++) {
            for (int shift = 0; shift < 8; shift++) { // moves the line's start through the eight bytes of a word
                out.write("0123456".substring(0, shift).getBytes(StandardCharsets.US_ASCII), 0, shift);
                out.write('\n');
                for (int k = 0; k < length; k++) {
                    out.write('a' + k % 26);
                }
                out.write('\n');
            }
        }
        byte[] content = out.toByteArray();
        assertEquals(reference(content, StandardCharsets.UTF_8), follow(content, StandardCharsets.UTF_8));
    }

    @Test
    void aNonAsciiByteAnywhereInTheWordBeforeTheNewlineIsDecodedAsUtf8() throws IOException {
        // "é" (2 bytes) at each offset of lines 1..24 bytes long: a line whose only non-ASCII
        // bytes sit in the word holding its newline must not be copied as ASCII
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        for (int length = 2; length <= 24; length++) {
            for (int at = 0; at + 2 <= length; at++) {
                for (int k = 0; k < length; k++) {
                    if (k == at) {
                        out.write(e, 0, 2);
                        k++;
                    } else {
                        out.write('x');
                    }
                }
                out.write('\n');
            }
        }
        byte[] content = out.toByteArray();
        List<String> lines = follow(content, StandardCharsets.UTF_8);
        assertEquals(reference(content, StandardCharsets.UTF_8), lines);
        assertEquals(List.of("é", "éx", "xé"), lines.subList(0, 3));
    }

    @Test
    void seededMixedLinesAcrossManyReadsMatchTheReference() throws IOException {
        Random random = new Random(8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < 300_000) { // several 64 KiB reads, so lines cross reads
            int pieces = random.nextInt(60);
            for (int k = 0; k < pieces; k++) {
                byte[] piece = random.nextInt(4) == 0 ? PIECES[random.nextInt(PIECES.length)] : PIECES[0];
                out.write(piece, 0, piece.length);
            }
            out.write('\n');
        }
        out.write("last, without a newline".getBytes(StandardCharsets.UTF_8), 0, 23);
        byte[] content = out.toByteArray();
        for (Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1, StandardCharsets.US_ASCII,
                Charset.forName("windows-1252"))) {
            assertEquals(reference(content, charset), follow(content, charset), charset.name());
        }
    }

    @Test
    void asciiBytesAreStillDecodedInACharsetThatIsNotAsciiCompatible() throws IOException {
        // In EBCDIC (IBM037) the bytes of ASCII "AB" are not "AB": an all-ASCII line may be copied
        // as it is only in a charset where ASCII bytes mean ASCII
        Charset ebcdic = Charset.forName("IBM037");
        byte[] content = {'A', 'B', '\n', (byte) 0xC1, (byte) 0xC2, '\n'};
        List<String> lines = follow(content, ebcdic);
        assertEquals(reference(content, ebcdic), lines);
        assertEquals("AB", lines.get(1));
        assertNotEquals("AB", lines.get(0));
    }
}
