package dev.weft.examples;

import dev.weft.aio.EventLoop;
import dev.weft.aio.net.Connection;
import dev.weft.aio.net.Server;
import dev.weft.aio.net.Streams;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The tour's network entry: {@link EchoServer} with {@link EchoClient}, then a {@link ChatServer}
 * where alice and bob talk, all on loopback sockets of one real-clock loop; it ends by itself.
 */
public final class NetDemo {
    private NetDemo() {
    }

    /** Runs both demos on a fresh loop, closed afterwards. */
    public static void run(PrintStream out) {
        try (EventLoop loop = EventLoop.create()) {
            loop.runUntilComplete(() -> {
                echo(out);
                chat(out);
                return null;
            });
        }
    }

    static void echo(PrintStream out) throws IOException {
        try (Server server = EchoServer.start("127.0.0.1", 0, out)) {
            EchoClient.talk("127.0.0.1", server.port(), List.of("hello", "weft"), out);
            server.close();
            server.waitClosed();
        }
    }

    static void chat(PrintStream out) throws IOException {
        Server server = ChatServer.start("127.0.0.1", 0, out);
        Connection alice = Streams.openConnection("127.0.0.1", server.port());
        hear(out, "alice", alice);                       // welcome, guest-1!
        say(out, "alice", alice, "/nick alice");
        hear(out, "alice", alice);                       // * guest-1 is now alice
        Connection bob = Streams.openConnection("127.0.0.1", server.port());
        hear(out, "bob", bob);                           // welcome, guest-2! here: alice
        hear(out, "alice", alice);                       // * guest-2 joined
        say(out, "bob", bob, "/nick bob");
        hear(out, "alice", alice);
        hear(out, "bob", bob);
        say(out, "alice", alice, "hi bob");
        hear(out, "bob", bob);
        say(out, "bob", bob, "hi alice, bye");
        hear(out, "alice", alice);
        bob.close();
        hear(out, "alice", alice);                       // * bob left
        alice.close();
        server.close();
        server.waitClosed();
    }

    private static void say(PrintStream out, String who, Connection c, String line) {
        out.println(who + " > " + line);
        c.writer().write(line + "\n");
    }

    private static void hear(PrintStream out, String who, Connection c) throws IOException {
        out.println(who + " < " + c.reader().readLineUtf8());
    }
}
