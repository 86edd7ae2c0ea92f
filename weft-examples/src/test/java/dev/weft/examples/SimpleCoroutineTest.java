package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.gen.Generator;
import dev.weft.gen.StopIteration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimpleCoroutineTest {

    @Test
    void bareYieldYieldsNullAndSendEndsIt() {
        Generator<Void, Integer, Void> coro = SimpleCoroutine.simpleCoroutine(Capture.sink());
        assertNull(coro.next());
        assertThrows(StopIteration.class, () -> coro.send(42));
    }

    @Test
    void prints003Session() throws Exception {
        assertEquals(List.of("-> coroutine started", "-> coroutine received: 42", "StopIteration"),
                Capture.lines(SimpleCoroutine::run003));
    }

    @Test
    void prints004SessionWithNone() throws Exception {
        assertEquals(List.of("开始协程", "协程产出了 None", "接收到数据x为: 100", "StopIteration"),
                Capture.lines(SimpleCoroutine::run004));
    }

    @Test
    void runPrintsBothUnderLabels() throws Exception {
        List<String> lines = Capture.lines(SimpleCoroutine::run);
        assertEquals("-- seed 003 --", lines.get(0));
        assertEquals("-- seed 004 --", lines.get(4));
        assertEquals(9, lines.size());
    }
}
