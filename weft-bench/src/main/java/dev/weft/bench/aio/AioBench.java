package dev.weft.bench.aio;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Event;
import dev.weft.aio.Future;
import dev.weft.aio.Queue;
import dev.weft.aio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The event-loop benchmarks of {@code ./weft bench aio}, as a main class so that both task
 * backends ({@code -Dweft.tasks=loop|strand}) and CPython ({@code weft-bench/python/aio_bench.py})
 * measure exactly the same operations the same way: best of several timed runs after warm-up.
 *
 * <p>Prints one line per benchmark: {@code name<TAB>value<TAB>backend}, where value is ns per
 * operation ({@code task_bytes}: bytes per task).
 *
 * <pre>
 * switch          one task switch: Aio.sleep(0) among 10 tasks (ns per sleep(0))
 * spawn           create + run + finish one trivial task, 100 000 of them (ns per task)
 * task_bytes      heap per task for 100 000 tasks waiting on one Event (bytes)
 * queue_pingpong  one put + get round trip between two tasks over two Queues (ns)
 * gather          gather of 10 000 futures completed by a task (ns per future)
 * </pre>
 */
public final class AioBench {
    static final int SWITCH_TASKS = 10;
    static final int SWITCH_ROUNDS = 20_000;
    static final int SPAWN_N = 100_000;
    static final int BYTES_N = 100_000;
    static final int PINGPONG_N = 50_000;
    static final int GATHER_N = 10_000;

    private AioBench() {
    }

    /** One timed run: elapsed nanoseconds (or bytes) and the number of operations. */
    record Sample(long amount, int ops) {
        double perOp() {
            return (double) amount / ops;
        }
    }

    static <T> T onLoop(Callable<T> main) {
        try (EventLoop loop = EventLoop.create()) {
            // The memory probe parks 100 000 tasks and calls System.gc() inside one step on purpose;
            // the stuck-loop watchdog would report that as a stall.
            loop.setWatchdog(0);
            return loop.runUntilComplete(main);
        }
    }

    static Sample switchBench() {
        return onLoop(() -> {
            EventLoop loop = EventLoop.current();
            long t0 = System.nanoTime();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < SWITCH_TASKS; i++) {
                tasks.add(loop.createTask(() -> {
                    for (int r = 0; r < SWITCH_ROUNDS; r++) {
                        Aio.sleep(0);
                    }
                    return null;
                }));
            }
            Aio.gather(tasks).await();
            return new Sample(System.nanoTime() - t0, SWITCH_TASKS * SWITCH_ROUNDS);
        });
    }

    static Sample spawnBench() {
        return onLoop(() -> {
            EventLoop loop = EventLoop.current();
            long t0 = System.nanoTime();
            List<Task<Integer>> tasks = new ArrayList<>(SPAWN_N);
            for (int i = 0; i < SPAWN_N; i++) {
                tasks.add(loop.createTask(() -> 1));
            }
            for (Task<Integer> t : tasks) {
                t.await();
            }
            return new Sample(System.nanoTime() - t0, SPAWN_N);
        });
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    static Sample taskBytesBench() {
        return onLoop(() -> {
            EventLoop loop = EventLoop.current();
            Event ev = new Event();
            long before = usedHeap();
            List<Task<Void>> tasks = new ArrayList<>(BYTES_N);
            for (int i = 0; i < BYTES_N; i++) {
                tasks.add(loop.createTask(() -> { ev.waitSet(); return null; }));
            }
            Aio.sleep(0); // every task now waits on the event
            long after = usedHeap();
            ev.set();
            Aio.gather(tasks).await();
            return new Sample(after - before, BYTES_N);
        });
    }

    static Sample pingPongBench() {
        return onLoop(() -> {
            EventLoop loop = EventLoop.current();
            Queue<Integer> ping = new Queue<>();
            Queue<Integer> pong = new Queue<>();
            long t0 = System.nanoTime();
            Task<Void> echo = loop.createTask(() -> {
                for (int i = 0; i < PINGPONG_N; i++) {
                    pong.putNowait(ping.get());
                }
                return null;
            });
            for (int i = 0; i < PINGPONG_N; i++) {
                ping.put(i);
                pong.get();
            }
            echo.await();
            return new Sample(System.nanoTime() - t0, PINGPONG_N);
        });
    }

    static Sample gatherBench() {
        return onLoop(() -> {
            EventLoop loop = EventLoop.current();
            long t0 = System.nanoTime();
            List<Future<Integer>> futs = new ArrayList<>(GATHER_N);
            for (int i = 0; i < GATHER_N; i++) {
                futs.add(loop.createFuture());
            }
            loop.createTask(() -> {
                for (int i = 0; i < GATHER_N; i++) {
                    futs.get(i).setResult(i);
                }
                return null;
            });
            List<Integer> res = Aio.gather(futs).await();
            if (res.size() != GATHER_N) {
                throw new AssertionError("gather returned " + res.size() + " results");
            }
            return new Sample(System.nanoTime() - t0, GATHER_N);
        });
    }

    interface Bench {
        Sample run();
    }

    static double best(Bench b, int warmups, int runs) {
        for (int i = 0; i < warmups; i++) {
            b.run();
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            best = Math.min(best, b.run().perOp());
        }
        return best;
    }

    /** Runs every benchmark (or the ones named in {@code args}) and prints the TSV lines. */
    public static void main(String[] args) {
        Set<String> only = Set.of(args);
        String backend = dev.weft.aio.Backends.tasks().name().toLowerCase(java.util.Locale.ROOT);
        record Row(String name, Bench bench, int warmups, int runs) { }
        List<Row> rows = List.of(
                new Row("switch", AioBench::switchBench, 3, 5),
                new Row("spawn", AioBench::spawnBench, 3, 5),
                // A parked task's stack chunk is smaller once its frames are compiled: measure the
                // steady state after warm-up, the smallest of three rounds.
                new Row("task_bytes", AioBench::taskBytesBench, 3, 3),
                new Row("queue_pingpong", AioBench::pingPongBench, 3, 5),
                // A gather of 10 000 futures takes a few ms: more rounds, so the JIT has compiled
                // the callback path before the best round is taken (as JMH warm-up would).
                new Row("gather", AioBench::gatherBench, 20, 20));
        for (Row row : rows) {
            if (!only.isEmpty() && !only.contains(row.name())) {
                continue;
            }
            double v = best(row.bench(), row.warmups(), row.runs());
            System.out.printf(java.util.Locale.ROOT, "%s\t%.1f\t%s%n", row.name(), v, backend);
            System.out.flush();
        }
    }
}
