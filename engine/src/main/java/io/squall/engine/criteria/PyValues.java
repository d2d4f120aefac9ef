package io.squall.engine.criteria;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Python's semantics for JSON values, because StackStorm's operators are plain Python expressions
 * ({@code v == p}, {@code v < p}, {@code p in v}). No coercion beyond Python's: {@code 1 != "1"}, but
 * {@code True == 1} and {@code 1 == 1.0} (bool is an int in Python). Java null (missing) and JSON null are None.
 */
public final class PyValues {
    private static final java.util.regex.Pattern PY_FLOAT = java.util.regex.Pattern.compile(
            "[+-]?(\\d(_?\\d)*(\\.(\\d(_?\\d)*)?)?|\\.\\d(_?\\d)*)([eE][+-]?\\d(_?\\d)*)?");

    private PyValues() {}

    public static boolean isNone(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode();
    }

    /** Python's type name, for messages: str, int, float, bool, list, dict, NoneType. */
    public static String typeName(JsonNode v) {
        if (isNone(v)) {
            return "NoneType";
        }
        if (v.isTextual()) {
            return "str";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isIntegralNumber()) {
            return "int";
        }
        if (v.isNumber()) {
            return "float";
        }
        if (v.isArray()) {
            return "list";
        }
        if (v.isObject()) {
            return "dict";
        }
        return v.getNodeType().name().toLowerCase();
    }

    /** A short rendering of a value for messages (JSON, truncated). */
    public static String show(JsonNode v) {
        if (v == null) {
            return "<missing>";
        }
        String s = v.toString();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** Python truthiness ({@code not payload}). */
    public static boolean truthy(JsonNode v) {
        if (isNone(v)) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.isIntegralNumber() ? v.bigIntegerValue().signum() != 0 : v.doubleValue() != 0.0;
        }
        if (v.isTextual()) {
            return !v.textValue().isEmpty();
        }
        return v.size() > 0;
    }

    /** Python {@code a == b}. */
    public static boolean eq(JsonNode a, JsonNode b) {
        if (isNone(a) || isNone(b)) {
            return isNone(a) && isNone(b);
        }
        if (isNumeric(a) && isNumeric(b)) {
            Integer order = compareNumbers(a, b);
            return order != null && order == 0;
        }
        if (a.isTextual() && b.isTextual()) {
            return a.textValue().equals(b.textValue());
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!eq(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!b.has(field.getKey()) || !eq(field.getValue(), b.get(field.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Python {@code a < b}; raises like Python's TypeError for unorderable types. */
    public static boolean lessThan(JsonNode a, JsonNode b) {
        Integer order = order(a, b, "<");
        return order != null && order < 0;
    }

    /** Python {@code a > b}. */
    public static boolean greaterThan(JsonNode a, JsonNode b) {
        Integer order = order(a, b, ">");
        return order != null && order > 0;
    }

    /**
     * Python ordering: numbers (and bools) exactly, strings by code point, lists lexicographically; null when
     * unordered (NaN). Other combinations raise, as Python does.
     */
    private static Integer order(JsonNode a, JsonNode b, String operator) {
        if (isNumeric(a) && isNumeric(b)) {
            return compareNumbers(a, b);
        }
        if (a != null && b != null && a.isTextual() && b.isTextual()) {
            return compareCodePoints(a.textValue(), b.textValue());
        }
        if (a != null && b != null && a.isArray() && b.isArray()) {
            int n = Math.min(a.size(), b.size());
            for (int i = 0; i < n; i++) {
                if (!eq(a.get(i), b.get(i))) {
                    return order(a.get(i), b.get(i), operator);
                }
            }
            return Integer.compare(a.size(), b.size());
        }
        throw new CriterionException("'" + operator + "' not supported between " + typeName(a) + " " + show(a) + " and "
                + typeName(b) + " " + show(b));
    }

    /** Python {@code item in container}: substring, list membership or dict key. */
    public static boolean contains(JsonNode container, JsonNode item) {
        if (container != null && container.isTextual()) {
            if (item == null || !item.isTextual()) {
                throw new CriterionException(
                        "'in <string>' requires a string on the left, not " + typeName(item) + " " + show(item));
            }
            return container.textValue().contains(item.textValue());
        }
        if (container != null && container.isArray()) {
            for (JsonNode element : container) {
                if (eq(element, item)) {
                    return true;
                }
            }
            return false;
        }
        if (container != null && container.isObject()) {
            if (item != null && item.isContainerNode()) {
                throw new CriterionException("unhashable type: '" + typeName(item) + "' cannot be a dict key");
            }
            return item != null && item.isTextual() && container.has(item.textValue());
        }
        throw new CriterionException(
                "argument of type '" + typeName(container) + "' is not iterable (value " + show(container) + ")");
    }

    /** Python {@code float(v)}: numbers, bools and numeric strings ("10", " 1e3 ", "1_000.5", "inf", "nan"). */
    public static double toFloat(JsonNode v) {
        if (v != null && v.isBoolean()) {
            return v.booleanValue() ? 1.0 : 0.0;
        }
        if (v != null && v.isNumber()) {
            return v.doubleValue();
        }
        if (v != null && v.isTextual()) {
            String s = v.textValue().strip().toLowerCase(java.util.Locale.ROOT);
            String unsigned = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
            double sign = s.startsWith("-") ? -1.0 : 1.0;
            if (unsigned.equals("inf") || unsigned.equals("infinity")) {
                return sign * Double.POSITIVE_INFINITY;
            }
            if (unsigned.equals("nan")) {
                return Double.NaN;
            }
            if (PY_FLOAT.matcher(s).matches()) {
                return Double.parseDouble(s.replace("_", ""));
            }
            throw new CriterionException("could not convert string to float: " + show(v));
        }
        throw new CriterionException("float() argument must be a string or a number, not '" + typeName(v) + "'");
    }

    /** The string value, or a clear error naming what the operator needed. */
    public static String text(JsonNode v, String role) {
        if (v == null || !v.isTextual()) {
            throw new CriterionException("needs a string " + role + ", got " + typeName(v) + " " + show(v));
        }
        return v.textValue();
    }

    private static boolean isNumeric(JsonNode v) {
        return v != null && (v.isNumber() || v.isBoolean());
    }

    private static Integer compareNumbers(JsonNode a, JsonNode b) {
        double da = a.isBoolean() ? (a.booleanValue() ? 1 : 0) : a.doubleValue();
        double db = b.isBoolean() ? (b.booleanValue() ? 1 : 0) : b.doubleValue();
        if (Double.isNaN(da) || Double.isNaN(db)) {
            return null;
        }
        if (Double.isInfinite(da) || Double.isInfinite(db)) {
            return Double.compare(da, db);
        }
        return number(a).compareTo(number(b)); // exact, like Python's int/float comparison
    }

    private static BigDecimal number(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue() ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (v.isIntegralNumber()) {
            return new BigDecimal(v.bigIntegerValue());
        }
        return v.isBigDecimal() ? v.decimalValue() : new BigDecimal(v.doubleValue());
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
