package dev.weft.green;

import static dev.weft.green.Gevent.sleep;
import static dev.weft.green.Gevent.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.aio.CancelledError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The spawned task's handle: gevent's Greenlet surface (get, join, state, kill, links, toString). */
class GreenTaskTest extends VirtualHub {

    @Nested
    class Outcome {
        @Test
        void aReturnedValueIsItsValueAndItIsSuccessful() {
            GreenTask<Integer> g = spawn("answer", () -> {
                sleep(1);
                return 42;
            });
            assertFalse(g.ready());
            assertNull(g.value());
            assertEquals(42, g.get());
            assertTrue(g.ready() && g.dead() && g.successful());
            assertNull(g.exception());
            assertNull(g.greenletExit());
            assertEquals(42, g.value());
            assertEquals("GreenTask[answer, dead: value=42]", g.toString());
        }

        @Test
        void aThrownExceptionIsRethrownByGetAsTheSameObject() {
            IOException boom = new IOException("boom");
            GreenTask<Integer> g = spawn("failing", () -> {
                sleep(1);
                throw boom;
            });
            assertSame(boom, assertThrows(IOException.class, g::get));
            assertSame(boom, g.exception());
            assertFalse(g.successful());
            assertNull(g.value());
            assertEquals("GreenTask[failing, dead: failed java.io.IOException: boom]", g.toString());
        }

        @Test
        void aFailureIsReportedByTheHubOnceAtTheMomentItHappens() {
            GreenTask<Integer> g = spawn("failing", () -> {
                throw new IllegalStateException("nope");
            });
            sleep(1);
            assertEquals(1, reports.size(), reportMessages().toString());
            assertSame(g.exception(), reports.getFirst().exception());
            assertSame(g.task(), reports.getFirst().future());
            assertTrue(reportMessages().getFirst().contains("linkException"), reportMessages().toString());
        }

        @Test
        void startedAndPendingShowInToString() {
            GreenTask<Integer> g = spawn("s", () -> {
                sleep(5);
                return 1;
            });
            assertEquals("GreenTask[s, pending]", g.toString());
            sleep(1);
            assertTrue(g.started());
            assertEquals("GreenTask[s, started]", g.toString());
        }
    }

    @Nested
    class Current {
        @Test
        void insideAGreenTaskCurrentIsItsHandle() {
            GreenTask<?>[] seen = new GreenTask<?>[1];
            GreenTask<String> g = spawn("me", () -> {
                seen[0] = GreenTask.current();
                return GreenTask.current().name();
            });
            assertEquals("me", g.get());
            assertSame(g, seen[0]);
        }

        @Test
        void outsideAGreenTaskCurrentSaysWhatToUseInstead() {
            assertThrows(IllegalStateException.class, GreenTask::current);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Gevent.block(() -> hub.createTask(GreenTask::current).await()));
            assertTrue(e.getMessage().contains("is not a green task") && e.getMessage().contains("Task.current()"),
                    e.getMessage());
        }
    }

    @Nested
    class Waiting {
        @Test
        void getWithATimeoutRaisesTimeoutAndLeavesTheTaskRunning() {
            GreenTask<Integer> g = spawn(() -> {
                sleep(5);
                return 1;
            });
            Timeout t = assertThrows(Timeout.class, () -> g.get(2));
            assertTrue(t.getMessage().contains("still running after get(2.0)"), t.getMessage());
            assertEquals(2.0, now());
            assertFalse(g.dead());
            assertEquals(1, g.get());
            assertEquals(5.0, now());
        }

        @Test
        void joinWithATimeoutReturnsFalseWithoutRaising() {
            GreenTask<Integer> g = spawn(() -> {
                sleep(5);
                return 1;
            });
            assertFalse(g.join(1));
            assertEquals(1.0, now());
            assertTrue(g.join());
            assertEquals(5.0, now());
        }

        @Test
        void joiningADeadTaskDoesNotRunTheHub() {
            GreenTask<Integer> g = spawn(() -> 1);
            g.join();
            List<String> trace = new ArrayList<>();
            spawn(() -> {
                trace.add("ran");
            });
            assertTrue(g.join());
            assertEquals(1, g.get());
            assertEquals(List.of(), trace);
        }

        @Test
        void getNowaitRefusesToWait() {
            GreenTask<Integer> g = spawn(() -> 1);
            Timeout t = assertThrows(Timeout.class, g::getNowait);
            assertTrue(t.getMessage().contains("use get() or join()"), t.getMessage());
            g.join();
            assertEquals(1, g.getNowait());
        }
    }

    @Nested
    class Killing {
        @Test
        void theFunctionSeesCancellationItsFinallyRunsAndTheTaskIsSuccessfulWithAGreenletExit() {
            List<String> trace = new ArrayList<>();
            GreenTask<String> g = spawn("victim", () -> {
                try {
                    sleep(100);
                    return "never";
                } catch (CancelledError e) {
                    trace.add("cancelled: " + e.getMessage());
                    throw e;
                } finally {
                    trace.add("finally@" + now());
                }
            });
            sleep(1);
            g.kill();
            assertEquals(List.of("cancelled: killed with dev.weft.green.GreenletExit: greenlet killed", "finally@1.0"), trace);
            assertTrue(g.dead() && g.successful());
            assertNull(g.exception());
            assertNull(g.value());
            assertNull(g.get());
            assertTrue(g.greenletExit() != null);
            assertEquals("GreenTask[victim, dead: killed]", g.toString());
            assertEquals(List.of(), reports);
        }

        @Test
        void catchExceptionInTheFunctionDoesNotSwallowAKill() {
            List<String> trace = new ArrayList<>();
            GreenTask<Void> g = spawn(() -> {
                try {
                    sleep(100);
                } catch (Exception e) {
                    trace.add("swallowed");
                }
                trace.add("went on");
            });
            sleep(1);
            g.kill();
            assertEquals(List.of(), trace);
        }

        @Test
        void killingWithAnotherExceptionMakesItTheTasksFailure() {
            IOException reason = new IOException("shut down");
            GreenTask<Integer> g = spawn(() -> {
                sleep(100);
                return 1;
            });
            sleep(1);
            g.kill(reason, true, Gevent.FOREVER);
            assertSame(reason, g.exception());
            assertFalse(g.successful());
            assertSame(reason, assertThrows(IOException.class, g::get));
        }

        @Test
        void aTaskKilledBeforeItStartsNeverRuns() {
            List<String> trace = new ArrayList<>();
            GreenTask<Void> g = spawn(() -> {
                trace.add("ran");
            });
            g.kill();
            assertEquals(List.of(), trace);
            assertTrue(g.dead() && g.successful() && !g.started());
        }

        @Test
        void aTaskKillingItselfGetsTheGreenletExitThrownAtOnce() {
            GreenletExit exit = new GreenletExit("enough");
            List<String> trace = new ArrayList<>();
            GreenTask<?>[] self = new GreenTask<?>[1];
            self[0] = spawn(() -> {
                try {
                    self[0].kill(exit, true, Gevent.FOREVER);
                    trace.add("went on");
                } catch (GreenletExit e) {
                    trace.add("caught " + e.getMessage());
                    throw e;
                }
            });
            self[0].join();
            assertEquals(List.of("caught enough"), trace);
            assertSame(exit, self[0].greenletExit());
            assertTrue(self[0].successful());
        }

        @Test
        void killWithoutBlockReturnsAtOnceAndTheTaskDiesOnTheHub() {
            GreenTask<Integer> g = spawn(() -> {
                sleep(100);
                return 1;
            });
            sleep(1);
            g.kill(new GreenletExit(), false, 0);
            assertFalse(g.dead());
            assertTrue(g.toString().endsWith("started, being killed]"), g.toString());
            sleep(0);
            assertTrue(g.dead());
        }

        @Test
        void killingADeadTaskDoesNothing() {
            GreenTask<Integer> g = spawn(() -> 1);
            g.join();
            g.kill();
            assertEquals(1, g.value());
        }
    }

    @Nested
    class Links {
        @Test
        void linkRunsOnTheHubAfterDeathWithTheTask() {
            List<String> trace = new ArrayList<>();
            GreenTask<Integer> g = spawn("t", () -> {
                sleep(1);
                return 1;
            });
            g.link(x -> trace.add("link " + x + "@" + now()));
            g.linkValue(x -> trace.add("value " + x.value()));
            g.linkException(x -> trace.add("exception"));
            sleep(2);
            assertEquals(List.of("link GreenTask[t, dead: value=1]@1.0", "value 1"), trace);
        }

        @Test
        void linkExceptionRunsForAFailureAndForAKillWithAnException() {
            List<String> trace = new ArrayList<>();
            GreenTask<Integer> failing = spawn(() -> {
                throw new IOException("x");
            });
            GreenTask<Integer> killed = spawn(() -> {
                sleep(10);
                return 1;
            });
            failing.linkException(x -> trace.add("failing " + x.exception().getMessage()));
            failing.linkValue(x -> trace.add("wrong"));
            killed.linkException(x -> trace.add("killed " + x.exception().getMessage()));
            sleep(1);
            killed.kill(new IllegalStateException("stop"), true, Gevent.FOREVER);
            sleep(0);
            assertEquals(List.of("failing x", "killed stop"), trace);
        }

        @Test
        void aKillWithGreenletExitIsAValueForLinks() {
            List<String> trace = new ArrayList<>();
            GreenTask<Integer> g = spawn(() -> {
                sleep(10);
                return 1;
            });
            g.linkValue(x -> trace.add("value, exit=" + (x.greenletExit() != null)));
            g.linkException(x -> trace.add("exception"));
            sleep(1);
            g.kill();
            sleep(0);
            assertEquals(List.of("value, exit=true"), trace);
        }

        @Test
        void aLinkToADeadTaskRunsOnTheNextHubIteration() {
            GreenTask<Integer> g = spawn(() -> 1);
            g.join();
            List<String> trace = new ArrayList<>();
            g.link(x -> trace.add("late link"));
            assertEquals(List.of(), trace);
            sleep(0);
            assertEquals(List.of("late link"), trace);
        }

        @Test
        void unlinkRemovesACallbackThatHasNotRun() {
            List<String> trace = new ArrayList<>();
            GreenTask<Integer> g = spawn(() -> {
                sleep(1);
                return 1;
            });
            Consumer<GreenTask<Integer>> a = x -> trace.add("a");
            Consumer<GreenTask<Integer>> b = x -> trace.add("b");
            g.link(a);
            g.link(b);
            g.unlink(a);
            g.join();
            sleep(0);
            assertEquals(List.of("b"), trace);
        }

        @Test
        void aLinkThatThrowsIsReportedByTheHub() {
            GreenTask<Integer> g = spawn(() -> 1);
            g.link(x -> {
                throw new IllegalStateException("bad link");
            });
            g.join();
            sleep(0);
            assertEquals(1, reports.size(), reportMessages().toString());
            assertEquals("bad link", reports.getFirst().exception().getMessage());
        }
    }
}
