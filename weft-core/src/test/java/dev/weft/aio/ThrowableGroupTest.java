package dev.weft.aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ExceptionGroup and BaseExceptionGroup: which one a set of failures makes, split and subgroup. */
class ThrowableGroupTest {
    private final IOException io = new IOException("io");
    private final IllegalStateException state = new IllegalStateException("state");
    private final AssertionError error = new AssertionError("error");

    @Test
    void ofMakesAnExceptionGroupOnlyWhenEveryMemberIsAnException() {
        assertInstanceOf(ExceptionGroup.class, ThrowableGroup.of("m", List.of(io, state)));
        ThrowableGroup g = ThrowableGroup.of("m", List.of(io, error));
        assertInstanceOf(BaseExceptionGroup.class, g);
        assertInstanceOf(Error.class, g.asThrowable(), "not caught by catch (Exception e), as its Error would not be");
    }

    @Test
    void anExceptionGroupRefusesAnErrorAndNamesTheTypeThatTakesIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExceptionGroup("m", List.of(error)));
        assertTrue(e.getMessage().contains("BaseExceptionGroup"), e.getMessage());
    }

    @Test
    void splitSeparatesMatchesFromTheRestAndKeepsNesting() {
        ExceptionGroup inner = new ExceptionGroup("inner", List.of(io, state));
        BaseExceptionGroup outer = new BaseExceptionGroup("outer", List.of(inner, error, new IOException("io2")));
        ThrowableGroup.Split s = outer.split(IOException.class);
        assertInstanceOf(ExceptionGroup.class, s.match(), "only Exceptions matched");
        assertEquals("outer", s.match().groupMessage());
        ThrowableGroup nested = (ThrowableGroup) s.match().exceptions().get(0);
        assertEquals(List.of(io), nested.exceptions());
        assertEquals("inner", nested.groupMessage());
        assertEquals("io2", s.match().exceptions().get(1).getMessage());
        assertInstanceOf(BaseExceptionGroup.class, s.rest());
        assertEquals(List.of(state), ((ThrowableGroup) s.rest().exceptions().get(0)).exceptions());
        assertSame(error, s.rest().exceptions().get(1));
        assertEquals(outer.getStackTrace().length, s.rest().asThrowable().getStackTrace().length);
    }

    @Test
    void aGroupThatMatchesAsAWholeSplitsIntoItselfAndNothing() {
        ExceptionGroup g = new ExceptionGroup("g", List.of(io));
        ThrowableGroup.Split s = g.split(ExceptionGroup.class);
        assertSame(g, s.match());
        assertNull(s.rest());
    }

    @Test
    void subgroupIsTheMatchingPartOrNull() {
        ExceptionGroup g = new ExceptionGroup("g", List.of(io, state));
        assertEquals(List.of(state), g.subgroup(t -> t instanceof IllegalStateException).exceptions());
        assertSame(g, g.subgroup(t -> t instanceof RuntimeException), "the group itself is a RuntimeException");
        assertNull(g.subgroup(ArithmeticException.class));
    }
}
