package dev.weft.examples;

import dev.weft.gen.Generator;
import dev.weft.gen.StopIteration;
import java.io.PrintStream;

/**
 * Seed 002: PEP 342's {@code send}. The generator yields a value, and the caller's next
 * {@code send} becomes the value of that {@code yield}; sending {@code 'e'} makes it break out of
 * its loop, so that {@code send} raises {@code StopIteration}.
 *
 * <pre>{@code
 * def gen():
 *     value = 0
 *     while True:
 *         receive = yield value
 *         if receive == 'e':
 *             break
 *         value = 'got: %s' % receive
 *
 * g = gen()
 * print(g.send(None))     # 0
 * print(g.send('hello'))  # got: hello
 * print(g.send('e'))      # StopIteration
 * g.close()
 * }</pre>
 */
public final class GenSendE {

    private GenSendE() {
    }

    /** Yields 0, then {@code "got: " + x} for each {@code x} sent, until {@code "e"} is sent. */
    public static Generator<Object, String, Void> gen() {
        return Generator.of("gen", ctx -> {
            Object value = 0;
            while (true) {
                String receive = ctx.yield(value);
                if ("e".equals(receive)) {
                    break;
                }
                value = "got: " + receive;
            }
            return null;
        });
    }

    /** The seed's session. */
    public static void run(PrintStream out) {
        Generator<Object, String, Void> g = gen();
        out.println(Py.str(g.send(null))); // start it: send(None), the same as next(g)
        out.println(Py.str(g.send("hello")));
        try {
            out.println(Py.str(g.send("e")));
        } catch (StopIteration e) {
            out.println("StopIteration"); // the generator has returned
        }
        g.close(); // a no-op now: it has finished
        out.println(g.state());
    }

    /** Runs the example on standard output. */
    public static void main(String[] args) {
        run(Py.stdout());
    }
}
