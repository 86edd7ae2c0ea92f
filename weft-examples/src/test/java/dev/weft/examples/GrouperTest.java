package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.examples.AveragerResult.Result;
import dev.weft.examples.Grouper.CountAverage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrouperTest {

    @Test
    void reportMatchesPythonsFormatting() throws Exception {
        // The expected lines are what CPython 3.11 prints for the seed's program.
        assertEquals(List.of(
                " 6 boys  averaging 54.00kg",
                " 6 boys  averaging 1.68m",
                " 6 girls averaging 44.00kg",
                " 6 girls averaging 1.58m"), Capture.lines(out -> Grouper.main003(Grouper.data003(), out)));
    }

    @Test
    void resultsOf003ComeFromTheSubgeneratorsReturnValues() {
        Map<String, Result> results = Grouper.main003(Grouper.data003(), Capture.sink());
        assertEquals(List.of("girls;kg", "girls;m", "boys;kg", "boys;m"), List.copyOf(results.keySet()));
        assertEquals(new Result(6, 44.0), results.get("girls;kg"));
        assertEquals(new Result(6, 54.0), results.get("boys;kg"));
        assertEquals(6, results.get("boys;m").count());
        assertEquals(1.675, results.get("boys;m").average(), 1e-12);
    }

    @Test
    void prints004ProgressAndResults() throws Exception {
        assertEquals(List.of(
                "用于计算 boy_weight 的协程创建", "用于计算 boy_weight 的协程终止",
                "用于计算 boy_height 的协程创建", "用于计算 boy_height 的协程终止",
                "用于计算 girl_weight 的协程创建", "用于计算 girl_weight 的协程终止",
                "用于计算 girl_height 的协程创建", "用于计算 girl_height 的协程终止",
                // What CPython 3.11 prints for the seed's program:
                "所有计算结束，计算结果如下： {'boy_weight': (7, 141.28571428571428), 'boy_height': (7, 175.71428571428572), "
                        + "'girl_weight': (9, 104.22222222222223), 'girl_height': (9, 163.0)}"),
                Capture.lines(out -> Grouper.main004(Grouper.data004(), out)));
    }

    @Test
    void results004AreCountAndAverage() {
        Map<String, CountAverage> results = Grouper.main004(Grouper.data004(), Capture.sink());
        assertEquals(new CountAverage(9, 163.0), results.get("girl_height"));
        assertEquals("(9, 163.0)", results.get("girl_height").toString());
    }
}
