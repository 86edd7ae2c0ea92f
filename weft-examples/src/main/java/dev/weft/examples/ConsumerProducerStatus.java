package dev.weft.examples;

import dev.weft.gen.Generator;
import java.io.PrintStream;

/**
 * Seed 000: a producer sends 5, 4, 3, ... to a consumer with {@code send}; the consumer answers
 * each number with a status, and wants only 3, 4 and 5: at 3 it answers {@code False} and the
 * main program stops the producer.
 *
 * <pre>{@code
 * def consumer():
 *     status = True
 *     while status:            # weft: while True, see below
 *         n = yield status
 *         print "我拿到了{}".format(n)
 *         if n == 3:
 *             status = False
 *
 * def producer(consumer):
 *     n = 5
 *     while n > 0:
 *         yield consumer.send(n)
 *         n -= 1
 * }</pre>
 *
 * <p>One change from the seed: its consumer loops {@code while status}, so after setting the status
 * to {@code False} it returns instead of yielding it, and {@code consumer.send(3)} raises
 * {@code StopIteration} inside the producer. Python 2 (the seed's dialect) then silently ended the
 * producer, so "我只要3,4,5就行啦" was never printed; Python 3.7+ and weft (PEP 479) turn the
 * escaping {@code StopIteration} into an error. The consumer here loops {@code while (true)}, so the
 * {@code False} status reaches the main program as the seed's prose intends.
 * {@link #literalConsumer()} keeps the seed's loop, to show that error.
 */
public final class ConsumerProducerStatus {

    private ConsumerProducerStatus() {
    }

    /** The consumer: prints each number it gets and yields its status, {@code false} from 3 on. */
    public static Generator<Boolean, Integer, Void> consumer(PrintStream out) {
        return Generator.of("consumer", ctx -> {
            boolean status = true;
            while (true) {
                Integer n = ctx.yield(status);
                out.println("我拿到了" + n); // "I got n"
                if (n == 3) {
                    status = false;
                }
            }
        });
    }

    /** The seed's consumer as written: it returns (instead of yielding {@code false}) once it sees 3. */
    public static Generator<Boolean, Integer, Void> literalConsumer(PrintStream out) {
        return Generator.of("consumer", ctx -> {
            boolean status = true;
            while (status) {
                Integer n = ctx.yield(status);
                out.println("我拿到了" + n);
                if (n == 3) {
                    status = false;
                }
            }
            return null;
        });
    }

    /** The producer: sends 5, 4, 3, 2, 1 to the consumer and yields each status the consumer answers. */
    public static Generator<Boolean, Void, Void> producer(Generator<Boolean, Integer, Void> consumer) {
        return Generator.of("producer", ctx -> {
            int n = 5;
            while (n > 0) {
                // Hand the consumer's status to the main program.
                ctx.yield(consumer.send(n));
                n -= 1;
            }
            return null;
        });
    }

    /** The seed's main program. */
    public static void run(PrintStream out) {
        Generator<Boolean, Integer, Void> c = consumer(out);
        c.send(null); // start the consumer: run it to its first yield
        Generator<Boolean, Void, Void> p = producer(c);
        for (boolean status : p) {
            if (!status) {
                out.println("我只要3,4,5就行啦"); // "3, 4 and 5 are all I want"
                break;
            }
        }
        out.println("程序结束"); // "the program ends"
    }

    /** Runs the example on standard output. */
    public static void main(String[] args) {
        run(Py.stdout());
    }
}
