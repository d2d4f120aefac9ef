package io.squall.sensors.webhook;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a webhook body into the trigger's {@code body}: a JSON object or array, or form data
 * (application/x-www-form-urlencoded) as an object. Anything else is refused with the reason.
 */
public final class WebhookBody {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The body cannot be used; the message says why (it becomes the 400 answer). */
    public static final class RejectedBody extends Exception {
        public RejectedBody(String message) {
            super(message);
        }
    }

    private WebhookBody() {
    }

    public static JsonNode parse(String contentType, byte[] body) throws RejectedBody {
        String mediaType = mediaType(contentType);
        if (body.length == 0) {
            throw new RejectedBody("empty body: send a JSON object or array, or form data");
        }
        if (mediaType.equals("application/x-www-form-urlencoded")) {
            Charset charset = charset(contentType);
            return parseForm(new String(body, charset), charset);
        }
        if (mediaType.startsWith("multipart/")) {
            throw new RejectedBody(mediaType + " is not supported: send JSON or application/x-www-form-urlencoded");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            String reason = "body is not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new RejectedBody(isJson(mediaType) ? reason
                    : reason + " nor form data (that needs Content-Type: application/x-www-form-urlencoded)");
        } catch (IOException e) {
            throw new RejectedBody("body is not valid JSON: " + e.getMessage());
        }
        if (node == null || !(node.isObject() || node.isArray())) {
            throw new RejectedBody("body must be a JSON object or array, got "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        return node;
    }

    /** a=1&amp;b=2&amp;b=3 → {"a": "1", "b": ["2", "3"]}. */
    static ObjectNode parseForm(String form, Charset charset) throws RejectedBody {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), charset);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), charset);
            JsonNode existing = result.get(name);
            if (existing == null) {
                result.put(name, value);
            } else if (existing.isArray()) {
                ((ArrayNode) existing).add(value);
            } else {
                result.putArray(name).add(existing.asText()).add(value);
            }
        }
        if (result.isEmpty()) {
            throw new RejectedBody("form data without any field");
        }
        return result;
    }

    private static String decode(String value, Charset charset) throws RejectedBody {
        try {
            return URLDecoder.decode(value, charset);
        } catch (IllegalArgumentException e) {
            throw new RejectedBody("malformed form data: " + e.getMessage());
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static Charset charset(String contentType) throws RejectedBody {
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = trimmed.substring(8).replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    throw new RejectedBody("unsupported charset '" + name + "'");
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
