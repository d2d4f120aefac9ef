package io.squall.engine.yaql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value model: null, Boolean, Long (BigInteger past 64 bits), Double, String, List, Map (insertion-ordered,
 * keys usually strings). Helpers for callers: Python truthiness, normalisation of Java and Jackson values, Python's
 * str() of a result (how Orquesta embeds a result in a string).
 */
public final class YaqlValues {
    private static final int MAX_NESTING = 10_000;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private YaqlValues() {}

    /** Python truthiness: null, false, 0, 0.0, "", empty list and empty dict are false. */
    public static boolean truthy(Object v) {
        return Values.truthy(v);
    }

    /** Python {@code ==}: {@code 1 == 1.0 == true}, lists element-wise, dicts by key regardless of order. */
    public static boolean equal(Object a, Object b) {
        return Values.pyEquals(a, b);
    }

    /**
     * A value in the model: Integer/Short/Byte become Long, BigDecimal/Float become Double (integral BigDecimals
     * Long), Character a String, collections and arrays unmodifiable Lists, maps unmodifiable insertion-ordered
     * Maps, Jackson nodes their plain equivalent.
     *
     * @throws IllegalArgumentException for any other type (expressions see no other Java objects)
     */
    public static Object normalize(Object v) {
        return normalize(v, 0);
    }

    private static Object normalize(Object v, int depth) {
        if (depth > MAX_NESTING) {
            throw new IllegalArgumentException("value nested deeper than " + MAX_NESTING + " levels");
        }
        if (v == null || v instanceof Boolean || v instanceof String || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            return PyNumbers.normalize(b);
        }
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Character c) {
            return c.toString();
        }
        if (v instanceof JsonNode n) {
            return fromJson(n, depth);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(normalize(e.getKey(), depth + 1), normalize(e.getValue(), depth + 1));
            }
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(normalize(o, depth + 1));
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Object[] array) {
            return normalize(java.util.Arrays.asList(array), depth);
        }
        if (v instanceof LazySeq || v instanceof Ordering || v instanceof Regex || v instanceof ScopeValue) {
            return v; // the interpreter's own values, handed back by a custom function
        }
        throw new IllegalArgumentException("not a YAQL value: " + v.getClass().getName());
    }

    private static Object fromJson(JsonNode n, int depth) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return PyNumbers.normalize(n.bigIntegerValue());
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>(n.size());
            for (JsonNode item : n) {
                out.add(normalize(item, depth + 1));
            }
            return Collections.unmodifiableList(out);
        }
        if (n.isObject()) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                out.put(e.getKey(), normalize(e.getValue(), depth + 1));
            }
            return Collections.unmodifiableMap(out);
        }
        return n.asText();
    }

    /** A result as a Jackson tree; non-string dict keys become their Python str() (as {@code json.dumps} does). */
    public static JsonNode toJson(Object v) {
        if (v == null) {
            return JSON.nullNode();
        }
        if (v instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (v instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (v instanceof BigInteger b) {
            return JSON.numberNode(b);
        }
        if (v instanceof Double d) {
            return JSON.numberNode(d);
        }
        if (v instanceof String s) {
            return JSON.textNode(s);
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = JSON.objectNode();
            m.forEach((k, val) -> o.set(PyJson.keyString(k), toJson(val)));
            return o;
        }
        if (v instanceof Iterable<?> items) {
            ArrayNode a = JSON.arrayNode();
            items.forEach(item -> a.add(toJson(item)));
            return a;
        }
        return JSON.textNode(String.valueOf(v));
    }

    /**
     * Python's str() of a result: strings as they are, {@code None/True/False}, lists {@code [1, 'a']}, dicts
     * {@code {'a': 1}}, floats in Python's repr. Orquesta embeds results in text this way.
     */
    public static String pythonStr(Object v) {
        return PyRepr.str(v, false, Integer.MAX_VALUE);
    }

    /** Python's repr() of a value: strings quoted as Python quotes them, never cut short. */
    public static String pythonRepr(Object v) {
        return PyRepr.fullRepr(v);
    }

    /** The finished result of an evaluation: lazy sequences run into lists, regexes their pattern text. */
    static Object output(Object v, Evaluation ev) {
        if (v instanceof ScopeValue) {
            throw Errors.typeError("a context object (let, with) can only be used on the left of '->'");
        }
        if (v instanceof Regex r) {
            return r.source();
        }
        if (v instanceof LazySeq || v instanceof Ordering) {
            return output(Values.materialize(v, ev), ev);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(output(o, ev));
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(output(k, ev), output(val, ev)));
            return Collections.unmodifiableMap(out);
        }
        return v;
    }
}
