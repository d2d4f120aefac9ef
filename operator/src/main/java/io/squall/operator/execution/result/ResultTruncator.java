package io.squall.operator.execution.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.squall.api.messages.Json;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Makes a result fit the status bound while keeping its shape: the longest strings (stdout, stderr, a response
 * body...) are cut first, each keeping its head and a note of how much was cut, so {@code result.return_code}
 * and friends stay where rules and workflows look for them. Only a result whose structure alone is too large
 * (a huge array of numbers, say) is replaced by a preview of its JSON text.
 */
public final class ResultTruncator {

    static final String MARK = "... [truncated ";
    private static final int MIN_KEEP = 64;

    private ResultTruncator() {}

    public static int size(JsonNode node) {
        return Json.toBytes(node).length;
    }

    /** The result itself when it fits {@code maxBytes} (serialised as JSON), else a truncated copy that fits. */
    public static JsonNode truncate(JsonNode result, int maxBytes) {
        if (result == null || size(result) <= maxBytes) {
            return result;
        }
        if (!result.isContainerNode()) {
            return preview(result, maxBytes);
        }
        JsonNode copy = result.deepCopy();
        int size = size(copy);
        while (size > maxBytes) {
            Longest longest = new Longest();
            longest.find(copy, null, null, -1);
            if (longest.text == null || longest.text.length() <= MIN_KEEP) {
                return preview(result, maxBytes);
            }
            int excess = size - maxBytes;
            // cut the excess plus room for the note; never below MIN_KEEP characters
            int keep = Math.max(MIN_KEEP, longest.text.length() - excess - 64);
            if (keep >= longest.text.length()) {
                return preview(result, maxBytes);
            }
            String cut = longest.text.substring(0, keep) + MARK
                    + (longest.text.getBytes(StandardCharsets.UTF_8).length
                            - longest.text.substring(0, keep).getBytes(StandardCharsets.UTF_8).length)
                    + " bytes]";
            longest.replace(TextNode.valueOf(cut));
            size = size(copy);
        }
        return copy;
    }

    private static JsonNode preview(JsonNode result, int maxBytes) {
        String text = result.toString();
        int keep = Math.max(0, Math.min(text.length(), maxBytes / 2 - 100));
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("truncated", true);
        node.put("preview", text.substring(0, keep));
        // escaping and multi-byte characters can make the preview larger than its length in characters
        while (keep > 0 && size(node) > maxBytes) {
            keep /= 2;
            node.put("preview", text.substring(0, keep));
        }
        return node;
    }

    /** The longest string value in a tree and where it sits (parent object field or array index). */
    private static final class Longest {
        String text;
        JsonNode parent;
        String field;
        int index;

        void find(JsonNode node, JsonNode parentNode, String fieldName, int arrayIndex) {
            if (node.isTextual()) {
                if (text == null || node.asText().length() > text.length()) {
                    text = node.asText();
                    parent = parentNode;
                    field = fieldName;
                    index = arrayIndex;
                }
            } else if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    find(entry.getValue(), node, entry.getKey(), -1);
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    find(node.get(i), node, null, i);
                }
            }
        }

        void replace(JsonNode value) {
            if (parent instanceof ObjectNode object) {
                object.set(field, value);
            } else if (parent instanceof ArrayNode array) {
                array.set(index, value);
            }
        }
    }
}
