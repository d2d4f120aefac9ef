package io.squall.engine.workflow;

import io.squall.engine.yaql.YaqlValues;
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
 * the deep dict merge of {@code orquesta.utils.dictionary.merge_dicts}; truthiness, {@code ==}, {@code str()} and
 * {@code repr()} are the YAQL interpreter's (one implementation of Python's semantics in the engine).
 */
public final class Values {
    private Values() {}

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
            return d.scale() <= 0 && d.precision() - d.scale() < 19
                    ? (Object) d.longValueExact()
                    : (Object) d.doubleValue();
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) ->
                    out.put(k == null ? "None" : k instanceof String s ? s : pyStr(normalize(k)), normalize(val)));
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
                left.put(
                        k,
                        merge(new LinkedHashMap<>((Map<String, Object>) l), (Map<String, ?>) e.getValue(), overwrite));
            } else if (overwrite) {
                left.put(k, e.getValue());
            }
        }
        return left;
    }

    /** Python's {@code ==} on value-model values: {@code 1 == 1.0}, {@code True == 1}, maps and lists deeply. */
    public static boolean pyEquals(Object a, Object b) {
        return YaqlValues.equal(a, b);
    }

    /** Python truthiness. */
    public static boolean truthy(Object v) {
        return YaqlValues.truthy(v);
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
        return YaqlValues.pythonStr(v);
    }

    /** Python's repr(). */
    public static String pyRepr(Object v) {
        return YaqlValues.pythonRepr(v);
    }
}
