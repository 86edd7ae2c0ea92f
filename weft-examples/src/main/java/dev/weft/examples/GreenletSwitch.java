package dev.weft.examples;

import dev.weft.green.Greenlet;
import java.io.PrintStream;

/**
 * Seed 001: two greenlets hand control to each other by hand. {@code t1} prints 12 and switches to
 * {@code t2}, which prints 56 and switches back; {@code t1} goes on with 34 and switches again;
 * {@code t2} prints 78 and ends, so control returns to its parent, the main greenlet. {@code t1}
 * never gets control back and stays suspended, exactly as in Python.
 *
 * <pre>{@code
 * from greenlet import greenlet
 *
 * def t1():
 *     print(12)
 *     gr2.switch()
 *     print(34)
 *     gr2.switch()
 *
 * def t2():
 *     print(56)
 *     gr1.switch()
 *     print(78)
 *
 * gr1 = greenlet(t1)
 * gr2 = greenlet(t2)
 * gr1.switch()
 * }</pre>
 *
 * <p>Java lambdas cannot refer to a local variable assigned after them, so the two greenlets live
 * in fields of a small object, the way Python's module-level names work.
 */
public final class GreenletSwitch {
    private final PrintStream out;
    private Greenlet gr1;
    private Greenlet gr2;

    private GreenletSwitch(PrintStream out) {
        this.out = out;
    }

    private void t1() {
        out.println(12);
        gr2.switchTo();
        out.println(34);
        gr2.switchTo();
    }

    private void t2() {
        out.println(56);
        gr1.switchTo();
        out.println(78);
    }

    /** Runs the example, printing 12, 56, 34 and 78 on {@code out}, one a line. */
    public static void run(PrintStream out) {
        GreenletSwitch ex = new GreenletSwitch(out);
        ex.gr1 = Greenlet.of("t1", ex::t1);
        ex.gr2 = Greenlet.of("t2", ex::t2);
        ex.gr1.switchTo();
    }

    /** Runs the example on standard output. */
    public static void main(String[] args) {
        run(System.out);
    }
}
