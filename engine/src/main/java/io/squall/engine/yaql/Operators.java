package io.squall.engine.yaql;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * YAQL's operators with the overloads of its standard library: arithmetic on numbers (not booleans), {@code +}
 * on strings, lists and dicts, {@code *} repeating strings and lists, comparisons of numbers, strings and nulls,
 * Python equality, {@code in}, regex {@code =~ !~}, short-circuit {@code and or}, {@code .} and {@code ?.}, and
 * {@code ->}. No overload matching is {@code NoMatchingFunctionException} naming {@code #operator_<op>}.
 */
final class Operators {
    private Operators() {}

    static Object binary(Node.Binary b, YaqlContext ctx) {
        String op = b.op();
        switch (op) {
            case "and": {
                Object left = Evaluator.eval(b.left(), ctx);
                return Values.truthy(left) ? Evaluator.eval(b.right(), ctx) : left;
            }
            case "or": {
                Object left = Evaluator.eval(b.left(), ctx);
                return Values.truthy(left) ? left : Evaluator.eval(b.right(), ctx);
            }
            case ".":
                return dot(Evaluator.eval(b.left(), ctx), b.right(), ctx);
            case "?.": {
                Object receiver = Evaluator.eval(b.left(), ctx);
                return receiver == null ? null : dot(receiver, b.right(), ctx);
            }
            case "->": {
                Object left = Evaluator.eval(b.left(), ctx);
                if (!(left instanceof ScopeValue scope)) {
                    throw Errors.noMatchingFunction("#operator_->");
                }
                return Evaluator.eval(b.right(), scope.context());
            }
            default:
                break;
        }
        Object l = Evaluator.eval(b.left(), ctx);
        Object r = Evaluator.eval(b.right(), ctx);
        Evaluation ev = ctx.evaluation;
        switch (op) {
            case "=":
                return Values.pyEquals(l, r);
            case "!=":
                return !Values.pyEquals(l, r);
            case "<", ">", "<=", ">=":
                return compare(op, l, r);
            case "+":
                return plus(l, r, ev);
            case "-":
                requireNumbers(op, l, r);
                return PyNumbers.subtract(l, r);
            case "*":
                return times(l, r, ev);
            case "/":
                requireNumbers(op, l, r);
                return PyNumbers.divide(l, r);
            case "mod":
                requireNumbers(op, l, r);
                return PyNumbers.modulo(l, r);
            case "in":
                return in(l, r);
            case "=~", "!~": {
                if (!(l instanceof String s) || !(r instanceof String || r instanceof Regex)) {
                    throw Errors.noMatchingFunction("#operator_" + op);
                }
                boolean found = RegexSupport.search(pattern(r), s, ev) != null;
                return op.equals("=~") == found;
            }
            default:
                throw Errors.noFunction("#operator_" + op);
        }
    }

    private static Regex pattern(Object r) {
        return r instanceof Regex rx ? rx : Regex.compile((String) r, false, false, false);
    }

    static Object unary(String op, Object v) {
        switch (op) {
            case "not":
                return !Values.truthy(v);
            case "-":
                if (!PyNumbers.isNumber(v)) {
                    throw Errors.noMatchingFunction("#unary_operator_-");
                }
                return PyNumbers.negate(v);
            default:
                if (!PyNumbers.isNumber(v)) {
                    throw Errors.noMatchingFunction("#unary_operator_+");
                }
                return v;
        }
    }

    /**
     * {@code receiver.right}: a method call when right is {@code name(...)}; a key of a dict, or that key of each
     * element of a list, when right is a bare name; else YAQL's {@code #property#name} lookup, which no value
     * here has, so {@code "text".x} is {@code NoFunctionRegisteredException: Unknown function "#property#x"}.
     */
    static Object dot(Object receiver, Node right, YaqlContext ctx) {
        if (right instanceof Node.Call call) {
            return Evaluator.callMethod(call, receiver, ctx);
        }
        if (right instanceof Node.Keyword k) {
            return attribute(receiver, k.name(), ctx.evaluation);
        }
        throw Errors.noMatchingFunction("#operator_.");
    }

    static Object attribute(Object receiver, String name, Evaluation ev) {
        if (receiver instanceof Map<?, ?> m) {
            Object v = Values.lookup(m, name);
            if (v == Values.NO_KEY) {
                throw Errors.keyError(name);
            }
            return v;
        }
        Iterable<Object> items = Values.iterable(receiver);
        if (items != null) {
            return new LazySeq(ev, () -> {
                Iterator<Object> it = items.iterator();
                return new Producer() {
                    @Override
                    protected boolean produce() {
                        return it.hasNext() && emit(attribute(it.next(), name, ev));
                    }
                };
            });
        }
        throw Errors.noFunction("#property#" + name);
    }

    static Object index(Object target, List<Object> keys) {
        if (target instanceof List<?> list && keys.size() == 1) {
            Long i = PyNumbers.asIndex(keys.get(0));
            if (i != null) {
                long idx = i < 0 ? i + list.size() : i;
                if (idx < 0 || idx >= list.size()) {
                    throw Errors.error("IndexError", "tuple index out of range");
                }
                return list.get((int) idx);
            }
        }
        if (target instanceof Map<?, ?> map && (keys.size() == 1 || keys.size() == 2)) {
            Object v = Values.lookup(map, keys.get(0));
            if (v == Values.NO_KEY) {
                if (keys.size() == 2) {
                    return keys.get(1);
                }
                throw Errors.keyError(keys.get(0));
            }
            return v;
        }
        throw Errors.noMatchingFunction("#indexer");
    }

    /** {@code < > <= >=} on two numbers, two strings (by code point), or with null (null is below everything). */
    static boolean compare(String op, Object l, Object r) {
        int c;
        if (l == null || r == null) {
            c = l == null ? (r == null ? 0 : -1) : 1;
        } else if (PyNumbers.isNumber(l) && PyNumbers.isNumber(r)) {
            if (isNaN(l) || isNaN(r)) {
                return false;
            }
            c = PyNumbers.compare(l, r);
        } else if (l instanceof String x && r instanceof String y) {
            c = compareStrings(x, y);
        } else {
            throw Errors.noMatchingFunction("#operator_" + op);
        }
        return switch (op) {
            case "<" -> c < 0;
            case ">" -> c > 0;
            case "<=" -> c <= 0;
            default -> c >= 0;
        };
    }

    private static boolean isNaN(Object v) {
        return v instanceof Double d && d.isNaN();
    }

    static int compareStrings(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static void requireNumbers(String op, Object l, Object r) {
        if (!PyNumbers.isNumber(l) || !PyNumbers.isNumber(r)) {
            throw Errors.noMatchingFunction("#operator_" + op);
        }
    }

    static Object plus(Object l, Object r, Evaluation ev) {
        if (PyNumbers.isNumber(l) && PyNumbers.isNumber(r)) {
            return PyNumbers.add(l, r);
        }
        if (l instanceof String x && r instanceof String y) {
            ev.checkLength((long) x.length() + y.length());
            return x + y;
        }
        if (l instanceof Map<?, ?> x && r instanceof Map<?, ?> y) {
            Map<Object, Object> out = new LinkedHashMap<>(x);
            y.forEach((k, v) -> Maps.put(out, k, v));
            return Maps.finish(out, ev);
        }
        Iterable<Object> x = Values.iterable(l);
        Iterable<Object> y = Values.iterable(r);
        if (x != null && y != null) {
            if (l instanceof List<?> a && r instanceof List<?> b) {
                ev.checkSize((long) a.size() + b.size());
                List<Object> out = new ArrayList<>(a);
                out.addAll(b);
                return ev.list(out);
            }
            return Sequences.concat(ev, List.of(x, y));
        }
        throw Errors.noMatchingFunction("#operator_+");
    }

    private static Object times(Object l, Object r, Evaluation ev) {
        if (PyNumbers.isNumber(l) && PyNumbers.isNumber(r)) {
            return PyNumbers.multiply(l, r);
        }
        if (l instanceof String s && PyNumbers.asIndex(r) != null) {
            return repeat(s, PyNumbers.asIndex(r), ev);
        }
        if (r instanceof String s && PyNumbers.asIndex(l) != null) {
            return repeat(s, PyNumbers.asIndex(l), ev);
        }
        if (l instanceof List<?> list && PyNumbers.asIndex(r) != null) {
            return repeat(list, PyNumbers.asIndex(r), ev);
        }
        if (r instanceof List<?> list && PyNumbers.asIndex(l) != null) {
            return repeat(list, PyNumbers.asIndex(l), ev);
        }
        throw Errors.noMatchingFunction("#operator_*");
    }

    private static String repeat(String s, long n, Evaluation ev) {
        if (n <= 0 || s.isEmpty()) {
            return "";
        }
        ev.checkLength(s.length() * Math.min(n, Integer.MAX_VALUE));
        return s.repeat((int) n);
    }

    private static List<Object> repeat(List<?> list, long n, Evaluation ev) {
        if (n <= 0 || list.isEmpty()) {
            return List.of();
        }
        ev.checkSize(list.size() * Math.min(n, Integer.MAX_VALUE));
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.addAll(list);
        }
        return ev.list(out);
    }

    static boolean in(Object l, Object r) {
        if (l instanceof String x && r instanceof String y) {
            return y.contains(x);
        }
        Iterable<Object> items = Values.iterable(r);
        if (items == null) {
            throw Errors.noMatchingFunction("#operator_in");
        }
        for (Object o : items) {
            if (Values.pyEquals(l, o)) {
                return true;
            }
        }
        return false;
    }
}
