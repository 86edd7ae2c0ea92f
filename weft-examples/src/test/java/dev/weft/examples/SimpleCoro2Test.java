package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.gen.Generator;
import dev.weft.gen.StopIteration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimpleCoro2Test {

    @Test
    void yieldsAThenAPlusB() {
        Generator<Integer, Integer, Void> coro = SimpleCoro2.simpleCoro2(14, Capture.sink());
        assertEquals(14, coro.next());
        assertEquals(42, coro.send(28));
        assertThrows(StopIteration.class, () -> coro.send(99));
    }

    @Test
    void prints003SessionWith14() throws Exception {
        assertEquals(List.of(
                "-> Started: a = 14", "14",
                "-> Received: b = 28", "42",
                "-> Received: c = 99", "StopIteration"), Capture.lines(SimpleCoro2::run003));
    }

    @Test
    void prints004SessionWith10AndStates() throws Exception {
        assertEquals(List.of(
                "CREATED",
                "协程开始运行, 传入a：10", "10",
                "SUSPENDED",
                "协程接收到数据b：20", "30",
                "协程接收到数据c：100", "StopIteration",
                "CLOSED"), Capture.lines(SimpleCoro2::run004));
    }
}
