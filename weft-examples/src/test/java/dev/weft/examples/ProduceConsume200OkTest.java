package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.gen.Generator;
import dev.weft.gen.GeneratorState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProduceConsume200OkTest {

    @Test
    void printsTheSeedsOutput() throws Exception {
        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            expected.add("[PRODUCER] →→ Producing " + n + "...");
            expected.add("[CONSUMER] ←← Consuming " + n + "...");
            expected.add("[PRODUCER] Consumer return: 200 OK");
        }
        assertEquals(expected, Capture.lines(ProduceConsume200Ok::run));
    }

    @Test
    void produceClosesTheConsumer() {
        Generator<String, Integer, Void> c = ProduceConsume200Ok.consumer(Capture.sink(), Duration.ZERO);
        ProduceConsume200Ok.produce(c, Capture.sink());
        assertEquals(GeneratorState.CLOSED, c.state());
    }

    @Test
    void consumerAnswersEmptyFirstThen200Ok() {
        Generator<String, Integer, Void> c = ProduceConsume200Ok.consumer(Capture.sink(), Duration.ZERO);
        assertEquals("", c.next());
        assertEquals("200 OK", c.send(1));
    }
}
