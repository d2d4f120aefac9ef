package io.squall.engine.workflow.spec;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.squall.engine.workflow.Values;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orquesta's inline parameters ({@code orquesta/utils/parameters.py}): {@code "a=<% ctx().x %> b=1 c='text'"} as
 * written after an action name or as a {@code publish} string. Values that are not quoted text are read as JSON
 * ({@code 1}, {@code true}, {@code [1, 2]}, {@code {"k": 1}}); expressions stay text.
 */
public final class InlineParams {
    private static final String IN_BRACKETS = "\\[.*\\]\\s*";
    private static final String IN_QUOTES = "\"[^\"]*\"\\s*";
    private static final String IN_APOSTROPHES = "'[^']*'\\s*";
    private static final Pattern PARAM = Pattern.compile(
            "([\\w]+)=("
                    + String.join(
                            "|",
                            IN_BRACKETS,
                            IN_QUOTES,
                            IN_APOSTROPHES,
                            "[-]?\\d*\\.\\d+",
                            "[-]?\\d+",
                            "(?i:true)",
                            "(?i:false)",
                            "null",
                            "<%.*?%>",
                            "\\{\\{.*?\\}\\}")
                    + ")",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern QUOTES = Pattern.compile(IN_QUOTES + "|" + IN_APOSTROPHES);
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private InlineParams() {}

    /** The parameters in order, as (name, value) pairs; empty when the text holds none. */
    public static List<Map.Entry<String, Object>> parse(Object text) {
        List<Map.Entry<String, Object>> params = new ArrayList<>();
        if (!(text instanceof String s) || s.isEmpty()) {
            return params;
        }
        Matcher m = PARAM.matcher(s);
        while (m.find()) {
            params.add(new SimpleEntry<>(m.group(1), value(m.group(2).strip())));
        }
        return params;
    }

    private static Object value(String v) {
        boolean quotesInParam = QUOTES.matcher(v).find();
        v = v.replaceFirst("^\"", "")
                .replaceFirst("\"$", "")
                .replaceFirst("^'", "")
                .replaceFirst("'$", "");
        boolean quotesInString = false;
        if (!v.isEmpty()) {
            boolean curlyBraces = v.charAt(0) == '{' && v.charAt(v.length() - 1) == '}';
            quotesInString = quotesInParam && !curlyBraces;
        }
        if (quotesInString) {
            return v;
        }
        String candidate = v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? v.toLowerCase() : v;
        try {
            return Values.normalize(JSON.readValue(candidate, Object.class));
        } catch (Exception notJson) {
            return v; // Orquesta keeps the text when json.loads refuses it
        }
    }
}
