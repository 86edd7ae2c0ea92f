package dev.weft.aio;

import static dev.weft.aio.VirtualLoops.run;
import static dev.weft.aio.VirtualLoops.yieldOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class QueueTest {

    private static <E> List<E> drain(Queue<E> q) {
        List<E> out = new ArrayList<>();
        while (!q.empty()) {
            out.add(q.getNowait());
        }
        return out;
    }

    @Nested
    class Order {
        @Test
        void fifoLifoAndPriorityOrders() {
            run(loop -> {
                Queue<Integer> fifo = new Queue<>();
                LifoQueue<Integer> lifo = new LifoQueue<>();
                PriorityQueue<Integer> prio = new PriorityQueue<>();
                PriorityQueue<String> byLength = new PriorityQueue<>(0, Comparator.comparingInt(String::length));
                for (int i : List.of(3, 1, 2)) {
                    fifo.put(i);
                    lifo.put(i);
                    prio.put(i);
                }
                for (String s : List.of("ccc", "a", "bb")) {
                    byLength.put(s);
                }
                assertEquals(List.of(3, 1, 2), drain(fifo));
                assertEquals(List.of(2, 1, 3), drain(lifo));
                assertEquals(List.of(1, 2, 3), drain(prio));
                assertEquals(List.of("a", "bb", "ccc"), drain(byLength));
                return null;
            });
        }
    }

    @Nested
    class Nowait {
        @Test
        void getNowaitOnEmptyAndPutNowaitOnFullFail() {
            run(loop -> {
                Queue<String> q = new Queue<>(1);
                QueueEmpty empty = assertThrows(QueueEmpty.class, q::getNowait);
                assertTrue(empty.getMessage().contains("get()"), empty.getMessage());
                q.putNowait("x");
                assertTrue(q.full());
                QueueFull full = assertThrows(QueueFull.class, () -> q.putNowait("y"));
                assertTrue(full.getMessage().contains("put()"), full.getMessage());
                assertEquals("Queue[maxsize=1, qsize=1, unfinished=1]", q.toString());
                return null;
            });
        }

        @Test
        void nullItemsAreRefusedWithTheAlternative() {
            run(loop -> {
                Queue<String> q = new Queue<>();
                NullPointerException e = assertThrows(NullPointerException.class, () -> q.putNowait(null));
                assertTrue(e.getMessage().contains("shutdown()"), e.getMessage());
                return null;
            });
        }
    }

    @Nested
    class PutAndGet {
        @Test
        void putSuspendsWhileFullAndGetWhileEmpty() {
            List<String> log = new ArrayList<>();
            run(loop -> {
                Queue<Integer> q = new Queue<>(2);
                Task<Void> producer = loop.createTask(() -> {
                    for (int i = 0; i < 4; i++) {
                        q.put(i);
                        log.add("put " + i + "@" + loop.time());
                    }
                    return null;
                });
                for (int i = 0; i < 4; i++) {
                    Aio.sleep(1);
                    log.add("got " + q.get() + "@" + loop.time());
                }
                producer.await();
                return null;
            });
            assertEquals(List.of("put 0@0.0", "put 1@0.0", "got 0@1.0", "put 2@1.0", "got 1@2.0", "put 3@2.0",
                    "got 2@3.0", "got 3@4.0"), log);
        }

        @Test
        void gettersAreServedInArrivalOrder() {
            List<String> log = new ArrayList<>();
            run(loop -> {
                Queue<Integer> q = new Queue<>();
                List<Task<Void>> ts = new ArrayList<>();
                for (String name : List.of("a", "b", "c")) {
                    ts.add(loop.createTask(() -> { log.add(name + "=" + q.get()); return null; }));
                }
                yieldOnce();
                for (int i = 1; i <= 3; i++) {
                    q.putNowait(i);
                }
                Aio.gather(ts).await();
                return null;
            });
            assertEquals(List.of("a=1", "b=2", "c=3"), log);
        }

        @Test
        void newGetDoesNotOvertakeAWokenGetter() {
            List<String> log = new ArrayList<>();
            run(loop -> {
                Queue<String> q = new Queue<>();
                Task<Void> a = loop.createTask(() -> { log.add("a=" + q.get()); return null; });
                yieldOnce();
                q.putNowait("x");           // wakes a, which has not run yet
                loop.callLater(1, () -> q.putNowait("y"));
                log.add("main=" + q.get()); // queues behind a: gets y, not x
                a.await();
                return null;
            });
            assertEquals(List.of("a=x", "main=y"), log);
        }
    }

    @Nested
    class Cancellation {
        @Test
        void getterCancelledAfterWakeUpDoesNotLoseTheItem() {
            run(loop -> {
                Queue<String> q = new Queue<>();
                Task<String> a = loop.createTask(q::get);
                Task<String> b = loop.createTask(q::get);
                yieldOnce();
                q.putNowait("x");         // a is woken for x ...
                a.cancel();               // ... and cancelled before it runs
                assertEquals("x", Aio.waitFor(b, 10));   // TimeoutError if x was stranded
                assertTrue(a.cancelled());
                assertTrue(q.empty());
                return null;
            });
        }

        @Test
        void putterCancelledAfterWakeUpPassesTheSlotOn() {
            run(loop -> {
                Queue<String> q = new Queue<>(1);
                q.putNowait("first");
                Task<Void> a = loop.createTask(() -> { q.put("a"); return null; });
                Task<Void> b = loop.createTask(() -> { q.put("b"); return null; });
                yieldOnce();
                assertEquals("first", q.getNowait());   // frees a slot: a is woken ...
                a.cancel();                             // ... and cancelled before it runs
                Aio.waitFor(b, 10);                     // TimeoutError if the slot was stranded
                assertEquals(List.of("b"), drain(q));
                return null;
            });
        }

        @Test
        void cancelledGetterTakesNothing() {
            run(loop -> {
                Queue<String> q = new Queue<>();
                Task<String> a = loop.createTask(q::get);
                yieldOnce();
                a.cancel();
                yieldOnce();
                q.putNowait("x");
                assertEquals(1, q.qsize());
                assertEquals("Queue[maxsize=0, qsize=1, unfinished=1]", q.toString());
                return null;
            });
        }
    }

    /** Issue 11 §6: the message pointed at getEventLoop(), which does not help a thread with no running loop. */
    @Test
    void getOutsideALoopSaysWhatWouldHelp() {
        Queue<String> q = new Queue<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, q::get);
        assertTrue(e.getMessage().startsWith("Queue.get outside a task"), e.getMessage());
        assertTrue(e.getMessage().contains("inside a task"), e.getMessage());
        assertTrue(e.getMessage().contains("runCoroutineThreadsafe"), e.getMessage());
        assertFalse(e.getMessage().contains("getEventLoop"), e.getMessage());
    }

    @Nested
    class Join {
        @Test
        void joinWaitsUntilEveryItemIsMarkedDone() {
            double t = run(loop -> {
                Queue<Integer> q = new Queue<>();
                for (int i = 0; i < 3; i++) {
                    q.putNowait(i);
                }
                Task<Object> consumer = loop.createTask(() -> {
                    while (true) {
                        q.get();
                        Aio.sleep(1);
                        q.taskDone();
                    }
                });
                q.join();
                double at = loop.time();
                consumer.cancel();
                yieldOnce();
                return at;
            });
            assertEquals(3.0, t);
        }

        @Test
        void taskDoneTooOftenFailsAndNamesTheFix() {
            run(loop -> {
                Queue<Integer> q = new Queue<>();
                q.join(); // nothing unfinished: returns at once
                IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
                assertTrue(e.getMessage().startsWith("taskDone() called too many times"), e.getMessage());
                assertTrue(e.getMessage().contains("once per item"), e.getMessage());
                return null;
            });
        }
    }

    @Nested
    class Shutdown {
        @Test
        void gettersDrainTheRestThenGetQueueShutDown() {
            run(loop -> {
                Queue<String> q = new Queue<>();
                Task<String> waiting = loop.createTask(q::get);
                yieldOnce();
                q.shutdown();
                Aio.wait(List.of(waiting));
                assertInstanceOf(QueueShutDown.class, waiting.exception());
                assertThrows(QueueShutDown.class, () -> q.putNowait("late"));
                assertThrows(QueueShutDown.class, () -> q.put("late"));
                assertTrue(q.isShutDown());
                return null;
            });
        }

        @Test
        void itemsPutBeforeShutdownAreStillDelivered() {
            run(loop -> {
                Queue<String> q = new Queue<>();
                q.putNowait("a");
                q.shutdown();
                assertEquals("a", q.get());
                QueueShutDown e = assertThrows(QueueShutDown.class, q::get);
                assertTrue(e.getMessage().contains("shut down and empty"), e.getMessage());
                return null;
            });
        }

        @Test
        void blockedPutterGetsQueueShutDown() {
            run(loop -> {
                Queue<String> q = new Queue<>(1);
                q.putNowait("a");
                Task<Void> p = loop.createTask(() -> { q.put("b"); return null; });
                yieldOnce();
                q.shutdown();
                Aio.wait(List.of(p));
                assertInstanceOf(QueueShutDown.class, p.exception());
                return null;
            });
        }

        @Test
        void immediateShutdownDropsItemsAndReleasesJoin() {
            double t = run(loop -> {
                Queue<String> q = new Queue<>();
                q.putNowait("a");
                q.putNowait("b");
                loop.callLater(2, () -> q.shutdown(true));
                q.join();
                assertFalse(q.full());
                assertEquals(0, q.qsize());
                return loop.time();
            });
            assertEquals(2.0, t);
        }
    }
}
