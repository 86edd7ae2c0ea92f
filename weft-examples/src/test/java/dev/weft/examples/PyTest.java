package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PyTest {

    @Test
    void strFollowsPython() {
        assertEquals("None", Py.str(null));
        assertEquals("True", Py.str(true));
        assertEquals("15.0", Py.str(15.0));
        assertEquals("141.28571428571428", Py.str(989.0 / 7));
        assertEquals("1.5750000000000002", Py.str(1.5750000000000002));
        assertEquals("100.0", Py.str(100.0));
        assertEquals("0.0001", Py.str(0.0001));
        assertEquals("1e-05", Py.str(0.00001));
        assertEquals("1e+16", Py.str(1e16));
        assertEquals("-0.0", Py.str(-0.0));
        assertEquals("hi", Py.str("hi"));
    }

    @Test
    void reprQuotesStringsInsideContainers() {
        assertEquals("['A', 1, None]", Py.repr(Arrays.asList("A", 1, null)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", 2.5);
        assertEquals("{'k': 2.5}", Py.repr(m));
        assertEquals("(7, 1.0)", Py.tuple(7, 1.0));
        assertEquals("(7,)", Py.tuple(7));
    }

    @Test
    void fixedRoundsTheExactBinaryValue() {
        assertEquals("1.68", Py.fixed(1.675, 2)); // 1.675 is 1.67500000000000004440892098500626...
        assertEquals("1.58", Py.fixed(1.5750000000000002, 2));
        assertEquals("2.67", Py.fixed(2.675, 2)); // 2.67499999999999982236431605997495353221893310546875
        assertEquals("0.12", Py.fixed(0.125, 2)); // an exact tie rounds to even, as in Python
        assertEquals("54.00", Py.fixed(54.0, 2));
    }
}
