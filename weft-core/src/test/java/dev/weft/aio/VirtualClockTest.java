package dev.weft.aio;

import static dev.weft.aio.AioTesting.loop;
import static dev.weft.aio.AioTesting.runVirtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class VirtualClockTest {

    @Nested
    class Jumps {
        @Test
        void timeStartsAtZero() {
            try (EventLoop loop = EventLoop.createVirtual()) {
                assertEquals(0.0, loop.time());
                assertTrue(loop.isVirtual());
            }
        }

        @Test
        @Timeout(10)
        void hoursOfSleepRunInMillisecondsAtExactTimes() {
            List<Double> times = new ArrayList<>();
            runVirtual(() -> {
                for (int i = 0; i < 24; i++) {
                    Aio.sleep(3600);
                    times.add(loop().time());
                }
                return null;
            });
            assertEquals(24, times.size());
            assertEquals(3600.0, times.get(0));
            assertEquals(86400.0, times.get(23));
        }

        @Test
        void theClockDoesNotJumpWhileWorkIsReady() {
            List<Double> seen = new ArrayList<>();
            runVirtual(() -> {
                loop().createTask(() -> {
                    Aio.sleep(5);
                    return null;
                });
                for (int i = 0; i < 100; i++) {
                    Aio.sleep(0); // always ready: the clock must stay at 0
                    seen.add(loop().time());
                }
                return null;
            });
            assertTrue(seen.stream().allMatch(t -> t == 0.0), seen.toString());
        }

        @Test
        void theClockJumpsOnlyToTheNextTimerNotPastIt() {
            List<String> trace = new ArrayList<>();
            runVirtual(() -> {
                loop().callLater(1, () -> trace.add("timer@" + loop().time()));
                loop().createTask(() -> {
                    Aio.sleep(0.5);
                    trace.add("a@" + loop().time());
                    Aio.sleep(1);
                    trace.add("a@" + loop().time());
                    return null;
                }).await();
                return null;
            });
            assertEquals(List.of("a@0.5", "timer@1.0", "a@1.5"), trace);
        }

        @Test
        void theClockWaitsForWorkOnAnotherThread() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            List<String> trace = new ArrayList<>();
            runVirtual(() -> {
                loop().createTask(() -> {
                    Aio.sleep(10);
                    trace.add("timer task@" + loop().time());
                    return null;
                });
                Future<String> f = loop().toThread(() -> {
                    release.await(5, TimeUnit.SECONDS);
                    return "thread";
                });
                loop().callSoon(release::countDown);
                trace.add(f.await() + "@" + loop().time()); // the clock did not jump to 10 meanwhile
                Aio.sleep(20);
                return null;
            });
            assertEquals(List.of("thread@0.0", "timer task@10.0"), trace);
        }
    }

    @Nested
    class Determinism {
        private List<String> scenario() {
            List<String> trace = new ArrayList<>();
            runVirtual(() -> {
                List<Task<Void>> ts = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    int id = i;
                    ts.add(loop().createTask(() -> {
                        for (int k = 0; k < 4; k++) {
                            Aio.sleep(0.1 * ((id * 7 + k * 3) % 5));
                            trace.add(id + ":" + k + "@" + Math.round(loop().time() * 10));
                        }
                        return null;
                    }));
                }
                for (Task<Void> t : ts) {
                    t.await();
                }
                return null;
            });
            return trace;
        }

        @Test
        void theSameProgramInterleavesTheSameWayEveryRun() {
            List<String> first = scenario();
            for (int i = 0; i < 5; i++) {
                assertEquals(first, scenario());
            }
            assertEquals(20, first.size());
        }
    }
}
