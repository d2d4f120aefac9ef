package io.squall.engine.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import io.squall.engine.criteria.PythonPatterns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The StackStorm Jinja filters rule and action authors use most (st2common/util/jinja.py): to_complex,
 * to_json_string, from_json_string, to_yaml_string, from_yaml_string, json_escape, regex_match, regex_search,
 * regex_replace, regex_substring, basename, dirname; and shell_quote (Python's shlex.quote), for a value a command must
 * take as one word. Jinjava's own filters (default, upper, join, ...) remain.
 */
final class StackStormFilters {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    /** Python json.dumps spacing: {@code {"a": 1, "b": [1, 2]}}. */
    private static final ObjectWriter PYTHON_JSON = JSON.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("", ""))
            .withArrayIndenter(new DefaultIndenter("", ""))
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEntrySpacing(Separators.Spacing.AFTER)
                    .withArrayValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator("")));

    private StackStormFilters() {}

    private interface Body {
        Object apply(Object value, String[] args) throws Exception;
    }

    private record Named(String name, Body body) implements Filter {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
            try {
                return body.apply(value, args);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
            }
        }
    }

    private static final int MAX_INDENT = 64;
    /** What Python's shlex.quote leaves as it is. */
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    /**
     * Python's shlex.quote: one shell word that means exactly the value, whatever it holds ({@code '} quoting, a
     * quote inside as {@code '"'"'}); a list becomes its items quoted and joined by spaces (one word each); None is
     * {@code ''}; numbers, booleans and dicts are quoted as their JSON text.
     */
    static String shellQuote(Object value) {
        if (value instanceof Iterable<?> items && !(value instanceof Map<?, ?>)) {
            StringBuilder words = new StringBuilder();
            for (Object item : items) {
                words.append(words.length() > 0 ? " " : "").append(shellQuote(item));
            }
            return words.toString();
        }
        JsonNode node = JinjaValues.toJson(value);
        String text = node == null || node.isNull() ? "" : node.isTextual() ? node.textValue() : node.toString();
        if (!text.isEmpty() && SHELL_SAFE.matcher(text).matches()) {
            return text;
        }
        return "'" + text.replace("'", "'\"'\"'") + "'";
    }

    /** Matcher.replaceAll, stopped as soon as the result would be over the output limit. */
    private static String replaceAll(Pattern pattern, String value, String replacement) {
        TemplateLimits limits = RenderBudget.limits();
        long max = limits == null ? TemplateLimits.DEFAULTS.maxOutputChars() : limits.maxOutputChars();
        Matcher m = pattern.matcher(RenderBudget.watched(value));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, replacement);
            if (out.length() > max) {
                throw RenderBudget.exceed("filter 'regex_replace' would make more than " + max + " characters");
            }
        }
        m.appendTail(out);
        return out.toString();
    }

    static List<Filter> all() {
        return List.of(
                new Named("to_complex", (v, a) -> v == null ? null : toJsonString(v, null)),
                new Named("to_json_string", (v, a) -> toJsonString(v, a.length > 0 ? a[0] : null)),
                new Named("from_json_string", (v, a) -> JinjaValues.wrap(JSON.readTree(text(v)))),
                new Named(
                        "to_yaml_string",
                        (v, a) -> YAML.writeValueAsString(json(v)).replaceFirst("^---\\n", "")),
                new Named("from_yaml_string", (v, a) -> JinjaValues.wrap(YAML.readTree(text(v)))),
                new Named("json_escape", (v, a) -> {
                    String quoted = JSON.writeValueAsString(text(v));
                    return quoted.substring(1, quoted.length() - 1);
                }),
                new Named(
                        "regex_match",
                        (v, a) -> regex(a, 0)
                                .matcher(RenderBudget.watched(text(v)))
                                .lookingAt()),
                new Named(
                        "regex_search",
                        (v, a) -> regex(a, 0)
                                .matcher(RenderBudget.watched(text(v)))
                                .find()),
                new Named(
                        "regex_replace",
                        (v, a) -> replaceAll(regex(a, 0), text(v), javaReplacement(a.length > 1 ? a[1] : ""))),
                new Named(
                        "regex_substring",
                        (v, a) -> substring(text(v), regex(a, 0), a.length > 1 ? Integer.parseInt(a[1].strip()) : 0)),
                new Named("shell_quote", (v, a) -> shellQuote(v)),
                new Named("basename", (v, a) -> text(v).substring(text(v).lastIndexOf('/') + 1)),
                new Named("dirname", (v, a) -> dirname(text(v))));
    }

    static String toJsonString(Object value, String indent) throws JsonProcessingException {
        JsonNode node = json(value);
        if (indent != null && !indent.isBlank() && !indent.strip().equals("None")) {
            int width = Integer.parseInt(indent.strip());
            if (width > MAX_INDENT) {
                throw new IllegalArgumentException("indent " + width + " is over the limit of " + MAX_INDENT);
            }
            String spaces = " ".repeat(Math.max(0, width));
            return JSON.writer(new DefaultPrettyPrinter()
                            .withObjectIndenter(new DefaultIndenter(spaces, "\n"))
                            .withArrayIndenter(new DefaultIndenter(spaces, "\n"))
                            .withSeparators(Separators.createDefaultInstance()
                                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)))
                    .writeValueAsString(node);
        }
        return PYTHON_JSON.writeValueAsString(node);
    }

    private static JsonNode json(Object value) {
        JsonNode node = JinjaValues.toJson(value);
        return node == null ? JSON.nullNode() : node;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static Pattern regex(String[] args, int index) {
        if (args.length <= index) {
            throw new IllegalArgumentException("a regular expression argument is required");
        }
        return PythonPatterns.regex(args[index], false, false);
    }

    /** re.findall(pattern, value)[index]: the whole match, or group 1 when the pattern has groups. */
    private static String substring(String value, Pattern pattern, int index) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(RenderBudget.watched(value));
        while (m.find()) {
            found.add(m.groupCount() > 0 ? m.group(1) : m.group());
        }
        if (index < 0 || index >= found.size()) {
            throw new IllegalArgumentException("regex_substring: no match number " + index + " for '"
                    + pattern.pattern() + "' in '" + value + "' (" + found.size() + " matches)");
        }
        return found.get(index);
    }

    /** Python replacement syntax (\1, \g<1>, \g<name>) to Java's ($1, ${name}). */
    private static String javaReplacement(String python) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < python.length(); i++) {
            char c = python.charAt(i);
            if (c == '$') {
                out.append("\\$");
            } else if (c == '\\' && i + 1 < python.length()) {
                char next = python.charAt(++i);
                if (Character.isDigit(next)) {
                    out.append('$').append(next);
                } else if (next == 'g' && i + 1 < python.length() && python.charAt(i + 1) == '<') {
                    int end = python.indexOf('>', i);
                    String group = python.substring(i + 2, end);
                    out.append(group.chars().allMatch(Character::isDigit) ? "$" + group : "${" + group + "}");
                    i = end;
                } else if (next == 'n') {
                    out.append('\n');
                } else if (next == 't') {
                    out.append('\t');
                } else {
                    out.append(Matcher.quoteReplacement(String.valueOf(next)));
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** posixpath.dirname. */
    private static String dirname(String path) {
        String head = path.substring(0, path.lastIndexOf('/') + 1);
        if (!head.isEmpty() && !head.chars().allMatch(ch -> ch == '/')) {
            head = head.replaceAll("/+$", "");
        }
        return head;
    }
}
