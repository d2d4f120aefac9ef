package io.squall.runner.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.Json;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Makes a result fit in one NATS message. Output is already bounded (256 KiB per stream), but JSON
 * escaping can multiply it (a control character becomes six bytes), and a message over the server's
 * max_payload would be refused on every retry: the result would be lost. So oversized fields of the
 * result are cut to their tail (the end of a log says most) until the message fits, and
 * {@code <field>_truncated_bytes} counts what was cut.
 */
final class ResultFitter {
    /** Below this per-field size a result that still does not fit is replaced by an error. */
    private static final int SMALLEST_FIELD = 256;

    private ResultFitter() {}

    /** The JSON of the result, or of a copy cut down to at most {@code maxBytes}. */
    static byte[] toBytes(ExecutionResult result, long maxBytes) {
        byte[] whole = Json.toBytes(result);
        if (whole.length <= maxBytes) {
            return whole;
        }
        if (result.result() instanceof ObjectNode fields) {
            for (long cap = maxBytes / 4; cap >= SMALLEST_FIELD; cap /= 2) {
                byte[] candidate = Json.toBytes(withResult(result, shrink(fields, (int) cap)));
                if (candidate.length <= maxBytes) {
                    return candidate;
                }
            }
        }
        ObjectNode replacement = JsonNodeFactory.instance.objectNode();
        replacement.put(
                "error",
                "the result (" + whole.length + " bytes) does not fit in a NATS message of " + maxBytes + " bytes");
        return Json.toBytes(withResult(result, replacement));
    }

    /** A copy whose field values longer than {@code cap} characters (as text) are cut to their last cap characters. */
    private static ObjectNode shrink(ObjectNode fields, int cap) {
        ObjectNode copy = fields.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            String text = value.isTextual() ? value.asText() : value.toString();
            if (text.length() > cap) {
                String tail = text.substring(text.length() - cap);
                long dropped =
                        text.getBytes(StandardCharsets.UTF_8).length - tail.getBytes(StandardCharsets.UTF_8).length;
                copy.put(field.getKey(), tail);
                String counter = field.getKey() + "_truncated_bytes";
                copy.put(counter, fields.path(counter).asLong(0) + dropped);
            }
        }
        return copy;
    }

    private static ExecutionResult withResult(ExecutionResult result, JsonNode fields) {
        return new ExecutionResult(
                result.namespace(),
                result.execution(),
                result.attempt(),
                result.outcome(),
                fields,
                result.error(),
                result.startedAt(),
                result.finishedAt());
    }
}
