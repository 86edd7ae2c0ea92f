package dev.weft.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.gen.Generator;
import dev.weft.testing.Steps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Greenlet's switching rules, one nested class per operation; each checked against python3-greenlet. */
class GreenletTest {

    @AfterEach
    void mainIsCurrentAgain() {
        assertTrue(Greenlet.current().isMain(), "a test left a greenlet running: " + Greenlet.current());
    }

    @Nested
    class SwitchTo {
        @Test
        void seedExamplePrints12_56_34_78() {
            List<Integer> out = new ArrayList<>();
            Greenlet[] gr = new Greenlet[2];
            gr[0] = Greenlet.of(() -> {
                out.add(12);
                gr[1].switchTo();
                out.add(34);
                gr[1].switchTo();
            });
            gr[1] = Greenlet.of(() -> {
                out.add(56);
                gr[0].switchTo();
                out.add(78);
            });
            gr[0].switchTo();
            assertEquals(List.of(12, 56, 34, 78), out);
            // t1 ended after its second switch never came back; t2 ended and returned to main.
            assertFalse(gr[0].isDead(), "t1 is still suspended in its second switch, as in greenlet");
            assertTrue(gr[1].isDead());
            // t1's body reaches both greenlets through `gr`, so on the hand-off backend its parked
            // thread keeps it reachable (the documented gap): end it the way greenlet users do.
            gr[0].kill();
            assertTrue(gr[0].isDead());
        }

        @Test
        void firstSwitchPassesItsValueToTheBody() {
            Greenlet g = Greenlet.of(x -> "got " + x);
            assertEquals("got 7", g.switchTo(7));
        }

        @Test
        void switchWithoutValueSendsNull() {
            Greenlet g = Greenlet.of(x -> x == null ? "null" : "not null");
            assertEquals("null", g.switchTo());
        }

        @Test
        void valuesFlowBothWaysAtEachSwitch() {
            Steps steps = new Steps();
            Greenlet main = Greenlet.current();
            Greenlet g = Greenlet.of(x -> {
                steps.expect(2);
                assertEquals("a", x);
                Object y = main.switchTo("b");
                steps.expect(4);
                assertEquals("c", y);
                return "d";
            });
            steps.expect(1);
            assertEquals("b", g.switchTo("a"));
            steps.expect(3);
            assertEquals("d", g.switchTo("c"));
            steps.finish(5);
        }

        @Test
        void switchToSelfReturnsTheValueAtOnce() {
            Greenlet g = Greenlet.of(x -> Greenlet.current().switchTo("me"));
            assertEquals("me", g.switchTo());
            assertEquals(42, Greenlet.current().switchTo(42));
        }

        @Test
        void resultGoesToTheParentNotToTheSwitcher() {
            Steps steps = new Steps();
            Greenlet b = Greenlet.of(x -> {
                steps.expect(3);
                return "b's result";
            });
            Greenlet a = Greenlet.of(x -> {
                steps.expect(2);
                b.switchTo();
                steps.expectUnreached();
                return null;
            });
            steps.expect(1);
            assertEquals("b's result", a.switchTo(), "b's parent is main, so main receives its result");
            assertFalse(a.isDead(), "a is still suspended in its switch to b");
            steps.finish(4);
        }

        @Test
        void resultResumesASuspendedParent() {
            Greenlet main = Greenlet.current();
            Greenlet outer = Greenlet.of(x -> {
                Greenlet inner = Greenlet.of(y -> 2 * (Integer) y);
                Object r = inner.switchTo(21);
                return "outer got " + r;
            });
            assertEquals("outer got 42", outer.switchTo());
            assertSame(main, outer.parent());
        }

        @Test
        void resultStartsAParentThatHasNotStarted() {
            Greenlet p = Greenlet.of(x -> "parent started with " + x);
            Greenlet child = Greenlet.of(x -> "child result");
            child.setParent(p);
            assertEquals("parent started with child result", child.switchTo());
            assertTrue(p.isDead());
        }

        @Test
        void switchToADeadGreenletGoesToItsNearestLiveParent() {
            Greenlet g = Greenlet.of(x -> "done");
            assertEquals("done", g.switchTo());
            assertEquals(5, g.switchTo(5), "the parent (main) is the caller: the value comes straight back");

            Greenlet outer = Greenlet.of(x -> {
                Greenlet inner = Greenlet.of(y -> "inner done");
                inner.switchTo();
                return "outer got " + inner.switchTo("v");
            });
            assertEquals("outer got v", outer.switchTo());
        }

        @Test
        void switchToADeadGreenletSkipsDeadParents() {
            Greenlet p = Greenlet.of(x -> {
                Greenlet c = Greenlet.of(y -> "c done");
                return c;
            });
            Greenlet c = (Greenlet) p.switchTo();
            assertTrue(p.isDead());
            assertFalse(c.isDead());
            assertEquals("c done", c.switchTo());
            assertEquals("carried", c.switchTo("carried"), "c and p are dead: main, the caller, gets it");
        }

        @Test
        void manySwitchesDoNotGrowTheStack() {
            int rounds = 20_000;
            Greenlet[] pp = new Greenlet[2];
            pp[0] = Greenlet.of(x -> {
                int n = (Integer) x;
                while (n < rounds) {
                    n = (Integer) pp[1].switchTo(n + 1);
                }
                return n;
            });
            pp[1] = Greenlet.of(x -> {
                int n = (Integer) x;
                while (true) {
                    n = (Integer) pp[0].switchTo(n + 1);
                }
            });
            assertEquals(rounds, pp[0].switchTo(0));
            pp[1].kill();
        }

        @Test
        void switchingFromInsideAGeneratorIsRefused() {
            Greenlet main = Greenlet.current();
            Greenlet g = Greenlet.of(x -> {
                Generator<Object, Void, Void> gen = Generator.of(ctx -> {
                    main.switchTo("from inside a generator");
                    return null;
                });
                try {
                    gen.next();
                    return "no error";
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
            });
            String msg = (String) g.switchTo();
            // Continuation backend: the generator's continuation is nested in the greenlet's; hand-off
            // backend: the generator's body runs on its own thread. Either way the switch is refused.
            assertTrue(msg.startsWith("cannot switch from inside a nested strand")
                    || msg.startsWith("cannot switch to a different thread"), msg);
            assertTrue(msg.contains("generator"), msg);
            assertTrue(msg.contains("drive the greenlets from outside it"), msg);
        }
    }

    @Nested
    class Exceptions {
        @Test
        void anEscapingExceptionIsRaisedInTheParentAsTheSameObject() {
            IOException boom = new IOException("boom");
            Greenlet g = Greenlet.of(x -> {
                throw boom;
            });
            Throwable e = assertThrows(IOException.class, g::switchTo);
            assertSame(boom, e, "checked exceptions cross unchanged");
            assertTrue(g.isDead());
        }

        @Test
        void anEscapingExceptionResumesASuspendedParentWithIt() {
            Greenlet outer = Greenlet.of(x -> {
                Greenlet inner = Greenlet.of(y -> {
                    throw new IllegalArgumentException("inner failed");
                });
                try {
                    inner.switchTo();
                    return "no exception";
                } catch (IllegalArgumentException e) {
                    return "outer caught " + e.getMessage();
                }
            });
            assertEquals("outer caught inner failed", outer.switchTo());
        }

        @Test
        void anEscapingExceptionSkipsDeadParents() {
            Greenlet p = Greenlet.of(x -> Greenlet.of(y -> {
                throw new IndexOutOfBoundsException("i");
            }));
            Greenlet c = (Greenlet) p.switchTo();
            assertTrue(p.isDead());
            assertThrows(IndexOutOfBoundsException.class, c::switchTo);
        }

        @Test
        void anExceptionForAParentThatHasNotStartedKillsItAndGoesOnUp() {
            Greenlet p = Greenlet.of(x -> {
                throw new AssertionError("the parent must not run");
            });
            Greenlet c = Greenlet.of(x -> {
                throw new NumberFormatException("k");
            });
            c.setParent(p);
            assertThrows(NumberFormatException.class, c::switchTo);
            assertTrue(p.isDead());
            assertFalse(p.isStarted());
        }

        @Test
        void greenletExitEscapingIsSwitchedToTheParentAsAValue() {
            GreenletExit exit = new GreenletExit("bye");
            Greenlet g = Greenlet.of(x -> {
                throw exit;
            });
            assertSame(exit, g.switchTo());
            assertTrue(g.isDead());
        }

        @Test
        void greenletExitIsNotAnException() {
            assertFalse(Exception.class.isAssignableFrom(GreenletExit.class));
        }
    }

    @Nested
    class ThrowIn {
        @Test
        void raisesAtThePendingSwitchAndReturnsWhatIsSwitchedBack() {
            Steps steps = new Steps();
            Greenlet main = Greenlet.current();
            Greenlet g = Greenlet.of(x -> {
                try {
                    main.switchTo("paused");
                    steps.expectUnreached();
                } catch (IllegalStateException e) {
                    steps.expect(3);
                    return main.switchTo("handled " + e.getMessage());
                }
                return null;
            });
            steps.expect(1);
            assertEquals("paused", g.switchTo());
            steps.expect(2);
            assertEquals("handled x", g.throwIn(new IllegalStateException("x")));
            steps.finish(4);
            g.kill();
        }

        @Test
        void anUnhandledThrowEndsTheGreenletAndReachesTheParent() {
            Greenlet g = Greenlet.of(x -> Greenlet.current().parent().switchTo());
            g.switchTo();
            RuntimeException e = new RuntimeException("unhandled");
            assertSame(e, assertThrows(RuntimeException.class, () -> g.throwIn(e)));
            assertTrue(g.isDead());
        }

        @Test
        void anUnhandledThrowGoesToTheTargetsParentNotToTheThrower() {
            Steps steps = new Steps();
            Greenlet main = Greenlet.current();
            Greenlet victim = Greenlet.of(x -> main.switchTo("victim paused"));
            assertEquals("victim paused", victim.switchTo());
            Greenlet thrower = Greenlet.of(x -> {
                steps.expect(2);
                victim.throwIn(new ArrayStoreException("from thrower"));
                steps.expectUnreached();
                return null;
            });
            steps.expect(1);
            var e = assertThrows(ArrayStoreException.class, thrower::switchTo, "victim's parent is main");
            assertEquals("from thrower", e.getMessage());
            assertTrue(victim.isDead());
            assertFalse(thrower.isDead(), "the thrower is still suspended in its throwIn");
            steps.finish(3);
            thrower.kill();
        }

        @Test
        void intoANewGreenletItDiesWithoutRunningAndTheParentGetsIt() {
            Steps steps = new Steps();
            Greenlet main = Greenlet.current();
            Greenlet p = Greenlet.of(x -> {
                try {
                    main.switchTo("p suspended");
                    steps.expectUnreached();
                    return null;
                } catch (UnsupportedOperationException e) {
                    steps.expect(2);
                    return "p got " + e.getMessage();
                }
            });
            assertEquals("p suspended", p.switchTo());
            Greenlet g = Greenlet.of(x -> {
                steps.expectUnreached();
                return null;
            });
            g.setParent(p);
            steps.expect(1);
            assertEquals("p got into unstarted", g.throwIn(new UnsupportedOperationException("into unstarted")));
            assertTrue(g.isDead());
            assertFalse(g.isStarted());
            steps.finish(3);
        }

        @Test
        void intoADeadGreenletRaisesInItsNearestLiveParent() {
            Greenlet g = Greenlet.of(x -> "done");
            g.switchTo();
            IllegalStateException e = new IllegalStateException("dead");
            assertSame(e, assertThrows(IllegalStateException.class, () -> g.throwIn(e)));
        }

        @Test
        void aZeroArgumentBodyThatReturnsAValueSwitchesItToTheParent() {
            assertEquals(42, Greenlet.of(() -> 42).switchTo());
            assertEquals("named", Greenlet.of("g", () -> "named").switchTo());
            List<String> ran = new ArrayList<>();
            assertNull(Greenlet.of(() -> { ran.add("action"); }).switchTo(), "a void body still gives null");
            assertEquals(List.of("action"), ran);
        }

        /** Issue 11 §8: greenlet turns a GreenletExit thrown into a dead greenlet into a return value. */
        @Test
        void aGreenletExitIntoADeadGreenletIsReturnedAsTheValueNotRaised() {
            Greenlet g = Greenlet.of(x -> "done");
            g.switchTo();
            GreenletExit exit = new GreenletExit();
            assertSame(exit, g.throwIn(exit));
            assertTrue(g.isDead());
        }

        @Test
        void intoSelfThrowsAtOnce() {
            Greenlet g = Greenlet.of(x -> {
                try {
                    Greenlet.current().throwIn(new ArithmeticException("self"));
                    return "not thrown";
                } catch (ArithmeticException e) {
                    return "caught " + e.getMessage();
                }
            });
            assertEquals("caught self", g.switchTo());
        }

        @Test
        void intoMainRaisesAtMainsPendingSwitch() {
            Greenlet main = Greenlet.current();
            Greenlet g = Greenlet.of(x -> main.throwIn(new IllegalArgumentException("to main")));
            var e = assertThrows(IllegalArgumentException.class, g::switchTo);
            assertEquals("to main", e.getMessage());
            assertFalse(g.isDead(), "g is suspended in its throwIn");
            g.kill();
        }

        @Test
        void greenletExitIntoMainIsRaisedThereNotSwallowed() {
            Greenlet main = Greenlet.current();
            Greenlet g = Greenlet.of(x -> main.throwIn(new GreenletExit()));
            assertThrows(GreenletExit.class, g::switchTo);
            assertFalse(main.isDead());
            g.kill();
        }
    }

    @Nested
    class Kill {
        @Test
        void killEndsASuspendedGreenletQuietlyAndRunsItsFinallyBlocks() {
            Steps steps = new Steps();
            Greenlet g = Greenlet.of(x -> {
                try {
                    Greenlet.current().parent().switchTo("paused");
                    steps.expectUnreached();
                } catch (Exception e) {
                    steps.expectUnreached(); // GreenletExit is not an Exception
                } finally {
                    steps.expect(2);
                }
                return null;
            });
            g.switchTo();
            steps.expect(1);
            Object r = g.kill();
            assertTrue(r instanceof GreenletExit, "the GreenletExit comes back as a value: " + r);
            assertTrue(g.isDead());
            steps.finish(3);
        }

        @Test
        void killOfANewGreenletEndsItWithoutRunning() {
            Greenlet g = Greenlet.of(x -> {
                throw new AssertionError("must not run");
            });
            assertTrue(g.kill() instanceof GreenletExit);
            assertTrue(g.isDead());
            assertFalse(g.isStarted());
        }

        @Test
        void killOfADeadGreenletDoesNothing() {
            Greenlet g = Greenlet.of(x -> "r");
            g.switchTo();
            assertNull(g.kill());
        }

        @Test
        void aBodyMayCatchGreenletExitAndReturnAValue() {
            Greenlet g = Greenlet.of(x -> {
                try {
                    Greenlet.current().parent().switchTo();
                    return "normal";
                } catch (GreenletExit e) {
                    return "caught";
                }
            });
            g.switchTo();
            assertEquals("caught", g.kill());
            assertTrue(g.isDead());
        }

        @Test
        void throwInOfAGreenletExitSubclassReturnsIt() {
            class MyExit extends GreenletExit {
                MyExit() {
                    super("mine");
                }
            }
            Greenlet g = Greenlet.of(x -> Greenlet.current().parent().switchTo());
            g.switchTo();
            MyExit mine = new MyExit();
            assertSame(mine, g.throwIn(mine));
        }
    }

    @Nested
    class Current {
        @Test
        void eachThreadHasAMainGreenletThatIsStartedAndNeverDead() throws Exception {
            Greenlet main = Greenlet.current();
            assertTrue(main.isMain());
            assertTrue(main.isStarted());
            assertFalse(main.isDead());
            assertNull(main.parent());
            assertSame(main, Greenlet.current(), "created once per thread");
            AtomicReference<Greenlet> other = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> other.set(Greenlet.current()));
            t.join();
            assertTrue(other.get().isMain());
            assertNotSame(main, other.get());
        }

        @Test
        void insideABodyCurrentIsThatGreenlet() {
            AtomicReference<Greenlet> seen = new AtomicReference<>();
            Greenlet g = Greenlet.of(() -> seen.set(Greenlet.current()));
            g.switchTo();
            assertSame(g, seen.get());
        }

        @Test
        void greenletsCreatedInsideABodyHaveItAsParent() {
            Greenlet g = Greenlet.of(x -> Greenlet.of(y -> null));
            Greenlet child = (Greenlet) g.switchTo();
            assertSame(g, child.parent());
        }
    }

    @Nested
    class Parent {
        @Test
        void defaultParentIsTheCreatorsCurrentGreenlet() {
            assertSame(Greenlet.current(), Greenlet.of(x -> null).parent());
        }

        @Test
        void setParentDecidesWhoReceivesTheResult() {
            Greenlet main = Greenlet.current();
            Greenlet collector = Greenlet.of(x -> main.switchTo("collector got " + x));
            Greenlet worker = Greenlet.of(x -> "work");
            worker.setParent(collector);
            assertEquals("collector got work", worker.switchTo());
            collector.kill();
        }

        @Test
        void aCycleIsRefused() {
            Greenlet a = Greenlet.of(x -> null);
            Greenlet b = Greenlet.of(x -> null);
            b.setParent(a);
            var e = assertThrows(IllegalArgumentException.class, () -> a.setParent(b));
            assertTrue(e.getMessage().startsWith("cyclic parent chain"), e.getMessage());
            assertTrue(e.getMessage().contains("choose a parent that does not descend from it"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.setParent(a));
            assertSame(Greenlet.current(), a.parent(), "a refused setParent changes nothing");
        }

        @Test
        void theMainGreenletsParentCannotBeSet() {
            Greenlet main = Greenlet.current();
            var e = assertThrows(IllegalStateException.class, () -> main.setParent(Greenlet.of(x -> null)));
            assertTrue(e.getMessage().startsWith("cannot set the parent of a main greenlet"), e.getMessage());
        }

        @Test
        void nullIsRefused() {
            Greenlet g = Greenlet.of(x -> null);
            var e = assertThrows(NullPointerException.class, () -> g.setParent(null));
            assertTrue(e.getMessage().contains("main greenlet"), e.getMessage());
        }

        @Test
        void aParentOnAnotherThreadIsRefused() throws Exception {
            Greenlet g = Greenlet.of(x -> null);
            AtomicReference<Greenlet> other = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> other.set(Greenlet.current()));
            t.join();
            var e = assertThrows(IllegalArgumentException.class, () -> g.setParent(other.get()));
            assertTrue(e.getMessage().startsWith("parent cannot be on a different thread"), e.getMessage());
            assertTrue(e.getMessage().contains("same thread"), e.getMessage());
        }
    }

    @Nested
    class States {
        @Test
        void stateFollowsTheTableAndToStringShowsIt() {
            Greenlet main = Greenlet.current();
            AtomicReference<String> whileRunning = new AtomicReference<>();
            Greenlet g = Greenlet.of("worker", x -> {
                whileRunning.set(Greenlet.current().toString());
                return main.switchTo();
            });
            assertEquals("Greenlet[worker, NEW]", g.toString());
            assertFalse(g.isStarted());
            assertFalse(g.isDead());
            g.switchTo();
            assertEquals("Greenlet[worker, RUNNING]", whileRunning.get());
            assertEquals("Greenlet[worker, SUSPENDED]", g.toString());
            assertTrue(g.isStarted());
            g.switchTo();
            assertEquals("Greenlet[worker, DEAD]", g.toString());
            assertTrue(g.isStarted());
            assertTrue(g.isDead());
        }

        @Test
        void mainShowsItsThread() {
            String s = Greenlet.current().toString();
            assertTrue(s.startsWith("Greenlet[main of thread \"" + Thread.currentThread().getName() + "\""), s);
            assertTrue(s.endsWith(", RUNNING]"), s);
        }

        @Test
        void stackTraceShowsWhereASuspendedGreenletIsPaused() {
            Greenlet g = Greenlet.of(GreenletTest::pauseHere);
            g.switchTo();
            boolean found = false;
            for (StackTraceElement e : g.stackTrace()) {
                found |= e.getMethodName().equals("pauseHere");
            }
            assertTrue(found, "pauseHere is on the suspended stack");
            g.kill();
            assertEquals(0, g.stackTrace().length);
        }
    }

    static Object pauseHere(Object x) {
        return Greenlet.current().parent().switchTo();
    }
}
