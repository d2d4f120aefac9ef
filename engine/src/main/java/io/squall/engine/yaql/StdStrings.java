package io.squall.engine.yaql;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * YAQL's string functions ({@code strings.py}), and the overload dispatch of names shared with collections and
 * regexes ({@code len join concat replace split indexOf lastIndexOf}).
 */
final class StdStrings {
    private StdStrings() {}

    static void register(Library lib) {
        lib.function("str", inv -> {
            Object v = inv.bind("value").get("value");
            return PyRepr.yaqlStr(
                    Values.materialize(v, inv.ev()), inv.ev().limits.maxStringLength());
        });
        lib.both("len", StdStrings::len);
        lib.method("toUpper", inv -> inv.bind("string").string("string").toUpperCase(Locale.ROOT));
        lib.method("toLower", inv -> inv.bind("string").string("string").toLowerCase(Locale.ROOT));
        lib.method("split", StdStrings::split);
        lib.method("rightSplit", inv -> {
            Args a = inv.bind("string", "separator?", "maxSplits?");
            return inv.ev()
                    .list(PyStrings.rsplit(
                            a.string("string"), a.stringOrNull("separator"), a.integer("maxSplits", -1)));
        });
        lib.method("join", StdStrings::join);
        lib.function("concat", inv -> {
            List<Object> args = inv.bind("*args").rest();
            if (args.stream().allMatch(String.class::isInstance)) {
                long length =
                        args.stream().mapToLong(s -> ((String) s).length()).sum();
                inv.ev().checkLength(length);
                StringBuilder b = new StringBuilder();
                args.forEach(b::append);
                return b.toString();
            }
            return StdQueries.concat(inv, args);
        });
        lib.method("trim", inv -> strip(inv, true, true));
        lib.method("trimLeft", inv -> strip(inv, true, false));
        lib.method("trimRight", inv -> strip(inv, false, true));
        lib.both("norm", inv -> {
            Args a = inv.bind("string", "chars?");
            String s = a.stringOrNull("string");
            if (s == null) {
                return null;
            }
            String v = PyStrings.strip(s, a.stringOrNull("chars"), true, true);
            return v.isEmpty() ? null : v;
        });
        lib.both("isEmpty", inv -> {
            Args a = inv.bind("string", "trim?", "chars?");
            String s = a.stringOrNull("string");
            if (s == null) {
                return true;
            }
            if (a.bool("trim", true)) {
                s = PyStrings.strip(s, a.stringOrNull("chars"), true, true);
            }
            return s.isEmpty();
        });
        lib.method("replace", StdStrings::replace);
        lib.method("substring", inv -> {
            Args a = inv.bind("string", "start", "length?");
            String s = a.string("string");
            long length = a.integer("length", -1);
            long start = a.integer("start");
            if (length < 0) {
                length = s.length();
            }
            if (start < 0) {
                start += s.length();
            }
            return PyStrings.slice(s, start, start + length);
        });
        lib.method("indexOf", inv -> indexOf(inv, false));
        lib.method("lastIndexOf", inv -> indexOf(inv, true));
        lib.method("toCharArray", inv -> {
            String s = inv.bind("string").string("string");
            List<Object> out = new ArrayList<>();
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return inv.ev().list(out);
        });
        lib.function("isString", inv -> inv.bind("arg").get("arg") instanceof String);
        lib.method("startsWith", inv -> affix(inv, true));
        lib.method("endsWith", inv -> affix(inv, false));
        lib.function("hex", inv -> {
            Object v = inv.bind("num").get("num");
            if (!PyNumbers.isInteger(v) && !(v instanceof Boolean)) {
                throw Errors.typeError("'" + PyTypes.name(v) + "' object cannot be interpreted as an integer");
            }
            BigInteger b = v instanceof Boolean t ? BigInteger.valueOf(t ? 1 : 0) : PyNumbers.big(v);
            return (b.signum() < 0 ? "-0x" : "0x") + b.abs().toString(16);
        });
    }

    private static Object len(Invocation inv) {
        Object v = inv.bind("value").get("value");
        if (v instanceof String s) {
            return (long) PyStrings.length(s);
        }
        if (v instanceof List<?> l) {
            return (long) l.size();
        }
        if (v instanceof Map<?, ?> m) {
            return (long) m.size();
        }
        Iterable<Object> it = Values.iterable(v);
        if (it == null) {
            throw inv.noMatch();
        }
        long n = 0;
        for (Object ignored : it) {
            n++;
        }
        return n;
    }

    private static Object strip(Invocation inv, boolean left, boolean right) {
        Args a = inv.bind("string", "chars?");
        return PyStrings.strip(a.string("string"), a.stringOrNull("chars"), left, right);
    }

    private static Object affix(Invocation inv, boolean prefix) {
        Args a = inv.bind("string", "*affixes");
        String s = a.string("string");
        for (Object o : a.rest()) {
            if (!(o instanceof String x)) {
                throw inv.noMatch();
            }
            if (prefix ? s.startsWith(x) : s.endsWith(x)) {
                return true;
            }
        }
        return false;
    }

    /** {@code "a b".split()}, {@code "a,b".split(",", 1)}, and the regex forms {@code split(regex(...))}. */
    private static Object split(Invocation inv) {
        Args a = inv.bind("string", "separator?", "maxSplits?", "maxSplit?");
        Object target = a.get("string");
        Object sep = a.get("separator");
        if (target instanceof Regex rx && sep instanceof String s) {
            return StdRegex.split(rx, s, a.integer("maxSplit", 0), inv.ev());
        }
        if (target instanceof String s && sep instanceof Regex rx) {
            return StdRegex.split(rx, s, a.integer("maxSplit", 0), inv.ev());
        }
        if (a.has("maxSplit")) {
            throw inv.noMatch();
        }
        return inv.ev()
                .list(PyStrings.split(a.string("string"), a.stringOrNull("separator"), a.integer("maxSplits", -1)));
    }

    /** {@code list.join(sep)}, {@code sep.join(list)}, and the query {@code c1.join(c2, predicate, selector)}. */
    private static Object join(Invocation inv) {
        if (inv.args.size() == 3) {
            return StdQueries.join(inv);
        }
        Args a = inv.bind("left", "right");
        Iterable<Object> items;
        String sep;
        if (a.get("left") instanceof String s && Values.iterable(a.get("right")) != null) {
            sep = s;
            items = Values.iterable(a.get("right"));
        } else if (a.get("right") instanceof String s && Values.iterable(a.get("left")) != null) {
            sep = s;
            items = Values.iterable(a.get("left"));
        } else {
            throw inv.noMatch();
        }
        int max = inv.ev().limits.maxStringLength();
        StringBuilder b = new StringBuilder();
        boolean first = true;
        for (Object o : items) {
            if (!first) {
                b.append(sep);
            }
            first = false;
            b.append(PyRepr.yaqlStr(Values.materialize(o, inv.ev()), max));
            inv.ev().checkLength(b.length());
        }
        return b.toString();
    }

    /** The five {@code replace} overloads: string, dict of replacements, regex (either way round), list slots. */
    private static Object replace(Invocation inv) {
        Object receiver = inv.receiver;
        if (receiver instanceof Regex rx) {
            Args a = inv.bind("regexp", "string", "repl", "count?");
            return StdRegex.replace(rx, a.string("string"), a.string("repl"), a.integer("count", 0), inv.ev());
        }
        if (receiver instanceof String s) {
            Args a = inv.bind("string", "what", "with?", "count?");
            Object what = a.get("what");
            if (what instanceof Regex rx) {
                return StdRegex.replace(rx, s, a.string("with"), a.integer("count", 0), inv.ev());
            }
            if (what instanceof Map<?, ?> m) {
                // replace(dict, count): the count is then the second positional argument
                long count = a.has("count") ? a.integer("count") : a.integer("with", -1);
                String out = s;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    int max = inv.ev().limits.maxStringLength();
                    out = PyStrings.replace(
                            out, PyRepr.yaqlStr(e.getKey(), max), PyRepr.yaqlStr(e.getValue(), max), count, inv.ev());
                }
                return out;
            }
            return PyStrings.replace(s, a.string("what"), a.string("with"), a.integer("count", -1), inv.ev());
        }
        return StdCollections.replace(inv);
    }

    private static Object indexOf(Invocation inv, boolean last) {
        if (inv.receiver instanceof String) {
            Args a = inv.bind("string", "sub", "start?", "length?");
            String s = a.string("string");
            String sub = a.string("sub");
            long start = a.integer("start", 0);
            if (!a.has("length")) {
                return PyStrings.find(s, sub, start, s.length(), last);
            }
            long length = a.integer("length");
            if (start < 0) {
                start += s.length();
            }
            if (length < 0) {
                length = s.length() - start;
            }
            return PyStrings.find(s, sub, start, start + length, last);
        }
        Args a = inv.bind("collection", "item");
        long found = -1;
        long i = 0;
        for (Object o : a.iterable("collection")) {
            if (Values.pyEquals(o, a.get("item"))) {
                found = i;
                if (!last) {
                    break;
                }
            }
            i++;
        }
        return found;
    }
}
