package dev.weft.examples;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Python's text forms of values, so the examples print exactly what the seeds' {@code print}
 * calls print: {@code None} for null, {@code True}/{@code False}, floats as {@code 15.0}.
 *
 * <p>Python: {@code str()}, {@code repr()} and the {@code {:.2f}} format spec. Only the types the
 * examples use are covered.
 */
final class Py {

    private static final PrintStream STDOUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);

    private Py() {
    }

    /**
     * Standard output as UTF-8, whatever {@code stdout.encoding} says, so the seeds' Chinese text
     * prints as written (Python 3 does the same on a UTF-8 terminal).
     */
    static PrintStream stdout() {
        return STDOUT;
    }

    /**
     * Python's {@code str(v)}: {@code None}, {@code True}/{@code False}, floats in Python's
     * shortest round-trip form ({@code 15.0}, {@code 141.28571428571428}), lists as their repr.
     */
    static String str(Object v) {
        return switch (v) {
            case null -> "None";
            case String s -> s;
            default -> repr(v);
        };
    }

    /**
     * Python's {@code repr(v)}: like {@link #str}, but strings are quoted ({@code 'A'}), as inside a
     * printed list or dict.
     */
    static String repr(Object v) {
        return switch (v) {
            case null -> "None";
            case Boolean b -> b ? "True" : "False";
            case Double d -> floatRepr(d);
            case Float f -> floatRepr(f.doubleValue());
            case String s -> "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
            case Character c -> repr(String.valueOf(c));
            case List<?> l -> join("[", l.iterator(), "]");
            case Map<?, ?> m -> {
                StringBuilder sb = new StringBuilder("{");
                for (Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<?, ?> e = it.next();
                    sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                    if (it.hasNext()) {
                        sb.append(", ");
                    }
                }
                yield sb.append('}').toString();
            }
            default -> v.toString();
        };
    }

    /** Python's {@code format(x, '.2f')} (and {@code '.Nf'}): the exact binary value, rounded half-even. */
    static String fixed(double x, int digits) {
        if (!Double.isFinite(x)) {
            return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Python's tuple repr, {@code (7, 141.28571428571428)}. */
    static String tuple(Object... items) {
        if (items.length == 1) {
            return "(" + repr(items[0]) + ",)";
        }
        return join("(", List.of(items).iterator(), ")");
    }

    private static String join(String open, Iterator<?> it, String close) {
        StringBuilder sb = new StringBuilder(open);
        while (it.hasNext()) {
            sb.append(repr(it.next()));
            if (it.hasNext()) {
                sb.append(", ");
            }
        }
        return sb.append(close).toString();
    }

    private static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(d);
        if (a != 0 && (a < 1e-4 || a >= 1e16)) {
            // Python switches to exponent form outside [1e-4, 1e16): 1e-05, 1e+16.
            String s = Double.toString(d); // shortest round-trip digits, like Python's repr
            int e = s.indexOf('E');
            String mant = s.substring(0, e);
            int exp = Integer.parseInt(s.substring(e + 1));
            if (mant.endsWith(".0")) {
                mant = mant.substring(0, mant.length() - 2);
            }
            return mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        // Double.toString gives the shortest round-trip digits (JDK 19+), as Python's repr does;
        // only the notation differs, so re-render them in plain form.
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        String plain = new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
