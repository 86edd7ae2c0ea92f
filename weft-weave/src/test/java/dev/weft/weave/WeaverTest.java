package dev.weft.weave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.gen.Generator;
import dev.weft.gen.StopIteration;
import dev.weft.pipe.Sink;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every body shape of {@code shapes.Shapes}, driven the same way on the class as javac compiled it
 * (stackful) and as the weaver rewrote it (woven, loaded with the verifier on): same transcript,
 * and the woven generators really are woven. Each refused shape stays stackful, with its reason.
 */
class WeaverTest {
    static final String SHAPES = "dev.weft.weave.shapes.Shapes";
    static Weaver.Result result;
    static Class<?> woven;

    /** Loads the shapes classes woven; everything else (weft-core, JUnit) from the parent. */
    static final class WovenLoader extends ClassLoader {
        final List<Weaver.Result> results = new ArrayList<>();

        WovenLoader() {
            super(WeaverTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(SHAPES)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes = bytes(name);
                    Weaver.Result r = new Weaver(getParent()).weave(bytes);
                    results.add(r);
                    byte[] out = r.bytes() != null ? r.bytes() : bytes;
                    c = defineClass(name, out, 0, out.length);
                }
                return c;
            }
        }
    }

    static byte[] bytes(String name) {
        try (InputStream in = WeaverTest.class.getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @BeforeAll
    static void weave() throws Exception {
        WovenLoader loader = new WovenLoader();
        woven = Class.forName(SHAPES, true, loader);
        result = loader.results.get(0);
    }

    /** Runs a script against the generator and records what each step returned or threw. */
    static List<String> drive(Generator<Object, Object, Object> g, List<Function<Generator<Object, Object, Object>, Object>> script) {
        List<String> out = new ArrayList<>();
        for (var step : script) {
            try {
                out.add("-> " + step.apply(g));
            } catch (StopIteration e) {
                out.add("stop " + e.value());
            } catch (RuntimeException | Error e) {
                // the same message on both paths, but for toString's ", woven"
                out.add("threw " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace(", woven]", "]"));
            }
        }
        out.add("state " + g.state());
        return out;
    }

    @SuppressWarnings("unchecked")
    static Generator<Object, Object, Object> make(Class<?> c, String method, Object... args) throws Exception {
        for (Method m : c.getMethods()) {
            if (m.getName().equals(method)) {
                Object target = java.lang.reflect.Modifier.isStatic(m.getModifiers()) ? null
                        : c.getConstructor(String.class).newInstance("p");
                return (Generator<Object, Object, Object>) m.invoke(target, args);
            }
        }
        throw new AssertionError("no method " + method);
    }

    static List<Function<Generator<Object, Object, Object>, Object>> nexts(int n) {
        List<Function<Generator<Object, Object, Object>, Object>> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.add(Generator::next);
        }
        return s;
    }

    /** Drives the shape both ways, checks the woven one is woven, and returns the transcript. */
    static List<String> same(String method, List<Function<Generator<Object, Object, Object>, Object>> script,
            Object... args) throws Exception {
        Generator<Object, Object, Object> plain = make(Class.forName(SHAPES), method, args);
        Generator<Object, Object, Object> compiled = make(woven, method, args);
        assertFalse(plain.isWoven());
        assertTrue(compiled.isWoven(), method + " was not woven: " + result.refused());
        List<String> expected = drive(plain, script);
        assertEquals(expected, drive(compiled, script));
        return expected;
    }

    @Nested
    class CompiledShapes {
        @Test
        void valuesOnTheOperandStackSurviveAYield() throws Exception {
            List<String> t = same("operandStack", List.of(Generator::next, g -> g.send(5), g -> g.send(null),
                    g -> g.send(16), g -> g.send(null), g -> g.send(7), g -> g.send(null)));
            assertEquals("stop null/21,null/5 = 21", t.get(5));
        }

        @Test
        void stringConcatenationAndEveryPrimitiveLocal() throws Exception {
            List<String> t = same("concatAndWidePrimitives", List.of(Generator::next, g -> g.send("MID"), Generator::next));
            assertEquals("-> a1099511627776MID0.5z", t.get(1));
            assertEquals("stop 1099511627779 1.5 1.25 x true 7 300", t.get(2));
        }

        @Test
        void yieldsInTryCatchAndFinallyMeetTheRightHandlers() throws Exception {
            List<List<Function<Generator<Object, Object, Object>, Object>>> scripts = List.of(
                    List.of(Generator::next, g -> g.throwIn(new IllegalArgumentException("bad")), Generator::next, Generator::next),
                    List.of(Generator::next, Generator::close),
                    List.of(Generator::next, Generator::next, Generator::next, Generator::close),
                    List.of(Generator::next, Generator::next, g -> g.throwIn(new IllegalStateException("up"))));
            for (var script : scripts) {
                List<String> plainLog = new ArrayList<>();
                List<String> wovenLog = new ArrayList<>();
                Generator<Object, Object, Object> plain = make(Class.forName(SHAPES), "tryCatchFinally", plainLog);
                Generator<Object, Object, Object> compiled = make(woven, "tryCatchFinally", wovenLog);
                assertTrue(compiled.isWoven());
                assertEquals(drive(plain, script), drive(compiled, script));
                assertEquals(plainLog, wovenLog);
            }
            List<String> log = new ArrayList<>();
            Generator<Object, Object, Object> g = make(woven, "tryCatchFinally", log);
            assertEquals(List.of("-> in try", "-> caught bad", "-> in finally", "stop returned", "state CLOSED"),
                    drive(g, scripts.get(0)));
            assertEquals(List.of("inner finally", "outer finally"), log);
        }

        @Test
        void nestedLoopsAndPatternSwitches() throws Exception {
            List<Function<Generator<Object, Object, Object>, Object>> script = nexts(8);
            script.add(g -> g.send("stop"));
            script.addAll(nexts(3));
            same("loopsAndSwitches", script);
        }

        @Test
        void anInstanceLambdaKeepsThisAndCapturedValues() throws Exception {
            List<String> t = same("instanceLambda", nexts(4), 3);
            assertEquals(List.of("-> p0!", "-> p1!", "-> p2!", "stop 3", "state CLOSED"), t);
        }

        @Test
        void aGeneratorCreatedInsideAGeneratorIsWovenToo() throws Exception {
            List<String> t = same("nested", List.of(Generator::next, g -> g.send("S"), Generator::next,
                    Generator::next, Generator::next));
            assertEquals("stop outer got inner done", t.get(4));
            make(woven, "nested").next();
            assertTrue(((Generator<?, ?, ?>) woven.getField("lastInner").get(null)).isWoven());
        }

        @Test
        @SuppressWarnings("unchecked")
        void aPrimedSinkCoroutine() throws Exception {
            List<String> plainOut = new ArrayList<>();
            List<String> wovenOut = new ArrayList<>();
            Sink<String> plain = (Sink<String>) Class.forName(SHAPES).getMethod("collector", List.class).invoke(null, plainOut);
            Sink<String> compiled = (Sink<String>) woven.getMethod("collector", List.class).invoke(null, wovenOut);
            assertTrue(compiled.coroutine().isWoven());
            for (Sink<String> s : List.of(plain, compiled)) {
                assertEquals(1, s.send("a"));
                assertEquals(2, s.send("b"));
                s.close();
            }
            assertEquals(plainOut, wovenOut);
            assertEquals(List.of("0:a", "1:b", "closed after 2"), wovenOut);
        }
    }

    @Nested
    class RefusedShapes {
        void staysStackful(String method, String reason) throws Exception {
            Generator<Object, Object, Object> g = make(woven, method);
            assertFalse(g.isWoven(), method);
            assertTrue(result.refused().stream().anyMatch(r -> r.contains(reason)),
                    "no refusal containing '" + reason + "' in " + result.refused());
            List<String> t = drive(g, nexts(2));
            assertEquals(drive(make(Class.forName(SHAPES), method), nexts(2)), t);
        }

        @Test
        void aContextPassedToAHelper() throws Exception {
            staysStackful("contextPassed", "used other than as the receiver");
        }

        @Test
        void aYieldInsideSynchronized() throws Exception {
            staysStackful("synchronizedYield", "synchronized block");
        }

        @Test
        void anObjectUnderConstructionAtAYield() throws Exception {
            staysStackful("newAroundYield", "under construction");
        }

        @Test
        void aMethodReference() throws Exception {
            staysStackful("methodReference", "method reference");
        }

        @Test
        void aContextCapturedByAnotherLambda() throws Exception {
            staysStackful("contextCaptured", "used other than as the receiver");
        }
    }

    @Nested
    class Errors {
        @Test
        void aClassFileThatCannotBeParsedIsLeftUnchangedAndReported() {
            byte[] junk = "not a class, but mentions dev/weft/gen/Generator$Body".getBytes();
            Weaver.Result r = new Weaver(getClass().getClassLoader()).weave(junk);
            assertNull(r.bytes());
            assertEquals(1, r.refused().size());
            assertTrue(r.refused().get(0).contains("the weaver failed"), r.refused().toString());
        }

        @Test
        void aClassWithoutBodiesIsNotTouched() {
            Weaver.Result r = new Weaver(getClass().getClassLoader()).weave(bytes(WeaverTest.class.getName()));
            assertNull(r.bytes());
        }

        @Test
        void theWovenClassWasRewritten() {
            assertNotNull(result.bytes());
            assertTrue(result.woven().size() >= 8, result.woven().toString());
        }
    }
}
