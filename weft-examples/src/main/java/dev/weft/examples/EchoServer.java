package dev.weft.examples;

import dev.weft.aio.EventLoop;
import dev.weft.aio.net.Server;
import dev.weft.aio.net.StreamReader;
import dev.weft.aio.net.StreamWriter;
import dev.weft.aio.net.Streams;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;

/**
 * A TCP echo server on weft's streams: every byte a client sends comes back, until the client
 * closes its side. {@code ./weft example EchoServer [--host H] [--port P]} prints
 * {@code listening on HOST:PORT} once bound and serves until Ctrl-C.
 *
 * <pre>{@code
 * async def handle(reader, writer):
 *     while data := await reader.read(4096):
 *         writer.write(data)
 *         await writer.drain()
 *     writer.close()
 *
 * server = await asyncio.start_server(handle, host, port)
 * async with server:
 *     await server.serve_forever()
 * }</pre>
 */
public final class EchoServer {
    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 8888;

    private EchoServer() {
    }

    /** Echoes until the client's EOF, then closes: the whole server logic. */
    static void handle(StreamReader reader, StreamWriter writer) throws IOException {
        byte[] data;
        while ((data = reader.read(4096)).length > 0) {
            writer.write(data);
            writer.drain(); // a client that does not read makes this wait: memory stays bounded
        }
        writer.close();
    }

    /** Starts the server in the current task and prints {@code listening on HOST:PORT}. */
    static Server start(String host, int port, PrintStream out) throws IOException {
        return announce(Streams.startServer(EchoServer::handle, host, port), out);
    }

    /** Prints {@code listening on HOST:PORT} for {@code server} (the network examples' first line). */
    static Server announce(Server server, PrintStream out) {
        InetSocketAddress a = (InetSocketAddress) server.addresses().get(0);
        out.println("listening on " + a.getAddress().getHostAddress() + ":" + a.getPort());
        out.flush();
        return server;
    }

    /** {@code EchoServer [--host H] [--port P]}: serves until the process is stopped. */
    public static void main(String[] args) {
        Args a = Args.parse("EchoServer", args);
        EventLoop.run(() -> {
            try (Server server = start(a.host(), a.port(), Py.stdout())) {
                server.serveForever();
            }
            return null;
        });
    }

    /** The {@code --host} / {@code --port} options shared by the network examples. */
    record Args(String host, int port, java.util.List<String> rest) {
        static Args parse(String name, String[] args) {
            String host = DEFAULT_HOST;
            int port = DEFAULT_PORT;
            java.util.List<String> rest = new java.util.ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--host" -> host = value(name, args, ++i);
                    case "--port" -> {
                        String v = value(name, args, ++i);
                        try {
                            port = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            usage(name, "--port needs a number, not '" + v + "'");
                        }
                    }
                    case "-h", "--help" -> usage(name, null);
                    default -> rest.add(args[i]);
                }
            }
            return new Args(host, port, rest);
        }

        private static String value(String name, String[] args, int i) {
            if (i >= args.length) {
                usage(name, args[i - 1] + " needs a value");
            }
            return args[i];
        }

        private static void usage(String name, String problem) {
            PrintStream err = System.err;
            if (problem != null) {
                err.println(name + ": " + problem);
            }
            err.println("usage: ./weft example " + name + " [--host H] [--port P]" + (name.equals("EchoClient")
                    ? " [MESSAGE...]" : "") + "   (defaults: " + DEFAULT_HOST + ", " + DEFAULT_PORT + ")");
            System.exit(problem == null ? 0 : 2);
        }
    }
}
