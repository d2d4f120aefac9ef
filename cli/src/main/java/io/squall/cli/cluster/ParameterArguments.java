package io.squall.cli.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.squall.cli.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code name=value} arguments, as st2 run takes them: the value is text, which Squall casts to the parameter's
 * declared type; a value that is a JSON array or object ({@code hosts='["a","b"]'}) is passed as that JSON.
 */
final class ParameterArguments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ParameterArguments() {}

    static Map<String, JsonNode> parse(List<String> arguments) {
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        for (String a : arguments) {
            int eq = a.indexOf('=');
            if (eq <= 0 || !a.substring(0, eq).matches("\\w+")) {
                throw UsageException.arguments("parameters are NAME=VALUE, got '" + a + "'");
            }
            parameters.put(a.substring(0, eq), value(a.substring(eq + 1)));
        }
        return parameters;
    }

    private static JsonNode value(String text) {
        String t = text.strip();
        if (t.startsWith("[") || t.startsWith("{")) {
            try {
                return JSON.readTree(t);
            } catch (JsonProcessingException e) {
                return TextNode.valueOf(text); // not JSON after all: the text as it is
            }
        }
        return TextNode.valueOf(text);
    }
}
