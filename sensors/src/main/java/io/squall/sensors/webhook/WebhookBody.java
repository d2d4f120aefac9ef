package io.squall.sensors.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.messages.StorableJson;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a webhook body into the trigger's {@code body}: a JSON object or array, or form data
 * (application/x-www-form-urlencoded or multipart/form-data) as an object. Anything else is refused with the reason.
 */
public final class WebhookBody {
    /** The body cannot be used; the message says why (it becomes the 400 answer). */
    public static final class RejectedBody extends Exception {
        public RejectedBody(String message) {
            super(message);
        }
    }

    private WebhookBody() {}

    public static JsonNode parse(String contentType, byte[] body) throws RejectedBody {
        return parse(contentType, body, List.of());
    }

    /** @param jsonFields form fields whose value is JSON text, decoded (webhook.jsonFields) */
    public static JsonNode parse(String contentType, byte[] body, List<String> jsonFields) throws RejectedBody {
        String mediaType = mediaType(contentType);
        if (body.length == 0) {
            throw new RejectedBody("empty body: send a JSON object or array, or form data");
        }
        if (mediaType.equals("application/x-www-form-urlencoded")) {
            Charset charset = charset(contentType);
            return parseForm(strict(body, charset, "form data"), charset, new FormFields(Set.copyOf(jsonFields)));
        }
        if (mediaType.equals("multipart/form-data")) {
            return storable(MultipartBody.parse(contentType, body, new FormFields(Set.copyOf(jsonFields))));
        }
        if (mediaType.startsWith("multipart/")) {
            throw new RejectedBody(mediaType + " is not supported: send JSON, application/x-www-form-urlencoded or "
                    + "multipart/form-data");
        }
        String utf8Problem = utf8Problem(body);
        if (utf8Problem != null) {
            throw new RejectedBody("body is not valid UTF-8 (" + utf8Problem + "): JSON must be UTF-8 text");
        }
        JsonNode node;
        try {
            node = StrictJson.read(body);
        } catch (StrictJson.NotJson e) {
            String reason = "body is not valid JSON (" + e.getMessage() + ")";
            throw new RejectedBody(
                    isJson(mediaType)
                            ? reason
                            : reason + " nor form data (that needs Content-Type: application/x-www-form-urlencoded)");
        }
        if (node == null || !(node.isObject() || node.isArray())) {
            throw new RejectedBody("body must be a JSON object or array, got "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        return storable(node);
    }

    /** a=1&amp;b=2&amp;b=3 → {"a": "1", "b": ["2", "3"]}. */
    static ObjectNode parseForm(String form, Charset charset, FormFields fields) throws RejectedBody {
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), charset);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), charset);
            fields.addText(name, value);
        }
        return (ObjectNode) storable(fields.result("form data"));
    }

    /** The body as it will be stored, or the reason Kubernetes would store something else. */
    private static JsonNode storable(JsonNode body) throws RejectedBody {
        var problem = StorableJson.problem("body", body);
        if (problem.isPresent()) {
            throw new RejectedBody(problem.get());
        }
        return body;
    }

    /**
     * Percent-decoding with the charset's decoder in REPORT mode: bytes that are not text in it are refused (the
     * JDK's URLDecoder would turn them into U+FFFD, and the value would no longer be what was sent).
     */
    private static String decode(String value, Charset charset) throws RejectedBody {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= value.length()
                        || Character.digit(value.charAt(i + 1), 16) < 0
                        || Character.digit(value.charAt(i + 2), 16) < 0) {
                    throw new RejectedBody("malformed form data: '%' at " + i + " is not followed by two hex digits");
                }
                bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                int end = i;
                while (end < value.length() && value.charAt(end) != '%' && value.charAt(end) != '+') {
                    end++;
                }
                byte[] raw = value.substring(i, end).getBytes(charset);
                bytes.write(raw, 0, raw.length);
                i = end - 1;
            }
        }
        return strict(bytes.toByteArray(), charset, "a form value");
    }

    /** Where the bytes stop being UTF-8 (overlong forms, encoded surrogates and cut sequences included), or null. */
    static String utf8Problem(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(Math.max(16, bytes.length));
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            StringBuilder shown = new StringBuilder();
            for (int i = at; i < Math.min(bytes.length, at + result.length()); i++) {
                shown.append(String.format("%s0x%02x", shown.length() == 0 ? "" : " ", bytes[i] & 0xff));
            }
            return "byte " + at + ": " + shown;
        }
        return null;
    }

    private static String strict(byte[] bytes, Charset charset, String what) throws RejectedBody {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RejectedBody("malformed form data: " + what + " is not valid " + charset.name() + " text ("
                    + e.getMessage() + ")");
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
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
