package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.gen.Generator;
import java.util.List;
import org.junit.jupiter.api.Test;

class LazyRangeTest {

    @Test
    void bothVersionsYieldZeroToUpToMinusOne() {
        assertEquals(List.of(0, 1, 2, 3, 4), LazyRange.lazyRange(5).stream().toList());
        assertEquals(List.of(0, 1, 2, 3, 4), LazyRange.refactoredLazyRange(5).stream().toList());
        assertEquals(List.of(), LazyRange.refactoredLazyRange(0).stream().toList());
    }

    @Test
    void isLazy() {
        Generator<Integer, Void, Void> g = LazyRange.lazyRange(Integer.MAX_VALUE);
        assertEquals(List.of(0, 1, 2), g.stream().limit(3).toList());
    }

    @Test
    void printsBothLists() throws Exception {
        assertEquals(List.of("[0, 1, 2, 3, 4]", "[0, 1, 2, 3, 4]"), Capture.lines(LazyRange::run));
    }
}
