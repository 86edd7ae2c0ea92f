package dev.weft.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.gen.Generator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A greenlet belongs to the thread that created it. */
class GreenletThreadTest {

    /** Runs {@code action} on a new platform thread, waits for it, and returns what it threw. */
    private static Throwable thrownOnAnotherThread(Greenlet g, Consumer<Greenlet> action) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("intruder").start(() -> {
            try {
                action.accept(g);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.join();
        return thrown.get();
    }

    private static void assertWrongThread(Throwable e) {
        assertNotNull(e, "expected a wrong-thread error");
        assertTrue(e instanceof IllegalStateException, e.toString());
        String m = e.getMessage();
        assertTrue(m.startsWith("cannot switch to a different thread"), m);
        assertTrue(m.contains("\"intruder\""), "names the calling thread: " + m);
        assertTrue(m.contains("Create it on the thread that will run it"), "names the fix: " + m);
    }

    @Nested
    class FromAnotherThread {
        @Test
        void switchToANewGreenletFails() throws Exception {
            Greenlet g = Greenlet.of(x -> "ran");
            assertWrongThread(thrownOnAnotherThread(g, Greenlet::switchTo));
            assertFalse(g.isStarted(), "the failed switch changed nothing");
            assertEquals("ran", g.switchTo(), "the owner thread can still run it");
        }

        @Test
        void switchToASuspendedGreenletFails() throws Exception {
            Greenlet g = Greenlet.of(x -> Greenlet.current().parent().switchTo("paused"));
            g.switchTo();
            assertWrongThread(thrownOnAnotherThread(g, x -> x.switchTo("v")));
            assertEquals("v", g.switchTo("v"));
        }

        @Test
        void throwInAndKillFail() throws Exception {
            Greenlet g = Greenlet.of(x -> Greenlet.current().parent().switchTo());
            g.switchTo();
            assertWrongThread(thrownOnAnotherThread(g, x -> x.throwIn(new RuntimeException())));
            assertWrongThread(thrownOnAnotherThread(g, Greenlet::kill));
            assertFalse(g.isDead());
            g.kill();
        }

        @Test
        void aThreadRunsItsOwnGreenletsIndependently() throws Exception {
            AtomicReference<Object> result = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> {
                Greenlet a = Greenlet.of(x -> Greenlet.current().parent().switchTo("a paused"));
                a.switchTo();
                result.set(a.switchTo("resumed on its own thread"));
            });
            Greenlet mine = Greenlet.of(x -> "mine");
            t.join();
            assertEquals("resumed on its own thread", result.get());
            assertEquals("mine", mine.switchTo());
        }
    }

    @Test
    void stateCanBeReadFromAnyThread() throws Exception {
        Greenlet g = Greenlet.of("watched", x -> null);
        AtomicReference<String> seen = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> seen.set(g + " dead=" + g.isDead() + " started=" + g.isStarted()));
        t.join();
        assertEquals("Greenlet[watched, NEW] dead=false started=false", seen.get());
        g.switchTo();
    }

    /** What a generator body sees of the greenlets: the same on every strand backend. */
    @Nested
    class InsideAGeneratorBody {
        @Test
        void currentIsTheGreenletDrivingTheGeneratorAndItsParentIsMain() {
            Greenlet main = Greenlet.current();
            List<Greenlet> seen = new ArrayList<>();
            Greenlet g = Greenlet.of(x -> {
                Generator<Greenlet, Void, Void> gen = Generator.of(ctx -> {
                    ctx.yield(Greenlet.current());
                    ctx.yield(Greenlet.current().parent());
                    return null;
                });
                for (Greenlet seenInBody : gen) {
                    seen.add(seenInBody);
                }
                return null;
            });
            g.switchTo();
            assertEquals(List.of(g, main), seen);
        }

        @Test
        void aGeneratorDrivenFromMainSeesMain() {
            Greenlet main = Greenlet.current();
            Generator<Greenlet, Void, Void> gen = Generator.of(ctx -> {
                ctx.yield(Greenlet.current());
                return null;
            });
            assertSame(main, gen.next());
            gen.close();
        }

        @Test
        void aPlainThreadStartedFromAGreenletHasItsOwnMainGreenlet() throws Exception {
            AtomicReference<Greenlet> other = new AtomicReference<>();
            Greenlet g = Greenlet.of(x -> {
                Thread t = Thread.ofPlatform().start(() -> other.set(Greenlet.current()));
                t.join();
                return null;
            });
            g.switchTo();
            assertNotSame(Greenlet.current(), other.get());
            assertNull(other.get().parent(), "a new thread starts at its own main greenlet");
        }
    }
}
