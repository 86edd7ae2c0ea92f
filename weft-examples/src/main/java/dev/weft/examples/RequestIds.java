package dev.weft.examples;

import dev.weft.aio.Aio;
import dev.weft.aio.ContextVar;
import dev.weft.aio.EventLoop;
import dev.weft.aio.Future;
import dev.weft.aio.Task;
import dev.weft.aio.Token;
import dev.weft.aio.net.Connection;
import dev.weft.aio.net.Server;
import dev.weft.aio.net.StreamReader;
import dev.weft.aio.net.StreamWriter;
import dev.weft.aio.net.Streams;
import java.io.IOException;
import java.io.PrintStream;
import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request id in every log line, without passing it around: a small stock server sets a
 * {@link ContextVar} per request, and every task, timer callback and worker thread that serves the
 * request logs through a {@link System.Logger} that reads it. Two clients ask at the same time;
 * each line still names the right request. Runs on loopback sockets and ends by itself.
 *
 * <pre>{@code
 * request_id = contextvars.ContextVar("request_id", default="-")
 *
 * async def handle(reader, writer):
 *     async for line in reader:
 *         token = request_id.set(f"req-{next(ids)}")
 *         log.info("received %s", line)
 *         stock = asyncio.create_task(lookup(item))   # copies the context: logs req-N too
 *         loop.call_later(0.01, log.info, "still working")
 *         await asyncio.to_thread(audit, item)        # so does the worker thread
 *         request_id.reset(token)
 * }</pre>
 */
public final class RequestIds {
    /** The id of the request being served; "-" outside any request. */
    static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id", "-");
    static final List<String> ITEMS = List.of("apple", "pear");

    private RequestIds() {
    }

    /**
     * A {@link System.Logger} that writes {@code LEVEL [request id] message} lines: the one place
     * that knows about the request id. A real program would put the same lookup in its logging
     * backend's formatter (or its MDC adapter).
     */
    static final class RequestLog implements System.Logger {
        private final String name;
        private final PrintStream out;

        RequestLog(String name, PrintStream out) {
            this.name = name;
            this.out = out;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level.getSeverity() >= Level.DEBUG.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            line(level, msg + (thrown == null ? "" : " (" + thrown + ")"));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            line(level, params == null || params.length == 0 ? format : MessageFormat.format(format, params));
        }

        private void line(Level level, String msg) {
            if (isLoggable(level)) {
                synchronized (out) { // the worker thread logs too
                    out.println(String.format("%-5s [%s] %s", level.getName(), REQUEST_ID.get(), msg));
                }
            }
        }
    }

    /** The server: one task per connection (the server starts it), one request id per line. */
    static final class StockServer {
        private final System.Logger log;
        private final AtomicInteger ids = new AtomicInteger();

        StockServer(System.Logger log) {
            this.log = log;
        }

        void handle(StreamReader reader, StreamWriter writer) throws IOException {
            log.log(System.Logger.Level.INFO, "connection opened");
            String line;
            while ((line = reader.readLineUtf8()) != null) {
                try (Token<String> t = REQUEST_ID.set("req-" + ids.incrementAndGet())) {
                    writer.write(serve(line.strip()) + "\n");
                    writer.drain();
                    log.log(System.Logger.Level.INFO, "replied");
                } // the token puts the connection back to "no request"
            }
            log.log(System.Logger.Level.INFO, "connection closed");
            writer.close();
        }

        /** Serves one request; everything it starts logs the request's id. */
        private String serve(String item) {
            EventLoop loop = EventLoop.current();
            log.log(System.Logger.Level.INFO, "received {0}", item);
            // two tasks: each gets a copy of this task's context, so they log this request's id
            Task<Integer> stock = loop.createTask(() -> {
                log.log(System.Logger.Level.INFO, "stock lookup for {0}", item);
                Aio.sleep(0.02);
                return item.length();
            });
            Task<String> price = loop.createTask(() -> {
                log.log(System.Logger.Level.INFO, "price lookup for {0}", item);
                Aio.sleep(0.03);
                return "1." + item.length() + "0";
            });
            // a timer callback runs in the context current when it was scheduled
            var slow = loop.callLater(0.01, () -> log.log(System.Logger.Level.DEBUG, "still working on {0}", item));
            int n = stock.await();
            String p = price.await();
            slow.cancel();
            // toThread runs its function in a copy of the context, on a worker thread
            Future<Void> audit = loop.toThread(() -> {
                log.log(System.Logger.Level.INFO, "audit record written on a worker thread");
                return null;
            });
            audit.await();
            return item + ": " + n + " in stock at " + p + " (" + REQUEST_ID.get() + ")";
        }
    }

    /** Starts the server, asks for every item at once from separate clients, prints replies and logs. */
    public static void run(PrintStream out) {
        try (EventLoop loop = EventLoop.create()) {
            loop.runUntilComplete(() -> {
                serveTwoClients(out);
                return null;
            });
        }
    }

    static void serveTwoClients(PrintStream out) throws IOException {
        System.Logger log = new RequestLog("stock", out);
        StockServer stockServer = new StockServer(log);
        Server server = Streams.startServer(stockServer::handle, "127.0.0.1", 0);
        EventLoop loop = EventLoop.current();
        List<Task<String>> clients = ITEMS.stream().map(item -> loop.createTask(() -> {
            try (Connection c = Streams.openConnection("127.0.0.1", server.port())) {
                c.writer().write(item + "\n");
                c.writer().drain();
                return c.reader().readLineUtf8();
            }
        })).toList();
        for (Task<String> c : clients) {
            out.println("client got: " + c.await());
        }
        server.close();
        server.waitClosed();
        log.log(System.Logger.Level.INFO, "server closed");
    }

    /** {@code RequestIds}: runs the demo on loopback sockets. */
    public static void main(String[] args) {
        run(Py.stdout());
    }
}
