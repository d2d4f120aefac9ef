package io.squall.sensors.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.v1alpha1.Names;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * StackStorm's generic hook body ({@code POST /api/v1/webhooks/st2}): {@code {"trigger": "<type>", "payload": {...}}}
 * is one trigger of that type with that payload as is (no headers/body wrapping), so a sender written for StackStorm
 * works unchanged. As in StackStorm a body without {@code trigger} is refused; a missing payload is {@code {}}.
 */
record St2Trigger(String type, ObjectNode payload) {
    private static final Pattern TRIGGER_TYPE = Pattern.compile(Names.TRIGGER_TYPE_PATTERN);
    private static final Set<String> KEYS = Set.of("trigger", "payload");

    static St2Trigger of(JsonNode body, List<String> allowedTypes) throws WebhookBody.RejectedBody {
        if (!body.isObject()) {
            throw new WebhookBody.RejectedBody("format st2: the body must be a JSON object {\"trigger\": \"<type>\", "
                    + "\"payload\": {...}}, got " + body.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new WebhookBody.RejectedBody(
                        "format st2: unknown key '" + name + "' (the body has trigger and " + "payload)");
            }
        }
        JsonNode trigger = body.get("trigger");
        if (trigger == null
                || trigger.isNull()
                || (trigger.isTextual() && trigger.asText().isEmpty())) {
            throw new WebhookBody.RejectedBody("format st2: 'trigger' is missing: name the trigger type to emit, e.g. "
                    + "{\"trigger\": \"mypack.mytrigger\", \"payload\": {...}}");
        }
        if (!trigger.isTextual() || !TRIGGER_TYPE.matcher(trigger.asText()).matches()) {
            throw new WebhookBody.RejectedBody("format st2: 'trigger' must be a trigger type matching "
                    + Names.TRIGGER_TYPE_PATTERN + ", got " + trigger);
        }
        String type = trigger.asText();
        if (!allowedTypes.isEmpty() && !allowedTypes.contains(type)) {
            throw new WebhookBody.RejectedBody("format st2: trigger '" + type + "' is not one of this sensor's "
                    + "spec.triggerTypes " + allowedTypes);
        }
        JsonNode payload = body.get("payload");
        if (payload == null || payload.isNull()) {
            return new St2Trigger(type, JsonNodeFactory.instance.objectNode());
        }
        if (!payload.isObject()) {
            throw new WebhookBody.RejectedBody("format st2: 'payload' must be a JSON object, got "
                    + payload.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return new St2Trigger(type, (ObjectNode) payload);
    }
}
