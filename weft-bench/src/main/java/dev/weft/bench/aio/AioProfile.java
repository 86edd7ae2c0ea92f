package dev.weft.bench.aio;

import dev.weft.aio.Aio;
import dev.weft.aio.Event;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Future;
import dev.weft.aio.Task;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * Where the event loop's bytes and allocations go (docs/notes/perf.md): a class-histogram diff of
 * 100 000 tasks waiting on one Event (via the DiagnosticCommand MBean's gcClassHistogram), the
 * stack of a parked task, and bytes allocated per sleep(0) switch and per gathered future (the
 * loop thread's ThreadMXBean counter). Not a benchmark: run it by hand,
 * {@code java <weft flags> -Dweft.tasks=loop -cp weft-bench/target/benchmarks.jar
 * dev.weft.bench.aio.AioProfile [hist|alloc]} ({@code -Dcold=true}: no warm-up run).
 *
 * <p>Python: none (tracemalloc would be CPython's tool).
 */
public final class AioProfile {
    private AioProfile() {
    }

    static String histo() throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
            new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
            new Object[]{new String[0]}, new String[]{String[].class.getName()});
    }
    static Map<String, long[]> parse(String h) {
        Map<String, long[]> m = new HashMap<>();
        for (String line : h.split("\n")) {
            String[] p = line.trim().split("\\s+");
            if (p.length >= 4 && p[0].endsWith(":")) m.put(p[3], new long[]{Long.parseLong(p[1]), Long.parseLong(p[2])});
        }
        return m;
    }
    static final int N = 100_000;
    public static void main(String[] a) throws Exception {
        String mode = a.length > 0 ? a[0] : "all";
        if (mode.equals("all") || mode.equals("hist")) { if (!Boolean.getBoolean("cold")) hist(false); hist(true); }
        if (mode.equals("all") || mode.equals("alloc")) alloc();
    }
    static void hist(boolean print) throws Exception {
        try (EventLoop loop = EventLoop.create()) {
            loop.runUntilComplete(() -> {
                Event ev = new Event();
                List<Task<Void>> tasks = new ArrayList<>(N);
                Map<String, long[]> before = print ? parse(histo()) : null;
                for (int i = 0; i < N; i++) tasks.add(loop.createTask(() -> { ev.waitSet(); return null; }));
                Aio.sleep(0);
                if (!print) { ev.set(); Aio.gather(tasks).await(); return null; }
                Map<String, long[]> after = parse(histo());
                StackTraceElement[] st = tasks.get(0).stackTrace();
                System.out.println("parked task stack depth (Task.stackTrace): " + st.length);
                for (StackTraceElement e : st) System.out.println("   " + e);
                List<String[]> rows = new ArrayList<>();
                long tot = 0;
                for (var e : after.entrySet()) {
                    long[] b = before.getOrDefault(e.getKey(), new long[2]);
                    long dn = e.getValue()[0] - b[0], db = e.getValue()[1] - b[1];
                    if (db > N * 4L) rows.add(new String[]{String.valueOf(db), String.valueOf(dn), e.getKey()});
                    tot += db;
                }
                rows.sort((x, y) -> Long.compare(Long.parseLong(y[0]), Long.parseLong(x[0])));
                System.out.printf("histogram diff, %d waiting tasks: total %.1f B/task%n", N, (double) tot / N);
                for (String[] r : rows) System.out.printf("  %8.1f B/task %6.2f inst/task  %s%n", Double.parseDouble(r[0]) / N, Double.parseDouble(r[1]) / N, r[2]);
                ev.set();
                Aio.gather(tasks).await();
                return null;
            });
        }
    }
    static com.sun.management.ThreadMXBean TMX = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    static void alloc() throws Exception {
        for (int rep = 0; rep < 6; rep++) {
            long id = Thread.currentThread().threadId();
            long b0 = TMX.getThreadAllocatedBytes(id);
            int ops = switchRun();
            long b1 = TMX.getThreadAllocatedBytes(id);
            int gops = gatherRun();
            long b2 = TMX.getThreadAllocatedBytes(id);
            if (rep >= 3) System.out.printf("alloc: switch %.1f B/switch; gather %.1f B/future%n", (double) (b1 - b0) / ops, (double) (b2 - b1) / gops);
        }
    }
    static int switchRun() {
        try (EventLoop loop = EventLoop.create()) {
            return loop.runUntilComplete(() -> {
                List<Task<Void>> tasks = new ArrayList<>();
                for (int i = 0; i < 10; i++) tasks.add(loop.createTask(() -> { for (int r = 0; r < 20000; r++) Aio.sleep(0); return null; }));
                Aio.gather(tasks).await();
                return 200000;
            });
        }
    }
    static int gatherRun() {
        try (EventLoop loop = EventLoop.create()) {
            return loop.runUntilComplete(() -> {
                int n = 100000;
                List<Future<Integer>> futs = new ArrayList<>(n);
                for (int i = 0; i < n; i++) futs.add(loop.createFuture());
                loop.createTask(() -> { for (int i = 0; i < n; i++) futs.get(i).setResult(i); return null; });
                Aio.gather(futs).await();
                return n;
            });
        }
    }
}
