package io.squall.engine.workflow.inspect;

import io.squall.engine.workflow.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Orquesta's native v1 JSON schema (specs/native/v1/models.py, specs/types.py) and a validator for the Draft 4
 * keywords it uses, reporting errors as Python's jsonschema words them ({@code 'tasks' is a required property},
 * {@code {} should be non-empty}, {@code X is not valid under any of the given schemas}...), with the instance
 * path ({@code tasks.task1.next[0].do}) and the schema path.
 */
final class SpecSchema {
    /** A schema node: keyword → value (a nested node, a list of nodes, or a literal). */
    private static Map<String, Object> s(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static final String ITEMS_REGEX =
            "^(\\s+)?({{.*?}}|<%.*?%>)(\\s+)?$|^(\\s+)?((\\w+,\\s?|\\s+)+)?(\\w+)\\s+in\\s+({{.*?}}|<%.*?%>)(\\s+)?$";
    private static final Map<String, Object> NONEMPTY_STRING = s("type", "string", "minLength", 1L);
    private static final Map<String, Object> UNIQUE_STRING_LIST =
            s("type", "array", "items", NONEMPTY_STRING, "uniqueItems", true, "minItems", 1L);
    private static final Map<String, Object> POSITIVE_INTEGER = s("type", "integer", "minimum", 0L);
    private static final Map<String, Object> POSITIVE_NUMBER = s("type", "number", "minimum", 0.0);
    private static final Map<String, Object> ANY_NULLABLE = s(
            "anyOf",
            List.of(
                    s("type", "null"),
                    s("type", "array"),
                    s("type", "boolean"),
                    s("type", "integer"),
                    s("type", "number"),
                    s("type", "object"),
                    s("type", "string")));
    private static final Map<String, Object> NONEMPTY_DICT =
            s("type", "object", "minProperties", 1L, "patternProperties", s("^\\w+$", ANY_NULLABLE));
    private static final Map<String, Object> ONE_KEY_DICT = s(
            "type", "object", "minProperties", 1L, "maxProperties", 1L, "patternProperties", s("^\\w+$", ANY_NULLABLE));
    private static final Map<String, Object> STRING_OR_POSITIVE_INTEGER =
            s("oneOf", List.of(NONEMPTY_STRING, POSITIVE_INTEGER));
    private static final Map<String, Object> UNIQUE_STRING_OR_ONE_KEY_DICT_LIST = s(
            "type",
            "array",
            "items",
            s("oneOf", List.of(NONEMPTY_STRING, ONE_KEY_DICT)),
            "uniqueItems",
            true,
            "minItems",
            1L);
    private static final Map<String, Object> UNIQUE_ONE_KEY_DICT_LIST =
            s("type", "array", "items", ONE_KEY_DICT, "uniqueItems", true, "minItems", 1L);

    private static final Map<String, Object> TRANSITION = s(
            "type",
            "object",
            "properties",
            s(
                    "when", NONEMPTY_STRING,
                    "publish", s("oneOf", List.of(NONEMPTY_STRING, UNIQUE_ONE_KEY_DICT_LIST)),
                    "do", s("oneOf", List.of(NONEMPTY_STRING, UNIQUE_STRING_LIST))),
            "additionalProperties",
            false);
    private static final Map<String, Object> TASK = s(
            "type",
            "object",
            "properties",
            s(
                    "delay", STRING_OR_POSITIVE_INTEGER,
                    "join", s("oneOf", List.of(s("enum", List.of("all")), POSITIVE_INTEGER)),
                    "with",
                            s(
                                    "type",
                                    "object",
                                    "properties",
                                    s(
                                            "items",
                                            s("type", "string", "minLength", 1L, "pattern", ITEMS_REGEX),
                                            "concurrency",
                                            STRING_OR_POSITIVE_INTEGER),
                                    "additionalProperties",
                                    false),
                    "action", NONEMPTY_STRING,
                    "input", s("oneOf", List.of(NONEMPTY_STRING, NONEMPTY_DICT)),
                    "retry",
                            s(
                                    "type",
                                    "object",
                                    "properties",
                                    s(
                                            "when",
                                            NONEMPTY_STRING,
                                            "count",
                                            STRING_OR_POSITIVE_INTEGER,
                                            "delay",
                                            STRING_OR_POSITIVE_INTEGER),
                                    "required",
                                    List.of("count"),
                                    "additionalProperties",
                                    false),
                    "next", s("type", "array", "items", TRANSITION)),
            "additionalProperties",
            false);
    static final Map<String, Object> WORKFLOW = s(
            "type",
            "object",
            "properties",
            s(
                    "name", NONEMPTY_STRING,
                    "version",
                            s(
                                    "anyOf",
                                    List.of(NONEMPTY_STRING, POSITIVE_INTEGER, POSITIVE_NUMBER),
                                    "enum",
                                    List.of("1.0", 1.0)),
                    "description", NONEMPTY_STRING,
                    "tags", UNIQUE_STRING_LIST,
                    "vars", UNIQUE_ONE_KEY_DICT_LIST,
                    "input", UNIQUE_STRING_OR_ONE_KEY_DICT_LIST,
                    "output", UNIQUE_ONE_KEY_DICT_LIST,
                    "tasks", s("type", "object", "minProperties", 1L, "patternProperties", s("^\\w+$", TASK))),
            "required",
            List.of("tasks"),
            "additionalProperties",
            false);

    private static final Pattern WORD_KEY = Pattern.compile("^\\w+$", Pattern.UNICODE_CHARACTER_CLASS);

    private SpecSchema() {}

    record Error(String message, String specPath, String schemaPath) {}

    static List<Error> validate(Object instance) {
        List<Error> errors = new ArrayList<>();
        check(WORKFLOW, instance, "", "", errors);
        return errors;
    }

    private static String joinSpec(String path, Object part) {
        if (part instanceof Integer i) {
            return path + "[" + i + "]";
        }
        return path.isEmpty() ? String.valueOf(part) : path + "." + part;
    }

    private static String joinSchema(String path, String part) {
        return path.isEmpty() ? part : path + "." + part;
    }

    private static boolean isValid(Map<String, Object> schema, Object instance) {
        List<Error> errors = new ArrayList<>();
        check(schema, instance, "", "", errors);
        return errors.isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static void check(
            Map<String, Object> schema, Object v, String path, String schemaPath, List<Error> errors) {
        for (Map.Entry<String, Object> kw : schema.entrySet()) {
            String at = joinSchema(schemaPath, kw.getKey());
            Object arg = kw.getValue();
            switch (kw.getKey()) {
                case "type" -> {
                    if (!hasType(v, (String) arg)) {
                        errors.add(new Error(repr(v) + " is not of type " + repr(arg), path, at));
                        return; // Python's jsonschema reports the other keywords too, but they never apply to a wrong
                        // type here
                    }
                }
                case "minLength" -> {
                    if (v instanceof String str && str.codePointCount(0, str.length()) < (Long) arg) {
                        errors.add(new Error(
                                repr(v) + ((Long) arg == 1 ? " should be non-empty" : " is too short"), path, at));
                    }
                }
                case "minItems" -> {
                    if (v instanceof List<?> l && l.size() < (Long) arg) {
                        errors.add(new Error(
                                repr(v) + ((Long) arg == 1 ? " should be non-empty" : " is too short"), path, at));
                    }
                }
                case "minProperties" -> {
                    if (v instanceof Map<?, ?> m && m.size() < (Long) arg) {
                        errors.add(new Error(
                                repr(v)
                                        + ((Long) arg == 1
                                                ? " should be non-empty"
                                                : " does not have enough properties"),
                                path,
                                at));
                    }
                }
                case "maxProperties" -> {
                    if (v instanceof Map<?, ?> m && m.size() > (Long) arg) {
                        errors.add(new Error(repr(v) + " has too many properties", path, at));
                    }
                }
                case "minimum" -> {
                    if (v instanceof Number n
                            && !(v instanceof Boolean)
                            && n.doubleValue() < ((Number) arg).doubleValue()) {
                        errors.add(new Error(repr(v) + " is less than the minimum of " + repr(arg), path, at));
                    }
                }
                case "pattern" -> {
                    if (v instanceof String str
                            && !Pattern.compile(((String) arg)
                                            .replace("{{", "\\{\\{")
                                            .replace("}}", "\\}\\}"))
                                    .matcher(str)
                                    .find()) {
                        errors.add(new Error(repr(v) + " does not match " + repr(arg), path, at));
                    }
                }
                case "enum" -> {
                    boolean found =
                            ((List<Object>) arg).stream().anyMatch(e -> Values.pyEquals(e, v) && sameKind(e, v));
                    if (!found) {
                        errors.add(new Error(repr(v) + " is not one of " + repr(arg), path, at));
                    }
                }
                case "uniqueItems" -> {
                    if (v instanceof List<?> l && Boolean.TRUE.equals(arg)) {
                        Set<String> seen = new HashSet<>();
                        for (Object x : l) {
                            if (!seen.add(repr(x))) {
                                errors.add(new Error(repr(v) + " has non-unique elements", path, at));
                                break;
                            }
                        }
                    }
                }
                case "required" -> {
                    if (v instanceof Map<?, ?> m) {
                        for (Object r : (List<Object>) arg) {
                            if (!m.containsKey(r)) {
                                errors.add(new Error(repr(r) + " is a required property", path, at));
                            }
                        }
                    }
                }
                case "properties" -> {
                    if (v instanceof Map<?, ?> m) {
                        for (Map.Entry<String, Object> p : ((Map<String, Object>) arg).entrySet()) {
                            if (m.containsKey(p.getKey())) {
                                check(
                                        (Map<String, Object>) p.getValue(),
                                        m.get(p.getKey()),
                                        joinSpec(path, p.getKey()),
                                        joinSchema(at, p.getKey()),
                                        errors);
                            }
                        }
                    }
                }
                case "patternProperties" -> {
                    if (v instanceof Map<?, ?> m) {
                        for (Map.Entry<String, Object> p : ((Map<String, Object>) arg).entrySet()) {
                            for (Map.Entry<?, ?> e : m.entrySet()) {
                                if (WORD_KEY.matcher(String.valueOf(e.getKey())).find()) {
                                    check(
                                            (Map<String, Object>) p.getValue(),
                                            e.getValue(),
                                            joinSpec(path, e.getKey()),
                                            joinSchema(at, p.getKey()),
                                            errors);
                                }
                            }
                        }
                    }
                }
                case "additionalProperties" -> {
                    if (v instanceof Map<?, ?> m && Boolean.FALSE.equals(arg)) {
                        Map<String, Object> props = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
                        boolean patterns = schema.containsKey("patternProperties");
                        List<String> extra = new ArrayList<>();
                        for (Object k : m.keySet()) {
                            if (!props.containsKey(k)
                                    && !(patterns
                                            && WORD_KEY.matcher(String.valueOf(k))
                                                    .find())) {
                                extra.add(repr(k));
                            }
                        }
                        if (!extra.isEmpty()) {
                            errors.add(new Error(
                                    "Additional properties are not allowed (" + String.join(", ", extra)
                                            + (extra.size() == 1 ? " was" : " were") + " unexpected)",
                                    path,
                                    at));
                        }
                    }
                }
                case "items" -> {
                    if (v instanceof List<?> l) {
                        for (int i = 0; i < l.size(); i++) {
                            check((Map<String, Object>) arg, l.get(i), joinSpec(path, i), at, errors);
                        }
                    }
                }
                case "oneOf" -> {
                    long valid = ((List<Object>) arg)
                            .stream()
                                    .filter(sub -> isValid((Map<String, Object>) sub, v))
                                    .count();
                    if (valid == 0) {
                        errors.add(new Error(repr(v) + " is not valid under any of the given schemas", path, at));
                    } else if (valid > 1) {
                        errors.add(new Error(repr(v) + " is valid under each of the given schemas", path, at));
                    }
                }
                case "anyOf" -> {
                    if (((List<Object>) arg).stream().noneMatch(sub -> isValid((Map<String, Object>) sub, v))) {
                        errors.add(new Error(repr(v) + " is not valid under any of the given schemas", path, at));
                    }
                }
                default -> throw new IllegalStateException("unsupported schema keyword " + kw.getKey());
            }
        }
    }

    private static boolean sameKind(Object a, Object b) {
        return (a instanceof String) == (b instanceof String);
    }

    private static boolean hasType(Object v, String type) {
        return switch (type) {
            case "object" -> v instanceof Map;
            case "array" -> v instanceof List;
            case "string" -> v instanceof String;
            case "integer" -> v instanceof Long || (v instanceof Double d && d == Math.rint(d) && !d.isInfinite());
            case "number" -> v instanceof Long || v instanceof Double;
            case "boolean" -> v instanceof Boolean;
            case "null" -> v == null;
            default -> false;
        };
    }

    /** Python's repr as jsonschema prints it, with Orquesta's unescape (backslashes shown once). */
    private static String repr(Object v) {
        return Values.pyRepr(v).replace("\\\\", "\\");
    }
}
