package io.squall.engine.yaql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * YAQL's math functions ({@code math.py}): {@code abs int float random bitwise* shiftBits* max min pow sign round
 * isInteger isNumber}. Integers are Python ints, bounded here to {@link #MAX_BITS} bits so no expression can make
 * a number that eats the heap.
 */
final class StdMath {
    static final int MAX_BITS = 100_000;
    private static final Pattern INT_LITERAL = Pattern.compile("[+-]?(\\d(_?\\d)*)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern FLOAT_LITERAL = Pattern.compile(
            "[+-]?((\\d(_?\\d)*)?\\.?\\d(_?\\d)*([eE][+-]?\\d(_?\\d)*)?|(\\d(_?\\d)*)\\.([eE][+-]?\\d(_?\\d)*)?)",
            Pattern.UNICODE_CHARACTER_CLASS);

    private StdMath() {}

    static void register(Library lib) {
        lib.function("abs", inv -> {
            Object v = inv.bind("op").number("op");
            return PyNumbers.compare(v, 0L) < 0 ? PyNumbers.negate(v) : v;
        });
        lib.function("int", inv -> toInt(inv.bind("value").get("value")));
        lib.function("float", inv -> toFloat(inv.bind("value").get("value")));
        lib.function("random", inv -> {
            Args a = inv.bind("from?", "to?");
            if (!a.has("from") && !a.has("to")) {
                return ThreadLocalRandom.current().nextDouble();
            }
            if (!a.has("from") || !a.has("to")) {
                throw inv.noMatch();
            }
            long lo = a.integer("from");
            long hi = a.integer("to");
            if (hi < lo) {
                throw Errors.valueError(
                        "empty range for randrange() (" + lo + ", " + (hi + 1) + ", " + (hi + 1 - lo) + ")");
            }
            return hi == Long.MAX_VALUE
                    ? ThreadLocalRandom.current().nextLong(lo, hi)
                    : ThreadLocalRandom.current().nextLong(lo, hi + 1);
        });
        lib.function("bitwiseAnd", inv -> bits(inv, "&"));
        lib.function("bitwiseOr", inv -> bits(inv, "|"));
        lib.function("bitwiseXor", inv -> bits(inv, "^"));
        lib.function("bitwiseNot", inv -> ~inv.bind("arg").integer("arg"));
        lib.function("shiftBitsLeft", inv -> {
            Args a = inv.bind("value", "bitsNumber");
            long n = a.integer("bitsNumber");
            if (n < 0) {
                throw Errors.valueError("negative shift count");
            }
            checkBits(64 + n);
            return PyNumbers.normalize(BigInteger.valueOf(a.integer("value")).shiftLeft((int) n));
        });
        lib.function("shiftBitsRight", inv -> {
            Args a = inv.bind("value", "bitsNumber");
            long n = a.integer("bitsNumber");
            if (n < 0) {
                throw Errors.valueError("negative shift count");
            }
            return a.integer("value") >> Math.min(n, 63);
        });
        lib.function("max", inv -> {
            Args a = inv.bind("a", "b");
            return Operators.compare(">", a.get("b"), a.get("a")) ? a.get("b") : a.get("a");
        });
        lib.function("min", inv -> {
            Args a = inv.bind("a", "b");
            return Operators.compare(">", a.get("b"), a.get("a")) ? a.get("a") : a.get("b");
        });
        lib.function("pow", StdMath::pow);
        lib.function("sign", inv -> {
            int c = PyNumbers.compare(inv.bind("num").number("num"), 0L);
            return (long) Integer.signum(c);
        });
        lib.function("round", StdMath::round);
        lib.function("isInteger", inv -> PyNumbers.isInteger(inv.bind("value").get("value")));
        lib.function("isNumber", inv -> PyNumbers.isNumber(inv.bind("value").get("value")));
    }

    static void checkBits(long bits) {
        if (bits > MAX_BITS) {
            throw Errors.limit("Integer result exceeds " + MAX_BITS + " bits");
        }
    }

    private static Object bits(Invocation inv, String op) {
        Args a = inv.bind("left", "right");
        long l = a.integer("left");
        long r = a.integer("right");
        return switch (op) {
            case "&" -> l & r;
            case "|" -> l | r;
            default -> l ^ r;
        };
    }

    /** Python's {@code int(x)}: null is 0 in YAQL, bools 0/1, floats truncated, strings parsed in base 10. */
    static Object toInt(Object v) {
        if (v == null) {
            return 0L;
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (PyNumbers.isInteger(v)) {
            return v;
        }
        if (v instanceof Double d) {
            return PyNumbers.truncate(d);
        }
        if (v instanceof String s) {
            String t = PyStrings.strip(s, null, true, true);
            if (!INT_LITERAL.matcher(t).matches() || t.length() > 5000) {
                throw Errors.valueError("invalid literal for int() with base 10: " + PyRepr.quote(s));
            }
            return PyNumbers.parseInt(asciiDigits(t.replace("_", "").replace("+", "")));
        }
        throw Errors.typeError(
                "int() argument must be a string, a bytes-like object or a real number, not '" + PyTypes.name(v) + "'");
    }

    private static String asciiDigits(String t) {
        StringBuilder b = new StringBuilder();
        t.codePoints()
                .forEach(cp -> b.append(Character.isDigit(cp) ? (char) ('0' + Character.digit(cp, 10)) : (char) cp));
        return b.toString();
    }

    /** Python's {@code float(x)}: null is 0.0 in YAQL; strings may be inf, nan, exponents. */
    static Object toFloat(Object v) {
        if (v == null) {
            return 0.0;
        }
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (PyNumbers.isNumber(v)) {
            return PyNumbers.toDouble(v);
        }
        if (v instanceof String s) {
            String t = PyStrings.strip(s, null, true, true);
            String lower = t.toLowerCase(java.util.Locale.ROOT);
            String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
            double sign = lower.startsWith("-") ? -1.0 : 1.0;
            if (unsigned.equals("inf") || unsigned.equals("infinity")) {
                return sign * Double.POSITIVE_INFINITY;
            }
            if (unsigned.equals("nan")) {
                return Double.NaN;
            }
            if (FLOAT_LITERAL.matcher(t).matches()) {
                return Double.parseDouble(asciiDigits(t.replace("_", "")));
            }
            throw Errors.valueError("could not convert string to float: " + PyRepr.quote(s));
        }
        throw Errors.typeError("float() argument must be a string or a real number, not '" + PyTypes.name(v) + "'");
    }

    private static Object pow(Invocation inv) {
        Args a = inv.bind("a", "b", "c?");
        Object base = a.number("a");
        Object exp = a.number("b");
        if (a.has("c") && a.get("c") != null) {
            Object mod = a.number("c");
            if (!PyNumbers.isInteger(base) || !PyNumbers.isInteger(exp) || !PyNumbers.isInteger(mod)) {
                throw Errors.typeError("pow() 3rd argument not allowed unless all arguments are integers");
            }
            if (PyNumbers.big(mod).signum() == 0) {
                throw Errors.valueError("pow() 3rd argument cannot be 0");
            }
            BigInteger m = PyNumbers.big(mod);
            BigInteger r = PyNumbers.big(base).modPow(PyNumbers.big(exp), m.abs());
            if (m.signum() < 0 && r.signum() != 0) {
                r = r.add(m);
            }
            return PyNumbers.normalize(r);
        }
        if (PyNumbers.isInteger(base)
                && PyNumbers.isInteger(exp)
                && PyNumbers.big(exp).signum() >= 0) {
            BigInteger b = PyNumbers.big(base);
            BigInteger e = PyNumbers.big(exp);
            if (b.abs().compareTo(BigInteger.ONE) <= 0) {
                return PyNumbers.normalize(b.pow(e.testBit(0) ? 1 : (b.signum() == 0 && e.signum() > 0 ? 1 : 0)));
            }
            checkBits((long) b.bitLength()
                    * e.min(BigInteger.valueOf(MAX_BITS + 1L)).longValue());
            return PyNumbers.normalize(b.pow(e.intValue()));
        }
        double r = Math.pow(PyNumbers.toDouble(base), PyNumbers.toDouble(exp));
        if (PyNumbers.toDouble(base) == 0.0 && PyNumbers.toDouble(exp) < 0) {
            throw Errors.error("ZeroDivisionError", "0.0 cannot be raised to a negative power");
        }
        return r;
    }

    /** Python's {@code round(number, ndigits)}: half to even on the exact value; a float stays a float. */
    private static Object round(Invocation inv) {
        Args a = inv.bind("number", "ndigits?");
        Object n = a.number("number");
        long digits = a.integer("ndigits", 0);
        if (PyNumbers.isInteger(n)) {
            if (digits >= 0) {
                return n;
            }
            BigDecimal r =
                    new BigDecimal(PyNumbers.big(n)).setScale((int) Math.max(digits, -400), RoundingMode.HALF_EVEN);
            return PyNumbers.normalize(r.toBigInteger());
        }
        double d = (Double) n;
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return d;
        }
        int scale = (int) Math.max(-400, Math.min(400, digits));
        return new BigDecimal(d).setScale(scale, RoundingMode.HALF_EVEN).doubleValue();
    }
}
