package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.gen.Generator;
import dev.weft.gen.StopIteration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BottomMiddleTopTest {

    @Test
    void valueGoesUpAndResultComesBackThroughTwoLevels() {
        Generator<Integer, Integer, Integer> gen = BottomMiddleTop.top();
        assertEquals(42, gen.next());
        StopIteration stop = assertThrows(StopIteration.class, () -> gen.send(84));
        assertEquals(84, stop.value());
        assertEquals(84, gen.returnValue());
    }

    @Test
    void prints42Then84() throws Exception {
        assertEquals(List.of("42", "84"), Capture.lines(BottomMiddleTop::run));
    }
}
