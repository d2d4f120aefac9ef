package io.squall.engine.yaql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Python's {@code json.dumps} (its separators, indent, sort_keys, ensure_ascii) and {@code json.loads}. */
final class PyJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final StringBuilder out = new StringBuilder();
    private final Long indent;
    private final boolean sortKeys;
    private final String itemSeparator;
    private final String keySeparator;
    private final Evaluation ev;

    private PyJson(Long indent, boolean sortKeys, String itemSeparator, String keySeparator, Evaluation ev) {
        this.indent = indent;
        this.sortKeys = sortKeys;
        this.itemSeparator = itemSeparator;
        this.keySeparator = keySeparator;
        this.ev = ev;
    }

    static String dumps(
            Object v, Long indent, boolean sortKeys, String itemSeparator, String keySeparator, Evaluation ev) {
        PyJson j = new PyJson(indent, sortKeys, itemSeparator, keySeparator, ev);
        j.value(Values.materialize(v, ev), 0);
        return j.out.toString();
    }

    /** {@code json.dumps(v)} with Python's defaults. */
    static String dumps(Object v, Evaluation ev) {
        return dumps(v, null, false, ", ", ": ", ev);
    }

    static Object loads(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw Errors.error("JSONDecodeError", "Expecting value: line 1 column 1 (char 0)");
            }
            return YaqlValues.normalize(node);
        } catch (JsonProcessingException e) {
            throw Errors.error("JSONDecodeError", decodeMessage(e));
        }
    }

    /** Python's wording where it is easy to tell ("Extra data", "Expecting value"), with its position format. */
    private static String decodeMessage(JsonProcessingException e) {
        String what = e.getOriginalMessage();
        String python = what.startsWith("Trailing token")
                ? "Extra data"
                : what.startsWith("Unexpected end-of-input")
                                || what.startsWith("Unrecognized token")
                                || what.startsWith("Unexpected character")
                        ? "Expecting value"
                        : what;
        if (e.getLocation() == null) {
            return python;
        }
        long offset = Math.max(0, e.getLocation().getCharOffset());
        return python + ": line " + e.getLocation().getLineNr() + " column "
                + e.getLocation().getColumnNr() + " (char " + offset + ")";
    }

    private void append(String s) {
        out.append(s);
        ev.checkLength(out.length());
    }

    private void newline(int level) {
        if (indent != null) {
            append("\n" + " ".repeat((int) Math.min(indent * level, 10_000)));
        }
    }

    private void value(Object v, int level) {
        if (v == null) {
            append("null");
        } else if (v instanceof Boolean b) {
            append(b ? "true" : "false");
        } else if (v instanceof Double d) {
            append(d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity") : PyRepr.floatRepr(d));
        } else if (PyNumbers.isInteger(v)) {
            append(v.toString());
        } else if (v instanceof String s) {
            append(quote(s));
        } else if (v instanceof Map<?, ?> m) {
            object(m, level);
        } else if (v instanceof List<?> l) {
            array(l, level);
        } else {
            throw Errors.typeError("Object of type " + PyTypes.name(v) + " is not JSON serializable");
        }
    }

    private void array(List<?> l, int level) {
        if (l.isEmpty()) {
            append("[]");
            return;
        }
        append("[");
        boolean first = true;
        for (Object o : l) {
            if (!first) {
                append(indent != null ? itemSeparator.stripTrailing() : itemSeparator);
            }
            first = false;
            newline(level + 1);
            value(o, level + 1);
        }
        newline(level);
        append("]");
    }

    private void object(Map<?, ?> m, int level) {
        if (m.isEmpty()) {
            append("{}");
            return;
        }
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        m.forEach((k, v) -> entries.add(Map.entry(keyString(k), v == null ? NULL : v)));
        if (sortKeys) {
            entries.sort((a, b) -> Operators.compareStrings(a.getKey(), b.getKey()));
        }
        append("{");
        boolean first = true;
        for (Map.Entry<String, Object> e : entries) {
            if (!first) {
                append(indent != null ? itemSeparator.stripTrailing() : itemSeparator);
            }
            first = false;
            newline(level + 1);
            append(quote(e.getKey()));
            append(keySeparator);
            value(e.getValue() == NULL ? null : e.getValue(), level + 1);
        }
        newline(level);
        append("}");
    }

    private static final Object NULL = new Object();

    /** How {@code json.dumps} turns a dict key into a string. */
    static String keyString(Object k) {
        if (k instanceof String s) {
            return s;
        }
        if (k == null) {
            return "null";
        }
        if (k instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (PyNumbers.isNumber(k)) {
            return PyRepr.number(k);
        }
        throw Errors.typeError("keys must be str, int, float, bool or None, not " + PyTypes.name(k));
    }

    /** A JSON string literal with Python's ensure_ascii escaping. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
