package dev.weft.aio;

import static dev.weft.aio.GatherTest.after;
import static dev.weft.aio.VirtualLoops.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TaskGroupTest {

    static Task<Integer> failing(TaskGroup g, EventLoop loop, double delay, RuntimeException e) {
        return g.createTask(() -> {
            Aio.sleep(delay);
            throw e;
        });
    }

    @Nested
    class Success {
        @Test
        void runReturnsWhenEveryTaskIsDone() {
            run(loop -> {
                List<Task<Integer>> ts = new ArrayList<>();
                TaskGroup.run(g -> {
                    ts.add(g.createTask(() -> { Aio.sleep(1); return 1; }));
                    ts.add(g.createTask(() -> { Aio.sleep(3); return 3; }, "slow"));
                });
                assertEquals(3.0, loop.time());
                assertEquals(1, ts.get(0).result());
                assertEquals(3, ts.get(1).result());
                assertEquals("slow", ts.get(1).name());
                return null;
            });
        }

        @Test
        void tasksMayAddTasksWhileTheGroupWaits() {
            run(loop -> {
                List<String> log = new ArrayList<>();
                TaskGroup.run(g -> g.createTask(() -> {
                    Aio.sleep(1);
                    g.createTask(() -> { Aio.sleep(1); log.add("grandchild@" + loop.time()); return null; });
                    return null;
                }));
                assertEquals(List.of("grandchild@2.0"), log);
                return null;
            });
        }

        @Test
        void callReturnsTheBodysValueOnceEveryTaskIsDone() {
            run(loop -> {
                List<Task<Integer>> ts = TaskGroup.call(g -> List.of(
                        g.createTask(() -> { Aio.sleep(1); return 1; }),
                        g.createTask(() -> { Aio.sleep(2); return 2; })));
                assertEquals(2.0, loop.time());
                assertEquals(3, ts.get(0).result() + ts.get(1).result());
                return null;
            });
        }

        @Test
        void aGroupCreatedBeforeItIsEnteredRefusesTasksUntilThen() {
            run(loop -> {
                TaskGroup tg = new TaskGroup();
                assertEquals("TaskGroup[NEW, tasks=0]", tg.toString());
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> tg.createTask(() -> 1));
                assertTrue(e.getMessage().contains("has not been entered"), e.getMessage());
                assertTrue(e.getMessage().contains("tg.enter("), e.getMessage());
                String r = tg.enter(g -> {
                    g.createTask(() -> { Aio.sleep(1); return 1; });
                    return "entered";
                });
                assertEquals("entered", r);
                assertEquals(1.0, loop.time());
                IllegalStateException again = assertThrows(IllegalStateException.class, () -> tg.enter(g -> null));
                assertTrue(again.getMessage().contains("has already been entered"), again.getMessage());
                return null;
            });
        }

        @Test
        void createTaskAfterTheGroupEndedFailsClearly() {
            run(loop -> {
                TaskGroup[] saved = new TaskGroup[1];
                TaskGroup.run(g -> saved[0] = g);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> saved[0].createTask(() -> 1));
                assertTrue(e.getMessage().contains("is finished"), e.getMessage());
                assertEquals("TaskGroup[CLOSED, tasks=0]", saved[0].toString());
                return null;
            });
        }
    }

    @Nested
    class Failure {
        @Test
        void firstFailureCancelsTheOthersAndAllFailuresSurfaceTogether() {
            run(loop -> {
                IllegalStateException a = new IllegalStateException("a");
                IllegalArgumentException b = new IllegalArgumentException("b");
                List<Task<Integer>> ts = new ArrayList<>();
                List<String> log = new ArrayList<>();
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> TaskGroup.run(g -> {
                    ts.add(failing(g, loop, 1, a));
                    ts.add(g.createTask(() -> {
                        try {
                            Aio.sleep(10);
                            return 0;
                        } finally {
                            // the cleanup of a cancelled sibling may fail too: both are reported
                            log.add("sibling cancelled@" + loop.time());
                            throw b;
                        }
                    }));
                    ts.add(after(loop, 10, 5));   // not in the group: unaffected
                }));
                assertEquals(List.of(a, b), eg.exceptions());
                assertEquals("unhandled errors in a TaskGroup", eg.groupMessage());
                assertTrue(eg.getMessage().startsWith("unhandled errors in a TaskGroup (2 sub-exceptions)"), eg.getMessage());
                assertEquals(List.of("sibling cancelled@1.0"), log);
                assertEquals(1.0, loop.time());
                assertEquals(0, Task.current().cancelling());
                Aio.sleep(1);     // the parent task is not left cancelled
                assertEquals(5, ts.get(2).await());
                return null;
            });
        }

        @Test
        void failureInterruptsTheBodyWhileItAwaits() {
            run(loop -> {
                IllegalStateException boom = new IllegalStateException("boom");
                List<String> log = new ArrayList<>();
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> TaskGroup.run(g -> {
                    failing(g, loop, 1, boom);
                    try {
                        Aio.sleep(100);
                    } catch (CancelledError e) {
                        log.add("body interrupted@" + loop.time());
                        throw e;
                    }
                }));
                assertEquals(List.of(boom), eg.exceptions());
                assertEquals(List.of("body interrupted@1.0"), log);
                return null;
            });
        }

        @Test
        void bodyFailureCancelsTheTasksAndIsGroupedLast() {
            run(loop -> {
                IllegalStateException body = new IllegalStateException("body");
                List<Task<Integer>> ts = new ArrayList<>();
                ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> TaskGroup.run(g -> {
                    ts.add(after(loop, 0, 0));
                    ts.add(g.createTask(() -> { Aio.sleep(5); return 1; }));
                    Aio.sleep(1);
                    throw body;
                }));
                assertEquals(List.of(body), eg.exceptions());
                assertTrue(ts.get(1).cancelled());
                assertEquals(1.0, loop.time());
                return null;
            });
        }

        /** Issue 11 §8: an Error used to be rethrown bare and every other failure was dropped. */
        @Test
        void errorsThatAreNotExceptionsAreGroupedWithTheOthersInABaseExceptionGroup() {
            run(loop -> {
                AssertionError error = new AssertionError("error");
                IllegalStateException other = new IllegalStateException("other");
                IllegalArgumentException body = new IllegalArgumentException("body");
                BaseExceptionGroup g = assertThrows(BaseExceptionGroup.class, () -> TaskGroup.run(tg -> {
                    tg.createTask(() -> { Aio.sleep(1); throw error; });
                    tg.createTask(() -> {
                        try {
                            Aio.sleep(5);
                        } finally {
                            throw other;           // fails while being cancelled
                        }
                    });
                    Aio.sleep(10);                 // interrupted by the group's cancel: not a failure
                    throw body;
                }));
                assertEquals(List.of(error, other), g.exceptions(), "nothing dropped, in the order they happened");
                assertEquals("unhandled errors in a TaskGroup", g.groupMessage());
                assertEquals(1.0, loop.time());
                return null;
            });
        }

        @Test
        void aBodyErrorJoinsTheGroupAfterTheTaskFailures() {
            run(loop -> {
                IllegalStateException a = new IllegalStateException("a");
                AssertionError body = new AssertionError("body");
                BaseExceptionGroup g = assertThrows(BaseExceptionGroup.class, () -> TaskGroup.run(tg -> {
                    tg.createTask(() -> { throw a; });
                    tg.createTask(() -> { Aio.sleep(5); return 1; });
                    try {
                        Aio.sleep(1);              // interrupted when a fails
                    } catch (CancelledError e) {
                        throw body;
                    }
                    return;
                }));
                assertEquals(List.of(a, body), g.exceptions());
                return null;
            });
        }

        @Test
        void aFatalVirtualMachineErrorIsRethrownBareWithTheOthersSuppressed() {
            run(loop -> {
                StackOverflowError fatal = new StackOverflowError("fatal");
                IllegalStateException other = new IllegalStateException("other");
                StackOverflowError e = assertThrows(StackOverflowError.class, () -> TaskGroup.run(tg -> {
                    tg.createTask(() -> { Aio.sleep(1); throw fatal; });
                    tg.createTask(() -> {
                        try {
                            Aio.sleep(5);
                        } finally {
                            throw other;
                        }
                    });
                }));
                assertSame(fatal, e);
                assertEquals(List.of(other), List.of(e.getSuppressed()));
                assertEquals(0, Task.current().cancelling(), "the group's own cancel of the parent is withdrawn");
                return null;
            });
        }

        @Test
        void createTaskWhileShuttingDownFails() {
            run(loop -> {
                List<String> log = new ArrayList<>();
                assertThrows(ExceptionGroup.class, () -> TaskGroup.run(g -> {
                    failing(g, loop, 1, new IllegalStateException("x"));
                    g.createTask(() -> {
                        try {
                            Aio.sleep(5);
                        } finally {
                            try {
                                g.createTask(() -> 1);
                            } catch (IllegalStateException e) {
                                log.add(e.getMessage().contains("shutting down") ? "refused" : e.getMessage());
                            }
                        }
                        return null;
                    });
                }));
                assertEquals(List.of("refused"), log);
                return null;
            });
        }
    }

    @Nested
    class Cancellation {
        @Test
        void cancellingTheParentCancelsTheTasksAndPropagates() {
            run(loop -> {
                List<Task<Integer>> ts = new ArrayList<>();
                Task<Object> parent = loop.createTask(() -> {
                    TaskGroup.run(g -> {
                        ts.add(g.createTask(() -> { Aio.sleep(5); return 1; }));
                        ts.add(g.createTask(() -> { Aio.sleep(6); return 2; }));
                    });
                    return "not reached";
                });
                Aio.sleep(1);
                parent.cancel();
                Aio.wait(List.of(parent));
                assertTrue(parent.cancelled());
                assertTrue(ts.get(0).cancelled());
                assertTrue(ts.get(1).cancelled());
                assertEquals(1.0, loop.time());
                return null;
            });
        }

        @Test
        void timeoutAroundAGroupCancelsItsTasksAndRaisesTimeoutError() {
            run(loop -> {
                List<Task<Integer>> ts = new ArrayList<>();
                assertThrows(TimeoutError.class, () -> Aio.timeout(2, scope -> {
                    TaskGroup.run(g -> {
                        ts.add(g.createTask(() -> { Aio.sleep(5); return 1; }));
                        ts.add(g.createTask(() -> { Aio.sleep(6); return 2; }));
                    });
                    return null;
                }));
                assertEquals(2.0, loop.time());
                assertTrue(ts.get(0).cancelled());
                assertTrue(ts.get(1).cancelled());
                assertEquals(0, Task.current().cancelling());
                return null;
            });
        }

        @Test
        void timeoutInsideATaskOfTheGroupStaysInThatTask() {
            run(loop -> {
                List<String> log = new ArrayList<>();
                TaskGroup.run(g -> {
                    g.createTask(() -> {
                        try {
                            Aio.timeout(1, scope -> { Aio.sleep(5); return null; });
                        } catch (TimeoutError e) {
                            log.add("child timed out@" + loop.time());
                        }
                        return null;
                    });
                    g.createTask(() -> { Aio.sleep(2); log.add("sibling done@" + loop.time()); return null; });
                });
                assertEquals(List.of("child timed out@1.0", "sibling done@2.0"), log);
                return null;
            });
        }
    }
}
