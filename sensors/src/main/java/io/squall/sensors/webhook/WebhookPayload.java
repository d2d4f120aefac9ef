package io.squall.sensors.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * StackStorm's webhook payload: {@code {headers, headers_lower, body}}. Credentials are left out of the
 * headers (the payload is stored and shown), as StackStorm drops X-Auth-Token, St2-Api-Key and Cookie.
 */
public final class WebhookPayload {
    private static final Set<String> HIDDEN = Set.of("authorization", "proxy-authorization", "cookie");

    private WebhookPayload() {}

    /** @param headers header name → values, in arrival order (repeated headers are joined with ", ") */
    public static ObjectNode of(Iterable<Map.Entry<String, List<String>>> headers, JsonNode body) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        ObjectNode original = payload.putObject("headers");
        ObjectNode lower = payload.putObject("headers_lower");
        for (Map.Entry<String, List<String>> header : headers) {
            String name = header.getKey();
            String lowerName = name.toLowerCase(Locale.ROOT);
            if (HIDDEN.contains(lowerName)) {
                continue;
            }
            String value = String.join(", ", header.getValue());
            original.put(name, value);
            lower.put(lowerName, value);
        }
        payload.set("body", body);
        return payload;
    }
}
