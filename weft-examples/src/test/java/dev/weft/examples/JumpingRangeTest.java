package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JumpingRangeTest {

    @Test
    void withoutSendItIsARange() {
        assertEquals(List.of(0, 1, 2, 3, 4), JumpingRange.jumpingRange(5).stream().toList());
    }

    @Test
    void printsZeroTwoThreeTwoThenThreeFour() throws Exception {
        assertEquals(List.of("0", "2", "3", "2", "3", "4"), Capture.lines(JumpingRange::run));
    }
}
