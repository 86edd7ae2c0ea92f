package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.gen.Generator;
import dev.weft.gen.StopIteration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumerProducerStatusTest {

    @Test
    void consumerStopsAtThreeAndTheMainProgramEnds() throws Exception {
        assertEquals(List.of("我拿到了5", "我拿到了4", "我拿到了3", "我只要3,4,5就行啦", "程序结束"),
                Capture.lines(ConsumerProducerStatus::run));
    }

    @Test
    void producerYieldsEachStatusOfTheConsumer() {
        Generator<Boolean, Integer, Void> c = ConsumerProducerStatus.consumer(Capture.sink());
        c.send(null);
        Generator<Boolean, Void, Void> p = ConsumerProducerStatus.producer(c);
        assertEquals(true, p.next());
        assertEquals(true, p.next());
        assertEquals(false, p.next());
    }

    @Test
    void seedsLiteralConsumerEndsTheProducerWithPep479Error() {
        // The seed's `while status` consumer returns at 3, so send(3) raises StopIteration inside
        // the producer; as in Python 3.7+, that becomes an error instead of silently ending it.
        Generator<Boolean, Integer, Void> c = ConsumerProducerStatus.literalConsumer(Capture.sink());
        c.send(null);
        Generator<Boolean, Void, Void> p = ConsumerProducerStatus.producer(c);
        assertEquals(true, p.next());
        assertEquals(true, p.next());
        IllegalStateException e = assertThrows(IllegalStateException.class, p::next);
        assertTrue(e.getMessage().startsWith("generator raised StopIteration"), e.getMessage());
        assertTrue(e.getCause() instanceof StopIteration);
    }
}
