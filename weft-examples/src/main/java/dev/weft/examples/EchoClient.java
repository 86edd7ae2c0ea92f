package dev.weft.examples;

import dev.weft.aio.EventLoop;
import dev.weft.aio.net.Connection;
import dev.weft.aio.net.Streams;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * A client for {@link EchoServer}: sends each message as a line and prints what comes back.
 * {@code ./weft example EchoClient [--host H] [--port P] [MESSAGE...]} (default message: hello).
 *
 * <pre>{@code
 * reader, writer = await asyncio.open_connection(host, port)
 * for message in messages:
 *     writer.write(message.encode() + b'\n')
 *     print('echo:', (await reader.readline()).decode().rstrip())
 * writer.close()
 * await writer.wait_closed()
 * }</pre>
 */
public final class EchoClient {
    private EchoClient() {
    }

    /** Sends {@code messages} one line at a time, printing each echo; in the current task. */
    static void talk(String host, int port, List<String> messages, PrintStream out) throws IOException {
        Connection c = Streams.openConnection(host, port);
        try {
            for (String m : messages) {
                c.writer().write(m + "\n");
                out.println("echo: " + c.reader().readLineUtf8());
            }
        } finally {
            c.close();
        }
        c.writer().waitClosed();
    }

    /** {@code EchoClient [--host H] [--port P] [MESSAGE...]}. */
    public static void main(String[] args) {
        EchoServer.Args a = EchoServer.Args.parse("EchoClient", args);
        List<String> messages = a.rest().isEmpty() ? List.of("hello") : a.rest();
        try {
            EventLoop.run(() -> {
                talk(a.host(), a.port(), messages, Py.stdout());
                return null;
            });
        } catch (Exception e) { // EventLoop.run rethrows the task's checked exceptions undeclared
            if (!(e instanceof java.net.ConnectException)) {
                throw e;
            }
            System.err.println("EchoClient: " + e.getMessage() + " (start one with ./weft example EchoServer)");
            System.exit(1);
        }
    }
}
