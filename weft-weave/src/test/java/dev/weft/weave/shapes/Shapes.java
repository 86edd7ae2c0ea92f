package dev.weft.weave.shapes;

import dev.weft.gen.Generator;
import dev.weft.gen.GeneratorExit;
import dev.weft.pipe.Sink;
import java.util.ArrayList;
import java.util.List;

/**
 * Generator bodies of every shape the weaver compiles, and of every shape it refuses. The tests
 * load this class twice, as compiled and woven, and drive both the same way.
 */
public final class Shapes {
    private final String prefix;
    private int calls;

    public Shapes(String prefix) {
        this.prefix = prefix;
    }

    // ------------------------------------------------------------------ compiled shapes

    /** Values on the operand stack across a yield: {@code total += yield}, a call's pending arguments. */
    public static Generator<Object, Integer, Object> operandStack() {
        return Generator.of(ctx -> {
            int total = 0;
            List<Object> seen = new ArrayList<>();
            while (total < 20) {
                total += ctx.yield(total);
                seen.add(0, String.valueOf(ctx.yield("pending add")) + "/" + total);
            }
            return String.join(",", seen.stream().map(String::valueOf).toList()) + " = " + Math.max(total, ctx.yield("max"));
        });
    }

    /** String concatenation (an invokedynamic) around a yield, with a long and a double local. */
    public static Generator<Object, Object, Object> concatAndWidePrimitives() {
        return Generator.of(ctx -> {
            long big = 1L << 40;
            double half = 0.5;
            float f = 1.25f;
            char c = 'x';
            boolean flag = true;
            byte b = 7;
            short s = 300;
            String text = "a" + big + ctx.yield("first") + half + "z";
            big += 3;
            half *= 3;
            ctx.yield(text);
            return big + " " + half + " " + f + " " + c + " " + flag + " " + b + " " + s;
        });
    }

    /** Yields inside try, catch and finally; throwIn meets the right handler; close runs finally. */
    public static Generator<Object, Object, Object> tryCatchFinally(List<String> log) {
        return Generator.of(ctx -> {
            try {
                try {
                    ctx.yield("in try");
                    ctx.yield("still in try");
                } catch (IllegalArgumentException e) {
                    ctx.yield("caught " + e.getMessage());
                } finally {
                    log.add("inner finally");
                    ctx.yield("in finally");
                }
                return "returned";
            } catch (GeneratorExit e) {
                log.add("exit");
                return "closed";
            } finally {
                log.add("outer finally");
            }
        });
    }

    /** Nested labelled loops and a switch expression with patterns around yields. */
    public static Generator<Object, Object, Object> loopsAndSwitches() {
        return Generator.of(ctx -> {
            List<Object> items = List.of(1, "two", 3.0, List.of(4));
            int n = 0;
            outer:
            for (int i = 0; i < 3; i++) {
                for (Object o : items) {
                    if (o instanceof Double && i == 2) {
                        continue outer;
                    }
                    String d = switch (o) {
                        case Integer k when k > 0 -> "int " + ctx.yield(k);
                        case String str -> "str " + str.length();
                        case Double x -> "double " + ctx.yield(x);
                        default -> "other";
                    };
                    n++;
                    if (d.equals("int stop")) {
                        break outer;
                    }
                    ctx.yield(d);
                }
            }
            return n;
        });
    }

    /** An instance lambda: uses {@code this} and a field, and a captured local. */
    public Generator<Object, Object, Object> instanceLambda(int times) {
        String suffix = "!";
        return Generator.of(ctx -> {
            for (int i = 0; i < times; i++) {
                calls++;
                ctx.yield(prefix + i + suffix);
            }
            return calls;
        });
    }

    /** The inner generator {@link #nested()} made last, for the tests to look at. */
    public static Generator<Object, Object, Object> lastInner;

    /** A generator created and delegated to inside a generator; yieldFrom an iterable too. */
    public static Generator<Object, Object, Object> nested() {
        return Generator.of(ctx -> {
            Generator<Object, Object, Object> inner = Generator.of(c2 -> {
                Object got = c2.yield("inner 1");
                c2.yield("inner got " + got);
                return "inner done";
            });
            Object r = ctx.yieldFrom(inner);
            ctx.yieldFrom(List.of("x", "y"));
            lastInner = inner;
            return "outer got " + r;
        });
    }

    /** A primed coroutine sink: the pipeline shape. */
    public static Sink<String> collector(List<String> out) {
        return Sink.coroutine("collect", ctx -> {
            int n = 0;
            try {
                while (true) {
                    String s = ctx.yield(n);
                    out.add(n++ + ":" + s);
                }
            } finally {
                out.add("closed after " + n);
            }
        });
    }

    // ------------------------------------------------------------------ refused shapes

    /** The context passed to a helper method: stays stackful (the helper yields). */
    public static Generator<Object, Object, Object> contextPassed() {
        return Generator.of(ctx -> {
            helper(ctx);
            return "done";
        });
    }

    private static void helper(Generator.Context<Object, Object> ctx) {
        ctx.yield("from helper");
    }

    private static final Object LOCK = new Object();

    /** A yield inside synchronized: stays stackful. */
    public static Generator<Object, Object, Object> synchronizedYield() {
        return Generator.of(ctx -> {
            synchronized (LOCK) {
                ctx.yield("locked");
            }
            return "done";
        });
    }

    /** An object under construction on the stack at a yield: stays stackful. */
    public static Generator<Object, Object, Object> newAroundYield() {
        return Generator.of(ctx -> new StringBuilder(String.valueOf(ctx.yield("building"))).append("!").toString());
    }

    /** A method reference as the body: stays stackful. */
    public static Generator<Object, Object, Object> methodReference() {
        return Generator.of(Shapes::referenced);
    }

    private static Object referenced(Generator.Context<Object, Object> ctx) {
        ctx.yield("referenced");
        return "done";
    }

    /** The context captured by an inner lambda: stays stackful. */
    public static Generator<Object, Object, Object> contextCaptured() {
        return Generator.of(ctx -> {
            Runnable r = () -> ctx.yield("captured");
            r.run();
            return "done";
        });
    }
}
