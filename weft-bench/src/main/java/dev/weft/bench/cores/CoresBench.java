package dev.weft.bench.cores;

import dev.weft.aio.LoopGroup;
import dev.weft.aio.net.GroupServer;
import dev.weft.aio.net.StreamReader;
import dev.weft.aio.net.StreamWriter;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The servers and the load generator of {@code ./weft bench cores}. {@code cores_bench.py} serves
 * the same protocol from CPython asyncio, one process per core with SO_REUSEPORT.
 *
 * <pre>
 * CoresBench serve N MODE          a LoopGroup of N loops behind one GroupServer (MODE: spread or
 *                                  reuse_port); prints the port, serves until stdin closes
 * CoresBench client PORT LOAD C T  C connections at once, T requests each, one at a time per
 *                                  connection; prints requests per second
 * </pre>
 *
 * <p>Requests: {@code echo}: 64 bytes, echoed. {@code hash}: 4 KiB; the server replies with the
 * SHA-256 of the bytes, hashed {@link #ROUNDS} times over (about the work of hashing 32 KiB), 32
 * bytes. The client always runs in its own JVM on JDK virtual threads, so the same load generator
 * drives weft and CPython.
 */
public final class CoresBench {
    static final int ECHO = 64;
    static final int HASH_IN = 4096;
    static final int ROUNDS = 8;

    private CoresBench() {
    }

    static byte[] hash(byte[] request) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] d = new byte[0];
        for (int i = 0; i < ROUNDS; i++) {
            md.update(d);
            md.update(request);
            d = md.digest();
        }
        return d;
    }

    static void serve(int loops, GroupServer.Mode mode) throws Exception {
        LoopGroup.run(loops, () -> {
            LoopGroup group = LoopGroup.current();
            GroupServer server = GroupServer.start(group, CoresBench::handle, "127.0.0.1", 0, mode);
            System.out.println(server.port());
            System.out.flush();
            // stdin closing is the signal to stop: wait for it off the loop
            group.loops().get(0).toThread(() -> System.in.read()).await();
            System.err.println("served per loop: " + server.servedPerLoop());
            server.close();
            return null;
        });
    }

    private static void handle(StreamReader r, StreamWriter w) throws Exception {
        byte[] kind = r.readExactly(1);
        if (kind[0] == 'e') {
            byte[] data;
            while ((data = r.read(65536)).length > 0) {
                w.write(data);
                w.drain();
            }
        } else {
            while (true) {
                byte[] req;
                try {
                    req = r.readExactly(HASH_IN);
                } catch (dev.weft.aio.net.IncompleteReadError end) {
                    break; // the client closed between requests
                }
                w.write(hash(req));
                w.drain();
            }
        }
        w.close();
    }

    static double client(int port, String load, int connections, int trips) throws Exception {
        boolean echo = load.equals("echo");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            long t0 = System.nanoTime();
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int seed = c;
                clients.add(pool.submit(() -> {
                    try (Socket s = new Socket()) {
                        s.setTcpNoDelay(true);
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream();
                        out.write(echo ? 'e' : 'h');
                        byte[] msg = new byte[echo ? ECHO : HASH_IN];
                        new java.util.Random(seed).nextBytes(msg);
                        byte[] expect = echo ? msg : hash(msg);
                        for (int i = 0; i < trips; i++) {
                            out.write(msg);
                            byte[] got = in.readNBytes(expect.length);
                            if (!java.util.Arrays.equals(got, expect)) {
                                throw new IllegalStateException("wrong answer on connection " + seed + " request " + i);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
            return (double) connections * trips / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** See the class comment. */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "serve" -> serve(Integer.parseInt(args[1]),
                    args.length > 2 && args[2].equals("reuse_port") ? GroupServer.Mode.REUSE_PORT : GroupServer.Mode.SPREAD);
            case "client" -> System.out.printf("%.0f%n", client(Integer.parseInt(args[1]), args[2],
                    Integer.parseInt(args[3]), Integer.parseInt(args[4])));
            default -> throw new IllegalArgumentException("usage: CoresBench serve N [spread|reuse_port] | client PORT "
                    + "echo|hash CONNECTIONS REQUESTS");
        }
    }
}
