package io.squall.runner.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;
import io.squall.api.messages.Json;
import java.util.Optional;

/** StackStorm's handling of captured text: strip the shell's trailing newline, and parse it when it is JSON. */
final class JsonText {
    private static final ObjectReader STRICT =
            Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonText() {}

    /** st2's strip_shell_chars: drop one trailing "\n", then one trailing "\r". */
    static String stripShellChars(String text) {
        String stripped = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return stripped.endsWith("\r") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }

    /** st2's jsonify.try_loads: the parsed value when the whole text is one JSON document, else the text. */
    static JsonNode parseIfJson(String text) {
        return tryParse(text).orElseGet(() -> TextNode.valueOf(text));
    }

    /** The value when the whole text is one JSON document. */
    static Optional<JsonNode> tryParse(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode parsed = STRICT.readTree(text);
            return parsed == null || parsed.isMissingNode() ? Optional.empty() : Optional.of(parsed);
        } catch (JsonProcessingException e) {
            return Optional.empty(); // not JSON: the caller keeps the text, as st2 does
        }
    }
}
