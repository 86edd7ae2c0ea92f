package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelsSelectTest {

    @Test
    void workersShareTheJobsSelectWaitsOnBothChannelsAndCancelClosesTheLeftover() {
        VirtualOut r = VirtualOut.run(ChannelsSelect::run);
        assertEquals(List.of(
                "[0.75] (quiet for 0.75 s)",
                "[1.00] w1: 1 squared is 1",
                "[1.00] w2: 2 squared is 4",
                "[1.75] (quiet for 0.75 s)",
                "[2.00] w1: 3 squared is 9",
                "[2.00] w2: 4 squared is 16",
                "[2.00] (results ended)",
                "[2.50] news: market closes early",
                "[2.50] (news ended)",
                "[2.50] took a.log",
                "[2.50] closed b.log (undelivered)"), r.lines);
        assertEquals(2.5, r.time);
    }
}
