package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.examples.AveragerResult.Result;
import dev.weft.gen.Generator;
import dev.weft.gen.StopIteration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AveragerResultTest {

    @Test
    void returnsResultThroughStopIteration() {
        Generator<Void, Double, Result> avg = AveragerResult.averager();
        avg.next();
        avg.send(10.0);
        avg.send(20.0);
        StopIteration stop = assertThrows(StopIteration.class, () -> avg.send(null));
        assertEquals(new Result(2, 15.0), stop.value());
        assertEquals(new Result(2, 15.0), avg.returnValue());
    }

    @Test
    void resultPrintsLikePythonsNamedtuple() {
        assertEquals("Result(count=2, average=15.0)", new Result(2, 15.0).toString());
        assertEquals("Result(count=0, average=None)", new Result(0, null).toString());
    }

    @Test
    void sessionsReturnAndPrintTheirResults() throws Exception {
        assertEquals(new Result(2, 15.0), AveragerResult.run003(Capture.sink()));
        assertEquals(20.0, AveragerResult.run004(Capture.sink()));
        assertEquals(List.of("Result(count=2, average=15.0)"), Capture.lines(AveragerResult::run003));
        assertEquals(List.of("平均值结果为：20.0"), Capture.lines(AveragerResult::run004));
    }
}
