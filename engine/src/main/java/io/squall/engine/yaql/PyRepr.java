package io.squall.engine.yaql;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's str() and repr() of values, as YAQL's {@code str()}, {@code join()} and error messages show them. Inside
 * an evaluation YAQL's lists are Python tuples ({@code str([1, 2])} is {@code "(1, 2)"}); after YAQL hands a result
 * back they are lists again, which {@link YaqlValues#pythonStr} shows. Output is bounded by a length limit.
 */
final class PyRepr {
    /** Error messages show at most this much of a value. */
    static final int MESSAGE_LIMIT = 2_000;

    private final StringBuilder out = new StringBuilder();
    private final boolean tuples;
    private final int maxLength;
    private final boolean truncate;

    private PyRepr(boolean tuples, int maxLength, boolean truncate) {
        this.tuples = tuples;
        this.maxLength = maxLength;
        this.truncate = truncate;
    }

    /** repr() inside YAQL (tuples), cut short for a message. */
    static String repr(Object v) {
        PyRepr r = new PyRepr(true, MESSAGE_LIMIT, true);
        try {
            r.value(v);
        } catch (Truncated t) {
            return r.out + "...";
        }
        return r.out.toString();
    }

    /** str() of a method receiver in YAQL's messages; a lazy sequence is not run for this. */
    static String receiver(Object v) {
        if (v instanceof String s) {
            return s.length() > MESSAGE_LIMIT ? s.substring(0, MESSAGE_LIMIT) + "..." : s;
        }
        return repr(v);
    }

    /** YAQL's {@code str()}: null, true and false as YAQL spells them, other values as Python's str(). */
    static String yaqlStr(Object v, int maxLength) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Boolean b) {
            return b ? "true" : "false";
        }
        return str(v, true, maxLength);
    }

    /** Python's repr() in full (no tuples, never cut short). */
    static String fullRepr(Object v) {
        PyRepr r = new PyRepr(false, Integer.MAX_VALUE, false);
        r.value(v);
        return r.out.toString();
    }

    /** Python's str(): a string as itself, anything else as its repr. */
    static String str(Object v, boolean tuples, int maxLength) {
        if (v instanceof String s) {
            return s;
        }
        PyRepr r = new PyRepr(tuples, maxLength, false);
        r.value(v);
        return r.out.toString();
    }

    private static final class Truncated extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Truncated() {
            super(null, null, false, false);
        }
    }

    private void append(String s) {
        out.append(s);
        if (out.length() > maxLength) {
            if (truncate) {
                out.setLength(maxLength);
                throw new Truncated();
            }
            throw Errors.limit("String length exceeds " + maxLength + " characters");
        }
    }

    private void value(Object v) {
        if (v == null) {
            append("None");
        } else if (v instanceof Boolean b) {
            append(b ? "True" : "False");
        } else if (v instanceof String s) {
            append(quote(s));
        } else if (PyNumbers.isNumber(v)) {
            append(number(v));
        } else if (v instanceof Map<?, ?> m) {
            map(m);
        } else if (v instanceof List<?> l) {
            sequence(l.iterator(), l.size());
        } else if (v instanceof LazySeq s) {
            if (truncate) {
                append("<iterator>");
            } else {
                List<Object> l = s.toList();
                sequence(l.iterator(), l.size());
            }
        } else if (v instanceof Regex r) {
            append("re.compile(" + quote(r.source()) + ")");
        } else {
            append(v.toString());
        }
    }

    private void map(Map<?, ?> m) {
        append("{");
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!first) {
                append(", ");
            }
            first = false;
            value(e.getKey());
            append(": ");
            value(e.getValue());
        }
        append("}");
    }

    private void sequence(Iterator<?> it, int size) {
        append(tuples ? "(" : "[");
        boolean first = true;
        while (it.hasNext()) {
            if (!first) {
                append(", ");
            }
            first = false;
            value(it.next());
        }
        if (tuples && size == 1) {
            append(",");
        }
        append(tuples ? ")" : "]");
    }

    /** Python's str() of an int or float: floats in their shortest repr, {@code 1e+16} past 16 digits. */
    static String number(Object v) {
        if (v instanceof Double d) {
            return floatRepr(d);
        }
        return v.toString();
    }

    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0.0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int pointPos = digits.length() - bd.scale(); // value = 0.digits * 10^pointPos
        int exponent = pointPos - 1;
        StringBuilder b = new StringBuilder(d < 0 ? "-" : "");
        if (exponent >= -4 && exponent < 16) {
            if (pointPos <= 0) {
                b.append("0.").append("0".repeat(-pointPos)).append(digits);
            } else if (pointPos >= digits.length()) {
                b.append(digits).append("0".repeat(pointPos - digits.length())).append(".0");
            } else {
                b.append(digits, 0, pointPos).append('.').append(digits, pointPos, digits.length());
            }
        } else {
            b.append(digits.charAt(0));
            if (digits.length() > 1) {
                b.append('.').append(digits, 1, digits.length());
            }
            b.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            b.append(abs < 10 ? "0" : "").append(abs);
        }
        return b.toString();
    }

    /** Python's repr() of a str: single quotes unless the text has one and no double quote. */
    static String quote(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder b = new StringBuilder(s.length() + 2).append(q);
        s.codePoints().forEach(cp -> {
            if (cp == q || cp == '\\') {
                b.append('\\').appendCodePoint(cp);
            } else if (cp == '\n') {
                b.append("\\n");
            } else if (cp == '\r') {
                b.append("\\r");
            } else if (cp == '\t') {
                b.append("\\t");
            } else if (cp == ' ' || isPrintable(cp)) {
                b.appendCodePoint(cp);
            } else if (cp < 0x100) {
                b.append(String.format("\\x%02x", cp));
            } else if (cp < 0x10000) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.append(String.format("\\U%08x", cp));
            }
        });
        return b.append(q).toString();
    }

    private static boolean isPrintable(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.SURROGATE,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR:
                return false;
            default:
                return true;
        }
    }
}
