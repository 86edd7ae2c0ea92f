package dev.weft.aio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("stress")
@Timeout(120)
class LoopStressTest {
    private static final int SCALE = Integer.getInteger("weft.stress", 1);

    @Test
    void manyThreadsSubmitCoroutinesToOneLoop() throws Exception {
        int threads = 4;
        int perThread = 500 * SCALE;
        try (EventLoop loop = EventLoop.create()) {
            Thread lt = Thread.ofPlatform().name("stress-loop").start(loop::runForever);
            List<CompletableFuture<Integer>> all = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> submitters = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                submitters.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int v = i;
                        all.add(loop.runCoroutineThreadsafe(() -> {
                            Aio.sleep(0);
                            Aio.sleep(0.0001);
                            return v;
                        }));
                    }
                }));
            }
            for (Thread s : submitters) {
                s.join();
            }
            long sum = 0;
            for (CompletableFuture<Integer> cf : all) {
                sum += cf.get(60, TimeUnit.SECONDS);
            }
            assertEquals((long) threads * perThread * (perThread - 1) / 2, sum);
            loop.stop();
            lt.join();
        }
    }

    @Test
    void manyTasksWokenByOtherThreadsAtOnce() {
        int n = 200 * SCALE;
        int total = AioTesting.runVirtual(() -> {
            EventLoop loop = EventLoop.current();
            List<Task<Integer>> ts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ts.add(loop.createTask(() -> {
                    int s = 0;
                    for (int k = 0; k < 5; k++) {
                        // loop-scheduled: JDK timer threads wake the tasks; strands: toThread futures
                        if (loop.taskBackend() == TaskBackend.LOOP) {
                            Thread.sleep(1);
                        } else {
                            loop.toThread(() -> null).await();
                        }
                        s++;
                    }
                    return s;
                }));
            }
            int sum = 0;
            for (Task<Integer> t : ts) {
                sum += t.await();
            }
            return sum;
        });
        assertEquals(5 * n, total);
    }
}
