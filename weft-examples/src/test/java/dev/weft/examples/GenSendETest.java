package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.gen.Generator;
import dev.weft.gen.GeneratorState;
import dev.weft.gen.StopIteration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenSendETest {

    @Test
    void sendingEEndsTheGenerator() {
        Generator<Object, String, Void> g = GenSendE.gen();
        assertEquals(0, g.send(null));
        assertEquals("got: hello", g.send("hello"));
        assertEquals("got: x", g.send("x"));
        assertThrows(StopIteration.class, () -> g.send("e"));
        assertEquals(GeneratorState.CLOSED, g.state());
    }

    @Test
    void printsTheSeedsSession() throws Exception {
        assertEquals(List.of("0", "got: hello", "StopIteration", "CLOSED"), Capture.lines(GenSendE::run));
    }
}
