package io.squall.engine.yaql;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Python number semantics on Long (BigInteger past 64 bits, as Python ints never overflow) and Double: mixed
 * arithmetic, floor division and modulo with the divisor's sign, exact int/float comparison. Booleans are not
 * numbers here, as in YAQL's {@code Number} parameter type.
 */
final class PyNumbers {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private PyNumbers() {}

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double || v instanceof BigInteger;
    }

    static boolean isInteger(Object v) {
        return v instanceof Long || v instanceof BigInteger;
    }

    static Object parseInt(String digits) {
        return normalize(new BigInteger(digits));
    }

    /** BigInteger results that fit go back to Long, so the common case stays Long. */
    static Object normalize(BigInteger b) {
        return b.compareTo(LONG_MIN) >= 0 && b.compareTo(LONG_MAX) <= 0 ? (Object) b.longValue() : b;
    }

    static BigInteger big(Object v) {
        return v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
    }

    static double toDouble(Object v) {
        return ((Number) v).doubleValue();
    }

    static Object add(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            long r = x + y;
            return ((x ^ r) & (y ^ r)) < 0 ? normalize(big(x).add(big(y))) : (Object) r;
        }
        if (isInteger(a) && isInteger(b)) {
            return normalize(big(a).add(big(b)));
        }
        return toDouble(a) + toDouble(b);
    }

    static Object subtract(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            long r = x - y;
            return ((x ^ y) & (x ^ r)) < 0 ? normalize(big(x).subtract(big(y))) : (Object) r;
        }
        if (isInteger(a) && isInteger(b)) {
            return normalize(big(a).subtract(big(b)));
        }
        return toDouble(a) - toDouble(b);
    }

    static Object multiply(Object a, Object b) {
        if (isInteger(a) && isInteger(b)) {
            if (a instanceof Long x && b instanceof Long y) {
                long hi = Math.multiplyHigh(x, y);
                long lo = x * y;
                if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
                    return lo;
                }
            }
            StdMath.checkBits((long) big(a).bitLength() + big(b).bitLength());
            return normalize(big(a).multiply(big(b)));
        }
        return toDouble(a) * toDouble(b);
    }

    /** YAQL's {@code /}: {@code //} for two ints, true division otherwise. */
    static Object divide(Object a, Object b) {
        if (isInteger(a) && isInteger(b)) {
            if (big(b).signum() == 0) {
                throw Errors.error("ZeroDivisionError", "integer division or modulo by zero");
            }
            if (a instanceof Long x && b instanceof Long y && !(x == Long.MIN_VALUE && y == -1)) {
                return Math.floorDiv(x, y);
            }
            BigInteger[] qr = big(a).divideAndRemainder(big(b));
            BigInteger q = qr[0];
            if (qr[1].signum() != 0 && qr[1].signum() != big(b).signum()) {
                q = q.subtract(BigInteger.ONE);
            }
            return normalize(q);
        }
        double d = toDouble(b);
        if (d == 0.0) {
            throw Errors.error("ZeroDivisionError", "float division by zero");
        }
        return toDouble(a) / d;
    }

    static Object modulo(Object a, Object b) {
        if (isInteger(a) && isInteger(b)) {
            if (big(b).signum() == 0) {
                throw Errors.error("ZeroDivisionError", "integer division or modulo by zero");
            }
            if (a instanceof Long x && b instanceof Long y) {
                return Math.floorMod(x, y);
            }
            BigInteger m = big(a).mod(big(b).abs());
            if (big(b).signum() < 0 && m.signum() != 0) {
                m = m.add(big(b));
            }
            return normalize(m);
        }
        double x = toDouble(a);
        double y = toDouble(b);
        if (y == 0.0) {
            throw Errors.error("ZeroDivisionError", "float modulo");
        }
        double m = x % y;
        if (m != 0.0 && (m < 0) != (y < 0)) {
            m += y;
        }
        return m;
    }

    static Object negate(Object a) {
        if (a instanceof Long x) {
            return x == Long.MIN_VALUE ? normalize(big(x).negate()) : (Object) (-x);
        }
        if (a instanceof BigInteger b) {
            return normalize(b.negate());
        }
        return -(Double) a;
    }

    /** Exact comparison of any two numbers, int against float included (Python compares them exactly). */
    static int compare(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (isInteger(a) && isInteger(b)) {
            return big(a).compareTo(big(b));
        }
        double x = toDouble(a);
        double y = toDouble(b);
        if (Double.isNaN(x)
                || Double.isNaN(y)
                || Double.isInfinite(x)
                || Double.isInfinite(y)
                || (a instanceof Double && b instanceof Double)) {
            return Double.compare(x, y);
        }
        return exact(a).compareTo(exact(b));
    }

    static boolean numericEquals(Object a, Object b) {
        if (a instanceof Double x && Double.isNaN(x) || b instanceof Double y && Double.isNaN(y)) {
            return false;
        }
        return compare(a, b) == 0;
    }

    private static BigDecimal exact(Object v) {
        return v instanceof Double d ? new BigDecimal(d) : new BigDecimal(big(v));
    }

    /** Python's {@code int(float)}: truncation toward zero. */
    static Object truncate(double d) {
        if (Double.isNaN(d)) {
            throw Errors.error("ValueError", "cannot convert float NaN to integer");
        }
        if (Double.isInfinite(d)) {
            throw Errors.error("OverflowError", "cannot convert float infinity to integer");
        }
        return normalize(new BigDecimal(d).toBigInteger());
    }

    /** A Python int argument: ints, and booleans (a bool is an int in Python). Null when it is none. */
    static Long asIndex(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        return null;
    }
}
