package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.gen.Generator;
import dev.weft.gen.GeneratorState;
import dev.weft.gen.StopIteration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AveragerTest {

    @Test
    void primedAveragerTakesSendAtOnce() {
        Generator<Double, Object, Void> avg = Averager.averager();
        assertEquals(GeneratorState.SUSPENDED, avg.state());
        assertEquals(40.0, avg.send(40));
        assertEquals(45.0, avg.send(50));
        assertEquals(40.0, avg.send(30.0));
    }

    @Test
    void badValueReachesTheCallerAndEndsTheCoroutine() {
        Generator<Double, Object, Void> avg = Averager.averager();
        avg.send(40);
        assertThrows(ClassCastException.class, () -> avg.send("123"));
        assertEquals(GeneratorState.CLOSED, avg.state());
        assertThrows(StopIteration.class, () -> avg.send(60));
    }

    @Test
    void prints003Session() throws Exception {
        assertEquals(List.of(
                "40.0", "45.0",
                "send('123') raised ClassCastException; the coroutine is CLOSED",
                "send(60) raised StopIteration"), Capture.lines(Averager::run003));
    }

    @Test
    void prints004Session() throws Exception {
        assertEquals(List.of(
                "None", "10.0", "15.0", "21.0",
                "10.0", "15.0", "20.0",
                "send('hello') raised ClassCastException; the coroutine is CLOSED",
                "send(100) raised StopIteration"), Capture.lines(Averager::run004));
    }
}
