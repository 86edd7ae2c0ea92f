package dev.weft.examples;

import dev.weft.gen.Generator;
import dev.weft.gen.StopIteration;
import java.io.PrintStream;

/**
 * Seed 004: {@code throw} and {@code close}. {@code throwIn(e)} raises {@code e} at the paused
 * {@code yield}: if the body handles it, the call returns the next value yielded; if not, it
 * reaches the caller and ends the coroutine. {@code close()} raises {@code GeneratorExit} there: a
 * body that catches it and yields again makes {@code close()} fail with "generator ignored
 * GeneratorExit".
 *
 * <pre>{@code
 * class DemoException(Exception):
 *     pass
 *
 * @actived
 * def coro_exec_demo(n=None):
 *     n = n if n else maxsize
 *     for i in range(n):
 *         try:
 *             recv_data = yield i
 *         except:                     # improved: except DemoException as e:
 *             print("yield处发生异常")
 *         else:
 *             print("接收到数据 %s " % str(recv_data))
 *     print("协程结束")
 * }</pre>
 *
 * <p>Python's bare {@code except:} catches everything, {@code GeneratorExit} included; its Java
 * counterpart is {@code catch (Throwable t)}. A plain {@code catch (Exception e)} would not catch
 * {@code GeneratorExit}, which, as in Python, is not an {@code Exception}.
 */
public final class CoroExecDemo {

    private CoroExecDemo() {
    }

    /**
     * The seed's exception made for the experiment. Unchecked, because {@code ctx.yield} declares
     * no checked exceptions, so javac would reject a {@code catch} of a checked one around it.
     */
    public static final class DemoException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception. */
        public DemoException() {
            super("DemoException");
        }
    }

    /** The seed's first version: its bare {@code except:} also catches the {@code GeneratorExit} of {@code close()}. */
    public static Generator<Integer, Integer, Void> coroExecDemo(Integer n, PrintStream out) {
        return Generator.primed("coro_exec_demo", ctx -> {
            int limit = n != null && n != 0 ? n : Integer.MAX_VALUE; // n if n else maxsize
            for (int i = 0; i < limit; i++) {
                Integer recvData;
                try {
                    recvData = ctx.yield(i);
                } catch (Throwable t) { // Python's bare `except:`, which swallows GeneratorExit too
                    out.println("yield处发生异常"); // "exception at the yield"
                    continue;
                }
                out.println("接收到数据 " + Py.str(recvData) + " "); // "received data" (the seed's trailing space)
            }
            out.println("协程结束"); // "coroutine ends"
            return null;
        });
    }

    /** The improved version: it catches only {@link DemoException}, so {@code close()} works. */
    public static Generator<Integer, Integer, Void> improvedCoroExecDemo(Integer n, PrintStream out) {
        return Generator.primed("coro_exec_demo", ctx -> {
            int limit = n != null && n != 0 ? n : Integer.MAX_VALUE;
            for (int i = 0; i < limit; i++) {
                Integer recvData;
                try {
                    recvData = ctx.yield(i);
                } catch (DemoException e) {
                    out.println("yield处发生异常");
                    continue;
                }
                out.println("接收到数据 " + Py.str(recvData) + " ");
            }
            out.println("协程结束");
            return null;
        });
    }

    /** A handled exception: {@code throwIn} returns the next value, 2. */
    public static void runThrowHandled(PrintStream out) {
        Generator<Integer, Integer, Void> coro = coroExecDemo(3, out); // primed: already yielded 0
        out.println(coro.send(100));
        out.println(coro.throwIn(new DemoException()));
        try {
            out.println(coro.send(200));
        } catch (StopIteration e) {
            out.println("StopIteration");
        }
    }

    /** The bare {@code except:} swallows {@code GeneratorExit} and yields again: {@code close()} fails. */
    public static void runCloseIgnored(PrintStream out) {
        Generator<Integer, Integer, Void> coro = coroExecDemo(3, out);
        out.println(coro.send(100));
        try {
            out.println(Py.str(coro.close()));
        } catch (IllegalStateException e) { // Python: RuntimeError
            String message = e.getMessage();
            out.println("IllegalStateException: " + message.substring(0, message.indexOf(':')));
        }
        out.println(coro.state()); // still SUSPENDED, at `yield 2`
        // CPython closes the generator once more when it is garbage collected, which printed the
        // seed's last two lines; Java has no such finaliser, so close it again by hand.
        out.println(Py.str(coro.close()));
    }

    /** The improved version closes cleanly. */
    public static void runCloseImproved(PrintStream out) {
        Generator<Integer, Integer, Void> coro = improvedCoroExecDemo(3, out);
        out.println(coro.send(100));
        out.println(Py.str(coro.close())); // None
        out.println(coro.state());
    }

    /** An exception the body does not handle reaches the caller and ends the coroutine. */
    public static void runThrowUnhandled(PrintStream out) {
        Generator<Integer, Integer, Void> coro = improvedCoroExecDemo(3, out);
        out.println(coro.send(100));
        try {
            out.println(coro.throwIn(new ArithmeticException("division by zero"))); // Python: ZeroDivisionError
        } catch (ArithmeticException e) {
            out.println("ArithmeticException: " + e.getMessage());
        }
        out.println(coro.state());
        try {
            coro.send(200);
        } catch (StopIteration e) {
            out.println("StopIteration"); // the seed's script never gets here: the error ended it
        }
    }

    /** All four sessions, each under a {@code --} label. */
    public static void run(PrintStream out) {
        out.println("-- throwIn(DemoException), handled by the bare except --");
        runThrowHandled(out);
        out.println("-- close(): the bare except ignores GeneratorExit --");
        runCloseIgnored(out);
        out.println("-- close(), improved: catch only DemoException --");
        runCloseImproved(out);
        out.println("-- throwIn(ArithmeticException), unhandled (Python: ZeroDivisionError) --");
        runThrowUnhandled(out);
    }

    /** Runs the example on standard output. */
    public static void main(String[] args) {
        run(Py.stdout());
    }
}
