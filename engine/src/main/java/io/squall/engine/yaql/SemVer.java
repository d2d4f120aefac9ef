package io.squall.engine.yaql;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** StackStorm's version_* functions, on the {@code semver} package's rules (SemVer 2.0.0 precedence). */
final class SemVer {
    private static final Pattern VERSION =
            Pattern.compile("^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?"
                    + "(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$");

    private record Version(BigInteger major, BigInteger minor, BigInteger patch, String pre, String build) {
        @Override
        public String toString() {
            return major + "." + minor + "." + patch + (pre == null ? "" : "-" + pre)
                    + (build == null ? "" : "+" + build);
        }
    }

    private SemVer() {}

    static void register(Library lib) {
        lib.function("version_compare", inv -> {
            Args a = inv.bind("value", "pattern");
            return (long) compare(parse(a.string("value")), parse(a.string("pattern")));
        });
        lib.function("version_more_than", inv -> cmp(inv) == 1);
        lib.function("version_less_than", inv -> cmp(inv) == -1);
        lib.function("version_equal", inv -> cmp(inv) == 0);
        lib.function("version_match", inv -> {
            Args a = inv.bind("value", "pattern");
            return match(parse(a.string("value")), a.string("pattern"));
        });
        lib.function("version_bump_major", inv -> {
            Version v = parse(inv.bind("value").string("value"));
            return new Version(v.major.add(BigInteger.ONE), BigInteger.ZERO, BigInteger.ZERO, null, null).toString();
        });
        lib.function("version_bump_minor", inv -> {
            Version v = parse(inv.bind("value").string("value"));
            return new Version(v.major, v.minor.add(BigInteger.ONE), BigInteger.ZERO, null, null).toString();
        });
        lib.function("version_bump_patch", inv -> {
            Version v = parse(inv.bind("value").string("value"));
            return new Version(v.major, v.minor, v.patch.add(BigInteger.ONE), null, null).toString();
        });
        lib.function("version_strip_patch", inv -> {
            Version v = parse(inv.bind("value").string("value"));
            return v.major + "." + v.minor;
        });
    }

    private static int cmp(Invocation inv) {
        Args a = inv.bind("value", "pattern");
        return compare(parse(a.string("value")), parse(a.string("pattern")));
    }

    private static Version parse(String s) {
        Matcher m = VERSION.matcher(s);
        if (!m.matches()) {
            throw Errors.valueError(s + " is not valid SemVer string");
        }
        return new Version(
                new BigInteger(m.group(1)),
                new BigInteger(m.group(2)),
                new BigInteger(m.group(3)),
                m.group(4),
                m.group(5));
    }

    static int compare(Version a, Version b) {
        int c = a.major.compareTo(b.major);
        if (c == 0) {
            c = a.minor.compareTo(b.minor);
        }
        if (c == 0) {
            c = a.patch.compareTo(b.patch);
        }
        if (c == 0) {
            c = comparePre(a.pre, b.pre);
        }
        return Integer.signum(c);
    }

    private static int comparePre(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1; // a release is above its pre-releases
        }
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean xn = x[i].chars().allMatch(Character::isDigit);
            boolean yn = y[i].chars().allMatch(Character::isDigit);
            int c;
            if (xn && yn) {
                c = new BigInteger(x[i]).compareTo(new BigInteger(y[i]));
            } else if (xn || yn) {
                c = xn ? -1 : 1;
            } else {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** {@code Version.match(">=1.0.0")}: an operator (==, !=, <, <=, >, >=; none means ==) and a version. */
    private static boolean match(Version v, String expr) {
        String op = "==";
        for (String candidate : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
            if (expr.startsWith(candidate)) {
                op = candidate;
                break;
            }
        }
        String rest = expr.startsWith(op) ? expr.substring(op.length()) : expr;
        if (!Character.isDigit(expr.isEmpty() ? 'x' : expr.charAt(0)) && !expr.startsWith(op)) {
            throw Errors.valueError("match_expr parameter should be in format <op><ver>, where <op> is one of "
                    + "['<', '>', '==', '<=', '>=', '!=']. You provided: " + PyRepr.quote(expr));
        }
        int c = compare(v, parse(rest));
        return switch (op) {
            case "==" -> c == 0;
            case "!=" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }
}
