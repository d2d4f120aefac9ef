package io.squall.sensors.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;

/**
 * The body built from form fields (urlencoded or multipart): a field sent twice becomes a list, and a field named in
 * {@code jsonFields} is decoded from JSON text (New Relic's legacy {@code alert=<json>}).
 */
final class FormFields {
    private final ObjectNode fields = JsonNodeFactory.instance.objectNode();
    private final Set<String> jsonFields;
    /** Names already turned into a list by repetition (a JSON field's own array value is not one). */
    private final Set<String> repeated = new HashSet<>();

    FormFields(Set<String> jsonFields) {
        this.jsonFields = jsonFields;
    }

    void addText(String name, String value) throws WebhookBody.RejectedBody {
        if (!jsonFields.contains(name)) {
            add(name, JsonNodeFactory.instance.textNode(value));
            return;
        }
        try {
            add(name, StrictJson.read(value));
        } catch (StrictJson.NotJson e) {
            throw new WebhookBody.RejectedBody("form field '" + name + "' (listed in webhook.jsonFields) is not valid "
                    + "JSON (" + e.getMessage() + ")");
        }
    }

    void add(String name, JsonNode value) {
        JsonNode existing = fields.get(name);
        if (existing == null) {
            fields.set(name, value);
        } else if (repeated.contains(name)) {
            ((ArrayNode) existing).add(value);
        } else {
            fields.putArray(name).add(existing).add(value);
            repeated.add(name);
        }
    }

    ObjectNode result(String what) throws WebhookBody.RejectedBody {
        if (fields.isEmpty()) {
            throw new WebhookBody.RejectedBody(what + " without any field");
        }
        return fields;
    }
}
