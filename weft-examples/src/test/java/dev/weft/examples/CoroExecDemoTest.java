package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.examples.CoroExecDemo.DemoException;
import dev.weft.gen.Generator;
import dev.weft.gen.GeneratorState;
import dev.weft.gen.StopIteration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoroExecDemoTest {

    @Test
    void handledThrowReturnsTheNextValue() {
        Generator<Integer, Integer, Void> coro = CoroExecDemo.coroExecDemo(3, Capture.sink());
        assertEquals(1, coro.send(100));
        assertEquals(2, coro.throwIn(new DemoException()));
        assertThrows(StopIteration.class, () -> coro.send(200));
    }

    @Test
    void closeOfTheBareExceptVersionFailsAndLeavesItSuspended() {
        Generator<Integer, Integer, Void> coro = CoroExecDemo.coroExecDemo(3, Capture.sink());
        coro.send(100);
        IllegalStateException e = assertThrows(IllegalStateException.class, coro::close);
        assertTrue(e.getMessage().startsWith("generator ignored GeneratorExit"), e.getMessage());
        assertEquals(GeneratorState.SUSPENDED, coro.state());
    }

    @Test
    void closeOfTheImprovedVersionEndsIt() {
        Generator<Integer, Integer, Void> coro = CoroExecDemo.improvedCoroExecDemo(3, Capture.sink());
        coro.send(100);
        assertNull(coro.close());
        assertEquals(GeneratorState.CLOSED, coro.state());
    }

    @Test
    void unhandledThrowReachesTheCallerAndEndsIt() {
        Generator<Integer, Integer, Void> coro = CoroExecDemo.improvedCoroExecDemo(3, Capture.sink());
        coro.send(100);
        ArithmeticException thrown = new ArithmeticException("division by zero");
        assertEquals(thrown, assertThrows(ArithmeticException.class, () -> coro.throwIn(thrown)));
        assertEquals(GeneratorState.CLOSED, coro.state());
    }

    @Test
    void noLimitMeansEndless() {
        Generator<Integer, Integer, Void> coro = CoroExecDemo.improvedCoroExecDemo(null, Capture.sink());
        for (int i = 1; i <= 1000; i++) {
            assertEquals(i, coro.next());
        }
        coro.close();
    }

    @Test
    void printsTheThrowHandledSession() throws Exception {
        assertEquals(List.of("接收到数据 100 ", "1", "yield处发生异常", "2", "接收到数据 200 ", "协程结束", "StopIteration"),
                Capture.lines(CoroExecDemo::runThrowHandled));
    }

    @Test
    void printsTheCloseIgnoredSession() throws Exception {
        assertEquals(List.of(
                "接收到数据 100 ", "1",
                "yield处发生异常",
                "IllegalStateException: generator ignored GeneratorExit",
                "SUSPENDED",
                "yield处发生异常", "协程结束", "None"), Capture.lines(CoroExecDemo::runCloseIgnored));
    }

    @Test
    void printsTheImprovedCloseSession() throws Exception {
        assertEquals(List.of("接收到数据 100 ", "1", "None", "CLOSED"), Capture.lines(CoroExecDemo::runCloseImproved));
    }

    @Test
    void printsTheUnhandledThrowSession() throws Exception {
        assertEquals(List.of("接收到数据 100 ", "1", "ArithmeticException: division by zero", "CLOSED", "StopIteration"),
                Capture.lines(CoroExecDemo::runThrowUnhandled));
    }
}
