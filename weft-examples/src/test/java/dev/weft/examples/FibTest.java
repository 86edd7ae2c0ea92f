package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.gen.Generator;
import dev.weft.gen.GeneratorState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FibTest {

    @Test
    void yieldsTheFirstMaxFibonacciNumbers() {
        List<Integer> values = new ArrayList<>();
        Fib.fib(8).forEachRemaining(values::add);
        assertEquals(List.of(1, 1, 2, 3, 5, 8, 13, 21), values);
    }

    @Test
    void computesNothingUntilAsked() {
        Generator<Integer, Void, Void> f = Fib.fib(3);
        assertEquals(GeneratorState.CREATED, f.state());
        assertEquals(1, f.next());
        assertEquals(GeneratorState.SUSPENDED, f.state());
    }

    @Test
    void printsTheSeedsNumbers() throws Exception {
        assertEquals(List.of("1", "1", "2", "3", "5", "8", "next: 1", "next: 1",
                "Generator[fib, SUSPENDED" + (Boolean.getBoolean("weft.test.woven") ? ", woven" : "") + "]"),
                Capture.lines(Fib::run));
    }
}
