package io.squall.engine.workflow;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workflow value model: {@code null}, Boolean, Long, Double, String, List, Map (insertion ordered), as
 * Orquesta's Python values are. Helpers give Python's semantics where the conductor depends on them: deep copy,
 * the deep dict merge of {@code orquesta.utils.dictionary.merge_dicts}, truthiness and {@code str()}.
 */
public final class Values {
    private Values() {
    }

    /** Converts YAML/JSON-parsed values (Integer, BigDecimal, arrays...) into the value model, copying. */
    public static Object normalize(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigDecimal d) {
            return d.scale() <= 0 && d.precision() - d.scale() < 19 ? (Object) d.longValueExact() : (Object) d.doubleValue();
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(k == null ? "None" : k instanceof String s ? s : pyStr(normalize(k)), normalize(val)));
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(x -> out.add(normalize(x)));
            return out;
        }
        if (v instanceof Object[] a) {
            return normalize(List.of(a));
        }
        if (v instanceof io.squall.engine.workflow.expr.PyNone) {
            return null;
        }
        if (v instanceof Character c) {
            return c.toString();
        }
        return v.toString();
    }

    /** A deep copy of a value-model value (maps and lists copied, scalars shared). */
    public static Object copy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put((String) k, copy(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(copy(x)));
            return out;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> copyMap(Map<String, ?> m) {
        return m == null ? null : (Map<String, Object>) copy(m);
    }

    /**
     * Orquesta's merge_dicts: right's keys into left (mutated and returned), recursing where both hold dicts; with
     * {@code overwrite} a right value replaces a left one. Values are shared, never mutated: where both sides hold a
     * dict, left's is replaced by a merged copy, so no context ever changes another (contexts are append-only).
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> merge(Map<String, Object> left, Map<String, ?> right, boolean overwrite) {
        if (left == null) {
            return right == null ? null : new LinkedHashMap<>(right);
        }
        if (right == null) {
            return left;
        }
        for (Map.Entry<String, ?> e : right.entrySet()) {
            String k = e.getKey();
            Object l = left.get(k);
            if (!left.containsKey(k)) {
                left.put(k, e.getValue());
            } else if (l instanceof Map && e.getValue() instanceof Map) {
                left.put(k, merge(new LinkedHashMap<>((Map<String, Object>) l), (Map<String, ?>) e.getValue(), overwrite));
            } else if (overwrite) {
                left.put(k, e.getValue());
            }
        }
        return left;
    }

    /** Python's {@code ==} on value-model values: {@code 1 == 1.0}, {@code True == 1}, maps and lists deeply. */
    public static boolean pyEquals(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if ((a instanceof Number || a instanceof Boolean) && (b instanceof Number || b instanceof Boolean)) {
            double x = a instanceof Boolean ba ? (ba ? 1 : 0) : ((Number) a).doubleValue();
            double y = b instanceof Boolean bb ? (bb ? 1 : 0) : ((Number) b).doubleValue();
            return x == y;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                if (!mb.containsKey(e.getKey()) || !pyEquals(e.getValue(), mb.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!pyEquals(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Python truthiness. */
    public static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0.0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    /** Python's isinstance(v, int), which bool satisfies too. */
    public static boolean isPyInt(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Boolean;
    }

    public static long asLong(Object v) {
        return v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).longValue();
    }

    /** Python's str(). */
    public static String pyStr(Object v) {
        return v instanceof String s ? s : pyRepr(v);
    }

    /** Python's repr() of a value-model value. */
    public static String pyRepr(Object v) {
        StringBuilder sb = new StringBuilder();
        repr(v, sb);
        return sb.toString();
    }

    private static void repr(Object v, StringBuilder sb) {
        if (v == null) {
            sb.append("None");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "True" : "False");
        } else if (v instanceof Double d) {
            sb.append(pyFloat(d));
        } else if (v instanceof Number n) {
            sb.append(n);
        } else if (v instanceof String s) {
            quote(s, sb);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                repr(e.getKey(), sb);
                sb.append(": ");
                repr(e.getValue(), sb);
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object x : c) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                repr(x, sb);
            }
            sb.append(']');
        } else {
            quote(v.toString(), sb);
        }
    }

    /** Python's float repr: shortest round-trip digits, always with a '.' or exponent. */
    static String pyFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return String.format("%.1f", d);
        }
        String s = Double.toString(d);
        if (s.contains("E")) {
            String[] parts = s.split("E");
            int exp = Integer.parseInt(parts[1]);
            String mant = parts[0].endsWith(".0") ? parts[0].substring(0, parts[0].length() - 2) : parts[0];
            return mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        return s;
    }

    private static void quote(String s, StringBuilder sb) {
        char q = s.contains("'") && !s.contains("\"") ? '"' : '\'';
        sb.append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == q || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\r') {
                sb.append("\\r");
            } else {
                sb.append(c);
            }
        }
        sb.append(q);
    }
}
