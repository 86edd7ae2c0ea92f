package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tour's LoopGroup entry: connections spread in turn, keyed counts exact, hashes awaited. */
@Timeout(60)
class EveryCoreTest {
    @Test
    void threeLoopsServeInTurnCountByKeyAndHashElsewhere() throws Exception {
        List<String> lines = Capture.lines(EveryCore::run);
        assertEquals(List.of(
                "3 loops, main runs on loop 0",
                "loop 0 serves client 1",
                "loop 1 serves client 2",
                "loop 2 serves client 3",
                "loop 0 serves client 4",
                "loop 1 serves client 5",
                "loop 2 serves client 6",
                "served per loop: [2, 2, 2]",
                "visits by key: {ana=3, ben=2, cho=1}",
                "sha-256 of six hashes made on the loops: " + expectedHash()), lines);
    }

    /** The same six hashes made on one thread: the group changes where, not what. */
    private static String expectedHash() throws Exception {
        java.security.MessageDigest all = java.security.MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 6; i++) {
            all.update(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("block " + i).repeat(512).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return java.util.HexFormat.of().formatHex(all.digest()).substring(0, 16);
    }
}
