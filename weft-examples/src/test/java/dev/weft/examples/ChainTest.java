package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChainTest {

    @Test
    void bothChainsYieldEveryItemInOrder() {
        List<Object> a = Chain.<Object>chain(List.of(1, 2), Set.of("x"), List.of()).stream().toList();
        List<Object> b = Chain.<Object>improvedChain(List.of(1, 2), Set.of("x"), List.of()).stream().toList();
        assertEquals(List.of(1, 2, "x"), a);
        assertEquals(a, b);
    }

    @Test
    void printsListThenDictKeysThenTupleTwice() throws Exception {
        List<String> once = List.of("1", "2", "3", "a", "b", "8", "9", "0");
        List<String> expected = new ArrayList<>();
        expected.add("-- chain --");
        expected.addAll(once);
        expected.add("-- improved_chain --");
        expected.addAll(once);
        assertEquals(expected, Capture.lines(Chain::run));
    }
}
