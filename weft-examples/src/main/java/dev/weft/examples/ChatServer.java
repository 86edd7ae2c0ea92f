package dev.weft.examples;

import dev.weft.aio.EventLoop;
import dev.weft.aio.Queue;
import dev.weft.aio.QueueFull;
import dev.weft.aio.Task;
import dev.weft.aio.net.Server;
import dev.weft.aio.net.StreamReader;
import dev.weft.aio.net.StreamWriter;
import dev.weft.aio.net.Streams;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A line-based chat server: each line a client sends goes to every other client, prefixed with
 * the sender's name. Try it with {@code ./weft example ChatServer} and two {@code nc 127.0.0.1 8888}.
 *
 * <p>Commands: {@code /nick NAME} renames you, {@code /who} lists who is here. A client that reads
 * so slowly that {@value #OUTBOX} lines pile up for it is disconnected, so one slow reader never
 * makes the server's memory grow or holds the others back.
 *
 * <pre>{@code
 * async def handle(reader, writer):
 *     member = Member(writer); members.add(member)
 *     broadcast(f'* {member.name} joined')
 *     async for line in reader:
 *         broadcast(f'{member.name}: {line}', but_not=member)
 *     members.discard(member); broadcast(f'* {member.name} left')
 * }</pre>
 */
public final class ChatServer {
    /** Lines queued for one client before it counts as too slow. */
    static final int OUTBOX = 100;

    private final Set<Member> members = new LinkedHashSet<>();
    private int guests;

    /** One connected client: its name, its writer, and the task that feeds its writer. */
    private static final class Member {
        String name;
        final StreamWriter writer;
        final Queue<String> outbox = new Queue<>(OUTBOX);
        Task<Void> sender;
        /** Why the server dropped this member, or null. */
        String dropped;

        Member(String name, StreamWriter writer) {
            this.name = name;
            this.writer = writer;
        }
    }

    /** Serves one client; the server's {@code ConnectionHandler}. */
    void handle(StreamReader reader, StreamWriter writer) throws IOException {
        Member me = new Member("guest-" + ++guests, writer);
        me.sender = EventLoop.current().createTask(() -> {
            while (true) {
                writer.write(me.outbox.get());
                writer.drain();
            }
        }, "chat sender for " + me.name);
        String why = "left";
        try {
            offer(me, "welcome, " + me.name + "! " + (members.isEmpty() ? "nobody else is here" : "here: " + names())
                    + "; /nick NAME renames you\n");
            members.add(me);
            broadcast(me, "* " + me.name + " joined\n");
            String line;
            while ((line = reader.readLineUtf8()) != null) {
                if (line.startsWith("/nick ") && !line.substring(6).isBlank()) {
                    String old = me.name;
                    me.name = line.substring(6).strip();
                    broadcast(null, "* " + old + " is now " + me.name + "\n");
                } else if (line.equals("/who")) {
                    offer(me, "here: " + names() + "\n");
                } else {
                    broadcast(me, me.name + ": " + line + "\n");
                }
            }
        } catch (IOException e) {
            why = "left (" + e.getMessage() + ")";
        } finally {
            members.remove(me);
            me.sender.cancel();
            broadcast(me, "* " + me.name + " " + (me.dropped != null ? "left (" + me.dropped + ")" : why) + "\n");
            writer.close();
        }
    }

    private String names() {
        List<String> names = new ArrayList<>();
        members.forEach(m -> names.add(m.name));
        return String.join(", ", names);
    }

    /** Queues {@code line} for everyone but {@code from}. */
    private void broadcast(Member from, String line) {
        for (Member m : List.copyOf(members)) {
            if (m != from) {
                offer(m, line);
            }
        }
    }

    private void offer(Member m, String line) {
        try {
            m.outbox.putNowait(line);
        } catch (QueueFull e) {
            members.remove(m);
            m.dropped = "too slow: " + OUTBOX + " lines were waiting for it";
            m.writer.abort(); // its handler's read ends, and the handler announces the departure
        }
    }

    /** Starts a chat server in the current task and prints {@code listening on HOST:PORT}. */
    static Server start(String host, int port, PrintStream out) throws IOException {
        ChatServer chat = new ChatServer();
        return EchoServer.announce(Streams.startServer(chat::handle, host, port), out);
    }

    /** {@code ChatServer [--host H] [--port P]}: serves until the process is stopped. */
    public static void main(String[] args) {
        EchoServer.Args a = EchoServer.Args.parse("ChatServer", args);
        EventLoop.run(() -> {
            try (Server server = start(a.host(), a.port(), Py.stdout())) {
                server.serveForever();
            }
            return null;
        });
    }
}
