package dev.weft.examples;

import dev.weft.gen.Generator;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Seed 001: a producer hands five items to a consumer with {@code send}; the consumer answers each
 * with {@code "200 OK"}. No locks and one thread: each side runs while the other waits at its
 * {@code yield}/{@code send}.
 *
 * <pre>{@code
 * def consumer():
 *     r = ''
 *     while True:
 *         n = yield r
 *         if not n:
 *             return
 *         print('[CONSUMER] ←← Consuming %s...' % n)
 *         time.sleep(1)
 *         r = '200 OK'
 *
 * def produce(c):
 *     next(c)
 *     n = 0
 *     while n < 5:
 *         n = n + 1
 *         print('[PRODUCER] →→ Producing %s...' % n)
 *         cr = c.send(n)
 *         print('[PRODUCER] Consumer return: %s' % cr)
 *     c.close()
 * }</pre>
 *
 * <p>The seed's consumer sleeps a second per item to stand for I/O; here the pause is a parameter
 * (zero in tests). The sleep blocks the whole thread, producer included: a generator alone cannot
 * overlap waits, which is why the seed moves on to gevent (weft: {@code dev.weft.green}).
 */
public final class ProduceConsume200Ok {

    /** The seed's one-second pause per consumed item. */
    public static final Duration SEED_PAUSE = Duration.ofSeconds(1);

    private ProduceConsume200Ok() {
    }

    /** The consumer: prints each item, pauses, and answers {@code "200 OK"}; a null or 0 item ends it. */
    public static Generator<String, Integer, Void> consumer(PrintStream out, Duration pause) {
        return Generator.of("consumer", ctx -> {
            String r = "";
            while (true) {
                Integer n = ctx.yield(r);
                if (n == null || n == 0) { // Python: if not n
                    return null;
                }
                out.println("[CONSUMER] ←← Consuming " + n + "...");
                Thread.sleep(pause); // stands for I/O, and blocks everything
                r = "200 OK";
            }
        });
    }

    /** The producer: starts the consumer, sends it 1 to 5, prints each answer, and closes it. */
    public static void produce(Generator<String, Integer, Void> c, PrintStream out) {
        c.next(); // start the consumer
        int n = 0;
        while (n < 5) {
            n = n + 1;
            out.println("[PRODUCER] →→ Producing " + n + "...");
            String cr = c.send(n); // switch to the consumer
            out.println("[PRODUCER] Consumer return: " + cr);
        }
        c.close(); // no more items: close the consumer
    }

    /** The seed's main program, with the given pause per consumed item. */
    public static void run(PrintStream out, Duration pause) {
        Generator<String, Integer, Void> c = consumer(out, pause);
        produce(c, out);
    }

    /** The seed's main program without the pause. */
    public static void run(PrintStream out) {
        run(out, Duration.ZERO);
    }

    /** Runs the example on standard output with the seed's one-second pause. */
    public static void main(String[] args) {
        run(Py.stdout(), SEED_PAUSE);
    }
}
