package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorWordTest {

    private static final List<Object> EXPECTED = List.of("A", "B", "C", "D", "E", 1, 2);

    @Test
    void loopAndYieldFromVersionsYieldTheSame() {
        assertEquals(EXPECTED, GeneratorWord.generatorWord().stream().toList());
        assertEquals(EXPECTED, GeneratorWord.generatorWordYieldFrom().stream().toList());
    }

    @Test
    void printsPythonsListRepr() throws Exception {
        assertEquals(List.of("['A', 'B', 'C', 'D', 'E', 1, 2]", "['A', 'B', 'C', 'D', 'E', 1, 2]"),
                Capture.lines(GeneratorWord::run));
    }
}
