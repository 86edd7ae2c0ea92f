package dev.weft.aio;

import static dev.weft.aio.AioTesting.loop;
import static dev.weft.aio.AioTesting.runVirtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.Gc;
import dev.weft.testing.Steps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TaskTest {

    @Nested
    class Create {
        @Test
        void taskStartsOnTheNextIterationNotInsideCreateTask() {
            Steps steps = new Steps();
            runVirtual(() -> {
                Task<Void> t = loop().createTask(() -> {
                    steps.expect(2);
                    return null;
                });
                steps.expect(1);
                t.await();
                steps.expect(3);
                return null;
            });
            steps.finish(4);
        }

        @Test
        void tasksAreNamedInOrderOrAsGiven() {
            runVirtual(() -> {
                Task<?> main = Task.current();
                Task<Void> a = loop().createTask(() -> null);
                Task<Void> b = loop().createTask(() -> null, "worker");
                assertEquals("Task-1", main.name());
                assertEquals("Task-2", a.name());
                assertEquals("worker", b.name());
                assertTrue(b.toString().contains("worker"), b.toString());
                return null;
            });
        }

        @Test
        void aTaskStartedBeforeTheLoopRunsStartsWhenItRuns() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                Task<String> t = loop.createTask(() -> "early");
                assertFalse(t.done());
                assertEquals("early", loop.runUntilComplete(t));
            }
        }
    }

    @Nested
    class Outcome {
        @Test
        void resultOfTheBody() {
            assertEquals(3, (int) runVirtual(() -> {
                Task<Integer> a = loop().createTask(() -> {
                    Aio.sleep(1);
                    return 1;
                });
                Task<Integer> b = loop().createTask(() -> {
                    Aio.sleep(1);
                    return 2;
                });
                int r = a.await() + b.await();
                assertEquals(1.0, loop().time(), "the two sleeps overlap");
                return r;
            }));
        }

        @Test
        void exceptionOfTheBodyIsTheSameObject() {
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            runVirtual(() -> {
                Task<Void> t = loop().createTask(() -> {
                    throw boom;
                });
                assertSame(boom, assertThrows(IllegalArgumentException.class, t::await));
                assertSame(boom, t.exception());
                return null;
            });
        }

        @Test
        void setResultOnATaskIsRefused() {
            runVirtual(() -> {
                Task<String> t = loop().createTask(() -> "x");
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                        () -> t.setResult("y"));
                assertTrue(e.getMessage().contains("createFuture"), e.getMessage());
                assertThrows(UnsupportedOperationException.class, () -> t.setException(new RuntimeException()));
                return t.await();
            });
        }

        @Test
        void aTaskAwaitingItselfFails() {
            runVirtual(() -> {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> Task.current().await());
                assertTrue(e.getMessage().contains("awaited itself"));
                return null;
            });
        }
    }

    @Nested
    class Current {
        @Test
        void currentIsTheRunningTaskInEachTask() {
            List<String> names = new ArrayList<>();
            runVirtual(() -> {
                Task<Void> a = loop().createTask(() -> {
                    names.add(Task.current().name());
                    Aio.sleep(1);
                    names.add(Task.current().name());
                    return null;
                }, "a");
                Task<Void> b = loop().createTask(() -> {
                    names.add(Task.current().name());
                    Aio.sleep(1);
                    names.add(Task.current().name());
                    return null;
                }, "b");
                a.await();
                b.await();
                return null;
            });
            assertEquals(List.of("a", "b", "a", "b"), names);
        }

        @Test
        void currentOutsideATaskFails() {
            IllegalStateException e = assertThrows(IllegalStateException.class, Task::current);
            assertTrue(e.getMessage().contains("EventLoop.run(...) or a Task"), e.getMessage());
        }

        @Test
        void currentInAPlainCallbackFails() {
            List<Throwable> seen = new ArrayList<>();
            runVirtual(() -> {
                loop().callSoon(() -> {
                    try {
                        Task.current();
                    } catch (IllegalStateException e) {
                        seen.add(e);
                    }
                });
                Aio.sleep(0);
                return null;
            });
            assertEquals(1, seen.size());
        }

        @Test
        void allTasksListsThePendingOnes() {
            runVirtual(() -> {
                Task<Void> a = loop().createTask(() -> {
                    Aio.sleep(5);
                    return null;
                });
                Task<Void> done = loop().createTask(() -> null);
                Aio.sleep(1);
                Set<Task<?>> all = Task.allTasks();
                assertTrue(all.contains(Task.current()));
                assertTrue(all.contains(a));
                assertFalse(all.contains(done));
                a.cancel();
                return null;
            });
        }
    }

    @Nested
    class Introspection {
        @Test
        void stackTraceOfAWaitingTaskShowsWhereItWaits() {
            runVirtual(() -> {
                Task<Void> t = loop().createTask(() -> {
                    waitHere();
                    return null;
                });
                Aio.sleep(1);
                StackTraceElement[] st = t.stackTrace();
                assertTrue(Arrays.stream(st).anyMatch(e -> e.getMethodName().equals("waitHere")), Arrays.toString(st));
                assertEquals(0, Task.current().stackTrace().length, "a running task has no suspended stack");
                String dump = loop().dumpTasks();
                assertTrue(dump.contains("waitHere") && dump.contains("awaiting"), dump);
                t.cancel();
                return null;
            });
        }

        private static void waitHere() {
            Aio.sleep(100);
        }

        @Test
        void toStringShowsTheState() {
            runVirtual(() -> {
                Task<String> t = loop().createTask(() -> {
                    Aio.sleep(1);
                    return "r";
                }, "t");
                assertTrue(t.toString().contains("created"), t.toString());
                Aio.sleep(0);
                assertTrue(t.toString().contains("waiting"), t.toString());
                t.await();
                assertTrue(t.toString().contains("result=r"), t.toString());
                return null;
            });
        }
    }

    @Nested
    class States {
        @Test
        void everyStateOfTheTableShowsInToString() {
            runVirtual(() -> {
                Future<String> f = loop().createFuture();
                Task<String> waiter = loop().createTask(() -> f.await(), "w");
                Task<Void> yielder = loop().createTask(() -> {
                    while (true) {
                        Aio.sleep(0);
                    }
                }, "y");
                assertEquals("Task[w, created]", waiter.toString());
                Aio.sleep(0);
                assertTrue(waiter.toString().startsWith("Task[w, waiting, awaiting Future[pending]"), waiter.toString());
                assertEquals("Task[y, ready]", yielder.toString(), "after sleep(0) a step is due, nothing awaited");
                Task<String> running = loop().createTask(() -> Task.current().toString(), "r");
                assertEquals("Task[r, running]", running.await());
                Task<Void> other = loop().createTask(() -> {
                    f.setResult("x");      // wakes w from inside another task: its step is queued
                    assertTrue(waiter.toString().startsWith("Task[w, ready"), waiter.toString());
                    return null;
                });
                other.await();
                assertEquals("x", waiter.await());
                yielder.cancel();
                return null;
            });
        }
    }

    @Nested
    @Tag(Gc.TAG)
    class Memory {
        @Test
        void aFinishedTaskIsGarbageOnEveryBackend() throws InterruptedException {
            for (TaskBackend b : TaskBackend.values()) {
                if (!b.isAvailable()) {
                    continue;
                }
                Gc.Watch watch = runVirtual(b, () -> {
                    Task<Integer> t = loop().createTask(() -> {
                        Aio.sleep(1);
                        return 1;
                    });
                    t.await();
                    return Gc.watch(t);
                });
                assertTrue(watch.awaitCollected(), b + ": nothing may keep a finished task alive");
            }
        }
    }

    @Nested
    class AwaitInsideAGenerator {
        @Test
        void aGeneratorDrivenByATaskCanAwaitWithLoopScheduledTasksOnly() {
            List<String> got = new ArrayList<>();
            Throwable failure = null;
            try {
                runVirtual(() -> {
                    dev.weft.gen.Generator<Integer, Void, Void> g = dev.weft.gen.Generator.of(ctx -> {
                        for (int i = 0; i < 3; i++) {
                            Aio.sleep(1);
                            ctx.yield(i);
                        }
                        return null;
                    });
                    while (g.hasNext()) {
                        got.add(g.next() + "@" + loop().time());
                    }
                    return null;
                });
            } catch (IllegalStateException e) {
                failure = e;
            }
            if (Backends.tasks() == TaskBackend.LOOP) {
                assertEquals(List.of("0@1.0", "1@2.0", "2@3.0"), got);
            } else {
                assertTrue(failure != null && failure.getMessage().contains("--add-opens java.base/java.lang="),
                        String.valueOf(failure));
            }
        }
    }

    @Nested
    class Sleep {
        @Test
        void sleepZeroLetsOtherReadyTasksRunOnce() {
            Steps steps = new Steps();
            runVirtual(() -> {
                loop().createTask(() -> {
                    steps.expect(2);
                    Aio.sleep(0);
                    steps.expect(4);
                    return null;
                });
                steps.expect(1);
                Aio.sleep(0);
                steps.expect(3);
                Aio.sleep(0);
                steps.expect(5);
                return null;
            });
            steps.finish(6);
            assertThrows(IllegalStateException.class, () -> Aio.sleep(1), "sleep outside a task");
        }

        @Test
        void sleepForeverDoesNotMoveTheVirtualClock() {
            runVirtual(() -> {
                Task<Void> t = loop().createTask(() -> {
                    Aio.sleep(Double.POSITIVE_INFINITY);
                    return null;
                });
                Aio.sleep(7);
                t.cancel();
                assertThrows(CancelledError.class, t::await);
                assertEquals(7.0, loop().time());
                return null;
            });
        }

        @Test
        void sleepOutsideATaskFailsClearly() {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Aio.sleep(0));
            assertTrue(e.getMessage().startsWith("await outside a task"), e.getMessage());
        }

        @Test
        void ensureFutureWrapsCallablesAndKeepsFutures() {
            runVirtual(() -> {
                Future<String> f = loop().createFuture();
                assertSame(f, Aio.ensureFuture(f));
                Task<String> t = Aio.ensureFuture(() -> "c");
                assertEquals("c", t.await());
                return null;
            });
        }
    }

    @Nested
    class DeclaredExceptions {
        @Test
        void awaitWithAClassDeclaresTheCheckedExceptionAndDeliversTheSameObject() {
            java.io.IOException io = new java.io.IOException("disk");
            runVirtual(() -> {
                Task<String> t = Aio.createTask(() -> { Aio.sleep(1); throw io; });
                try {
                    t.await(java.io.IOException.class);
                    throw new AssertionError("await did not throw");
                } catch (java.io.IOException e) {      // compiles only because await(Class) declares it
                    assertSame(io, e);
                }
                try {
                    t.result(java.io.IOException.class);
                    throw new AssertionError("result did not throw");
                } catch (java.io.IOException e) {
                    assertSame(io, e);
                }
                return null;
            });
        }

        @Test
        void anExceptionOfAnotherTypePropagatesAsItIs() {
            IllegalStateException boom = new IllegalStateException("boom");
            runVirtual(() -> {
                Task<String> t = Aio.createTask(() -> { throw boom; }, "named");
                assertEquals("named", t.name());
                assertSame(boom, assertThrows(IllegalStateException.class, () -> t.await(java.io.IOException.class)));
                return null;
            });
        }
    }
}
