package io.squall.sensors.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * JSON as a webhook body or a JSON form field is read. Strict: a key twice in one object is refused (which one would
 * the rule see?), and numbers are read exactly so {@link io.squall.api.messages.StorableJson} can refuse those
 * Kubernetes would store as other numbers.
 */
final class StrictJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Why text is not JSON: the parser's message and where. */
    static final class NotJson extends Exception {
        NotJson(String reason) {
            super(reason);
        }
    }

    private StrictJson() {}

    static JsonNode read(byte[] bytes) throws NotJson {
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new NotJson(reason(e));
        } catch (IOException e) {
            throw new NotJson(String.valueOf(e.getMessage()));
        }
    }

    static JsonNode read(String text) throws NotJson {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new NotJson("no JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new NotJson(reason(e));
        }
    }

    private static String reason(JsonProcessingException e) {
        String where = e.getLocation() == null
                ? ""
                : " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
        return e.getOriginalMessage() + where;
    }
}
