package io.squall.engine.yaql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * StackStorm's expression functions that Orquesta workflows get ({@code st2common/expressions/functions}, as the
 * orquesta runner registers them): json_dump/to_json_string, json_parse/from_json_string, json_escape,
 * from_yaml_string/yaml_parse, regex_match/replace/search/substring, basename, dirname,
 * to_human_time_from_seconds, use_none and the version_* functions. st2kv() and task() need the conductor.
 */
final class StackStormFunctions {
    static final String NONE_MAGIC_VALUE = "%*****__%NONE%__*****%";
    private static final ObjectMapper YAML = new YAMLMapper();

    private StackStormFunctions() {}

    static void register(Library lib) {
        Builtin toJson = inv -> {
            Args a = inv.bind("value", "indent?", "sortKeys?", "separators?");
            String itemSep = ",";
            String keySep = ": ";
            if (a.has("separators") && a.get("separators") != null) {
                List<Object> seps = a.list("separators");
                if (seps.size() != 2 || !(seps.get(0) instanceof String i) || !(seps.get(1) instanceof String k)) {
                    throw Errors.valueError("separators must be a pair of strings");
                }
                itemSep = i;
                keySep = k;
            }
            Long indent = a.get("indent") == null ? null : a.integer("indent");
            boolean sort = a.get("sortKeys") != null && Values.truthy(a.get("sortKeys"));
            return PyJson.dumps(a.get("value"), indent, sort, itemSep, keySep, inv.ev());
        };
        lib.function("to_json_string", toJson);
        lib.function("json_dump", toJson);
        Builtin fromJson = inv -> PyJson.loads(text(inv.bind("value").get("value"), inv));
        lib.function("from_json_string", fromJson);
        lib.function("json_parse", fromJson);
        lib.function("json_escape", inv -> {
            String s = PyJson.dumps(inv.bind("value").get("value"), inv.ev());
            return PyStrings.strip(s, "\"", true, true);
        });
        Builtin fromYaml = inv -> {
            String s = text(inv.bind("value").get("value"), inv);
            try {
                return YaqlValues.normalize(YAML.readTree(s));
            } catch (JsonProcessingException e) {
                throw Errors.error("YAMLError", e.getOriginalMessage());
            }
        };
        lib.function("from_yaml_string", fromYaml);
        lib.function("yaml_parse", fromYaml);
        lib.function("regex_match", inv -> {
            Args a = inv.bind("value", "pattern", "ignorecase?");
            Matcher m = RegexSupport.matcher(pattern(a), text(a.get("value"), inv), inv.ev());
            return RegexSupport.guard(m::lookingAt);
        });
        lib.function("regex_search", inv -> {
            Args a = inv.bind("value", "pattern", "ignorecase?");
            return RegexSupport.search(pattern(a), text(a.get("value"), inv), inv.ev()) != null;
        });
        lib.function("regex_replace", inv -> {
            Args a = inv.bind("value", "pattern", "replacement", "ignorecase?");
            Regex rx = pattern(a);
            return StdRegex.replace(rx, text(a.get("value"), inv), a.string("replacement"), 0, inv.ev());
        });
        lib.function("regex_substring", inv -> {
            Args a = inv.bind("value", "pattern", "resultIndex?", "ignorecase?");
            Regex rx = pattern(a);
            Matcher m = RegexSupport.matcher(rx, text(a.get("value"), inv), inv.ev());
            List<Object> found = new ArrayList<>();
            while (RegexSupport.guard(m::find)) {
                found.add(findallItem(m));
                inv.ev().checkSize(found.size());
            }
            long i = a.integer("resultIndex", 0);
            if (i < -found.size() || i >= found.size()) {
                throw Errors.error("IndexError", "list index out of range"); // findall gives a list
            }
            return found.get((int) (i < 0 ? i + found.size() : i));
        });
        lib.function("basename", inv -> {
            String p = inv.bind("path").string("path");
            return p.substring(p.lastIndexOf('/') + 1);
        });
        lib.function("dirname", inv -> dirname(inv.bind("path").string("path")));
        lib.function(
                "to_human_time_from_seconds",
                inv -> humanTime(inv.bind("seconds").get("seconds"), inv));
        lib.function("use_none", inv -> {
            Object v = inv.bind("value").get("value");
            return v == null ? NONE_MAGIC_VALUE : v;
        });
        SemVer.register(lib);
    }

    /** {@code str(value)} as StackStorm applies it to a non-string argument. */
    private static String text(Object v, Invocation inv) {
        return v instanceof String s
                ? s
                : PyRepr.str(
                        Values.materialize(v, inv.ev()), true, inv.ev().limits.maxStringLength());
    }

    private static Regex pattern(Args a) {
        boolean ignoreCase = a.has("ignorecase") && Values.truthy(a.get("ignorecase"));
        return Regex.compile(a.string("pattern"), ignoreCase, false, false);
    }

    /** {@code re.findall}: the match, its one group, or the tuple of its groups. */
    private static Object findallItem(Matcher m) {
        if (m.groupCount() == 0) {
            return m.group();
        }
        if (m.groupCount() == 1) {
            return m.group(1) == null ? "" : m.group(1);
        }
        List<Object> groups = new ArrayList<>();
        for (int g = 1; g <= m.groupCount(); g++) {
            groups.add(m.group(g) == null ? "" : m.group(g));
        }
        return java.util.Collections.unmodifiableList(groups);
    }

    /** {@code os.path.dirname}: everything before the last '/', trailing slashes dropped unless all slashes. */
    static String dirname(String p) {
        int i = p.lastIndexOf('/') + 1;
        String head = p.substring(0, i);
        if (!head.isEmpty() && !head.chars().allMatch(c -> c == '/')) {
            head = head.replaceAll("/+$", "");
        }
        return head;
    }

    /** StackStorm's {@code to_human_time_from_seconds}: 0s, 5s, 3m5s, 1h3m5s, 2d1h3m5s, 1y2d1h3m5s. */
    private static Object humanTime(Object v, Invocation inv) {
        if (!PyNumbers.isNumber(v)) {
            throw Errors.error("AssertionError", "");
        }
        if (PyNumbers.compare(v, 0L) == 0) {
            return "0s";
        }
        if (PyNumbers.compare(v, 1L) < 0) {
            return PyRepr.number(v) + "\u03bcs";
        }
        long s = v instanceof Double d ? (long) Math.rint(d) : ((Number) v).longValue();
        // StackStorm reads the parts off datetime(1, 1, 1) + seconds: days are the day of the month, so whole
        // months vanish (40 days is "9d..."); kept as it is
        java.time.LocalDateTime t = java.time.LocalDateTime.of(1, 1, 1, 0, 0).plusSeconds(s);
        long[] parts = {t.getYear() - 1, t.getDayOfMonth() - 1, t.getHour(), t.getMinute(), t.getSecond()};
        String[] units = {"y", "d", "h", "m", "s"};
        int first = 0;
        while (first < parts.length && parts[first] == 0) {
            first++;
        }
        if (first == parts.length) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        for (int i = first; i < parts.length; i++) {
            b.append(parts[i]).append(units[i]);
        }
        return b.toString();
    }
}
