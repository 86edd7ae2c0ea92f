package dev.weft.bench.net;

import dev.weft.aio.Aio;
import dev.weft.aio.Backends;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Task;
import dev.weft.aio.TaskBackend;
import dev.weft.aio.net.Connection;
import dev.weft.aio.net.Server;
import dev.weft.aio.net.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The loopback echo benchmarks of {@code ./weft bench net}: 64-byte messages echoed by a server and
 * a client in the same process, one round trip at a time per connection. {@code net_bench.py}
 * does exactly the same with asyncio, uvloop and gevent.
 *
 * <pre>
 * echo_1x20000    1 connection, 20 000 round trips
 * echo_100x1000   100 connections at once, 1 000 round trips each
 * </pre>
 *
 * <p>{@code NetBench weft} uses weft's streams on one loop (the backend follows
 * {@code -Dweft.backend.tasks}); {@code NetBench vthreads} uses plain JDK virtual threads with blocking
 * {@code java.net.Socket}s on the default scheduler (which may use every core). Prints
 * {@code name<TAB>round trips per second<TAB>impl}, the best of several runs after a warm-up.
 */
public final class NetBench {
    static final int SIZE = 64;
    static final int RUNS = Integer.getInteger("weft.bench.runs", 5);

    private NetBench() {
    }

    /** A workload: connections x round trips each. */
    record Load(String name, int connections, int trips) {
        long total() {
            return (long) connections * trips;
        }
    }

    static final List<Load> LOADS = List.of(new Load("echo_1x20000", 1, 20_000), new Load("echo_100x1000", 100, 1_000));

    // ---- weft -----------------------------------------------------------------------------------

    static double weft(Load load) {
        try (EventLoop loop = EventLoop.create()) {
            return loop.runUntilComplete(() -> {
                Server server = Streams.startServer((r, w) -> {
                    byte[] data;
                    while ((data = r.read(65536)).length > 0) {
                        w.write(data);
                        w.drain();
                    }
                    w.close();
                }, "127.0.0.1", 0, 1000, 65536);
                long t0 = System.nanoTime();
                List<Task<Void>> clients = new ArrayList<>();
                for (int c = 0; c < load.connections(); c++) {
                    clients.add(EventLoop.current().createTask(() -> {
                        Connection conn = Streams.openConnection("127.0.0.1", server.port());
                        byte[] msg = new byte[SIZE];
                        for (int i = 0; i < load.trips(); i++) {
                            conn.writer().write(msg);
                            conn.reader().readExactly(SIZE);
                        }
                        conn.close();
                        conn.writer().waitClosed();
                        return null;
                    }));
                }
                Aio.gather(clients).await();
                double secs = (System.nanoTime() - t0) / 1e9;
                server.close();
                server.waitClosed();
                return load.total() / secs;
            });
        }
    }

    // ---- JDK virtual threads, blocking sockets ---------------------------------------------------

    static double vthreads(Load load) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            pool.submit(() -> {
                while (true) {
                    Socket s;
                    try {
                        s = ss.accept();
                    } catch (IOException closed) {
                        return null;
                    }
                    pool.submit(() -> {
                        try (s) {
                            s.setTcpNoDelay(true);
                            InputStream in = s.getInputStream();
                            OutputStream out = s.getOutputStream();
                            byte[] buf = new byte[65536];
                            int n;
                            while ((n = in.read(buf)) > 0) {
                                out.write(buf, 0, n);
                            }
                        }
                        return null;
                    });
                }
            });
            long t0 = System.nanoTime();
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < load.connections(); c++) {
                clients.add(pool.submit(() -> {
                    try (Socket s = new Socket()) {
                        s.setTcpNoDelay(true);
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), ss.getLocalPort()));
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream();
                        byte[] msg = new byte[SIZE];
                        for (int i = 0; i < load.trips(); i++) {
                            out.write(msg);
                            if (in.readNBytes(SIZE).length != SIZE) {
                                throw new IOException("short echo");
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            ss.close();
            return load.total() / secs;
        }
    }

    /** {@code NetBench weft|vthreads [LOAD...]}. */
    public static void main(String[] args) throws Exception {
        String impl = args.length > 0 ? args[0] : "weft";
        String label = impl.equals("weft")
                ? "weft-" + Backends.tasks().name().toLowerCase(java.util.Locale.ROOT) : impl;
        for (Load load : LOADS) {
            if (args.length > 1 && !List.of(args).subList(1, args.length).contains(load.name())) {
                continue;
            }
            double best = 0;
            for (int run = -1; run < RUNS; run++) { // run -1 warms the JIT up
                double rate = impl.equals("weft") ? weft(load) : vthreads(load);
                if (run >= 0) {
                    best = Math.max(best, rate);
                }
            }
            System.out.printf("%s\t%.0f\t%s%n", load.name(), best, label);
        }
    }
}
