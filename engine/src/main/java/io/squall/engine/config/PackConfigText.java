package io.squall.engine.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;

/**
 * A pack config value (StackStorm's config.yaml, typed by config.schema.yaml) as the text of a ConfigMap or Secret
 * key, and back: a text that reads as one JSON document (a number, true, false, null, a list, an object or a
 * quoted "string") is that JSON; anything else is the text itself. A string that would read as JSON ("8080",
 * "true") is written quoted, so every value comes back as it was.
 */
public final class PackConfigText {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private PackConfigText() {}

    public static JsonNode decode(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && !node.isMissingNode()) {
                return node;
            }
        } catch (IOException e) {
            // not JSON: the text is the value
        }
        return TextNode.valueOf(text);
    }

    public static String encode(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isTextual() && decode(value.asText()).equals(value)) {
            return value.asText();
        }
        return value.toString();
    }
}
