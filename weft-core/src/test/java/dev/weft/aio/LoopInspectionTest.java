package dev.weft.aio;

import static dev.weft.aio.VirtualLoops.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LoopInspectionTest {

    @AfterEach
    void off() {
        LoopInspection.disable();
    }

    /** A snapshot of the running loop, taken from inside one of its tasks (it is queued on the loop). */
    static LoopSnapshot snap(EventLoop loop) {
        return Future.wrap(LoopInspection.snapshot(loop), loop).await();
    }

    static Map<String, TaskSnapshot> byName(LoopSnapshot s) {
        return s.tasks().stream().collect(Collectors.toMap(TaskSnapshot::name, Function.identity()));
    }

    @Nested
    class Off {
        @Test
        void nothingIsRegisteredOrNotedWhileOff() {
            run(loop -> {
                Task<?> t = loop.createTask(() -> { Aio.sleep(5); return null; });
                Aio.sleep(1);
                assertNull(loop.inspection);
                assertTrue(Double.isNaN(t.stateSince));
                assertEquals(List.of(), LoopInspection.loops());
                t.cancel();
                return null;
            });
        }

        @Test
        void snapshotWhileOffSaysHowToTurnItOn() {
            EventLoop loop = EventLoop.createVirtual();
            try {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> LoopInspection.snapshot(loop));
                assertTrue(e.getMessage().contains("LoopInspection.enable()"), e.getMessage());
            } finally {
                loop.close();
            }
        }
    }

    @Nested
    class Snapshots {
        @Test
        void tasksWithStateTimeInStateAndAwaitedByEdges() {
            LoopInspection.enable();
            run(loop -> {
                Task<?> child = loop.createTask(() -> { Aio.sleep(10); return null; }, "child");
                Task<?> parent = loop.createTask(() -> child.await(), "parent");
                Aio.sleep(1.5);
                LoopSnapshot s = snap(loop);
                assertEquals("running", s.state());
                assertEquals(1.5, s.time());
                assertTrue(s.virtual());
                Map<String, TaskSnapshot> ts = byName(s);
                assertEquals(List.of("Task-1", "child", "parent"), s.tasks().stream().map(TaskSnapshot::name).toList());
                TaskSnapshot c = ts.get("child");
                TaskSnapshot p = ts.get("parent");
                assertEquals("waiting", c.state());
                assertEquals(1.5, c.stateSeconds());
                assertEquals(List.of(c.id()), p.awaits());
                assertEquals(List.of(p.id()), c.awaitedBy());
                assertTrue(p.awaiting().startsWith("Task[child"), p.awaiting());
                assertEquals(0.0, ts.get("Task-1").stateSeconds(), "main has awaited the snapshot since 1.5");
                assertEquals(List.of(), LoopInspection.loops().stream().filter(l -> l != loop).toList());
                child.cancel();
                return null;
            });
            assertEquals(List.of(), LoopInspection.loops(), "a closed loop leaves the list");
        }

        @Test
        void gatherAndTaskGroupChildrenAreAwaitedByTheirWaiter() {
            LoopInspection.enable();
            run(loop -> {
                Task<?> gatherer = loop.createTask(() -> Aio.gather(
                        loop.createTask(() -> { Aio.sleep(9); return 1; }, "g1"),
                        loop.createTask(() -> { Aio.sleep(9); return 2; }, "g2")).await(), "gatherer");
                Task<?> grouper = loop.createTask(() -> {
                    TaskGroup.run(g -> g.createTask(() -> { Aio.sleep(9); return null; }, "member"));
                    return null;
                }, "grouper");
                Aio.sleep(1);
                Map<String, TaskSnapshot> ts = byName(snap(loop));
                assertEquals(List.of(ts.get("g1").id(), ts.get("g2").id()), ts.get("gatherer").awaits());
                assertEquals(List.of(ts.get("gatherer").id()), ts.get("g2").awaitedBy());
                assertEquals(List.of(ts.get("member").id()), ts.get("grouper").awaits());
                assertEquals(List.of(ts.get("grouper").id()), ts.get("member").awaitedBy());
                gatherer.cancel();
                grouper.cancel();
                return null;
            });
        }

        @Test
        void creationSiteInDebugModeWithoutWeftFrames() {
            LoopInspection.enable();
            run(loop -> {
                loop.setDebug(true);
                Task<?> t = loop.createTask(() -> { Aio.sleep(9); return null; }, "traced");
                Aio.sleep(0);
                TaskSnapshot s = byName(snap(loop)).get("traced");
                assertEquals(LoopInspectionTest.class.getName() + "$Snapshots",
                        s.creationSite().getFirst().getClassName().replaceAll("\\$\\$Lambda.*", ""));
                t.cancel();
                return null;
            });
        }

        @Test
        void aLoopThatIsNotRunningIsIdleWithoutTasks() {
            LoopInspection.enable();
            EventLoop loop = EventLoop.createVirtual();
            try {
                assertEquals(List.of(loop), LoopInspection.loops());
                LoopSnapshot s = LoopInspection.snapshot(loop).join();
                assertEquals("idle", s.state());
                assertEquals(List.of(), s.tasks());
            } finally {
                loop.close();
            }
            assertEquals("closed", LoopInspection.snapshot(loop).join().state());
        }

        @Test
        void enableInsideARunningLoopRegistersIt() {
            run(loop -> {
                assertEquals(List.of(), LoopInspection.loops());
                LoopInspection.enable();
                assertEquals(List.of(loop), LoopInspection.loops());
                return null;
            });
        }
    }

    @Nested
    class Stacks {
        static void parkHere() {
            Aio.sleep(9);
        }

        @Test
        void aTasksStackOnDemandByItsId() {
            LoopInspection.enable();
            run(loop -> {
                Task<?> t = loop.createTask(() -> { parkHere(); return null; }, "deep");
                Aio.sleep(1);
                long id = byName(snap(loop)).get("deep").id();
                List<StackTraceElement> stack = Future.wrap(LoopInspection.stack(loop, id), loop).await();
                assertTrue(stack.stream().anyMatch(e -> e.getMethodName().equals("parkHere")), stack.toString());
                t.cancel();
                return null;
            });
        }

        @Test
        void anUnknownIdFailsNamingTheFix() {
            LoopInspection.enable();
            run(loop -> {
                NoSuchElementException e = assertThrows(NoSuchElementException.class,
                        () -> Future.wrap(LoopInspection.stack(loop, 4242), loop).await());
                assertTrue(e.getMessage().contains("take a new snapshot"), e.getMessage());
                return null;
            });
        }
    }

    @Test
    void disableForgetsLoopsAndStopsNotingTimes() {
        LoopInspection.enable();
        run(loop -> {
            assertFalse(LoopInspection.loops().isEmpty());
            LoopInspection.disable();
            assertNull(loop.inspection);
            Task<?> t = loop.createTask(() -> null);
            assertTrue(Double.isNaN(t.stateSince));
            return t.await();
        });
    }
}
