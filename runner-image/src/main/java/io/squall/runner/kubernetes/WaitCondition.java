package io.squall.runner.kubernetes;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.squall.runner.ActionConfigException;
import java.util.Objects;

/**
 * What {@code wait} waits for, in kubectl wait's --for syntax: {@code condition=<type>[=<status>]} (status default
 * True) among status.conditions, {@code jsonpath={.a.b[0].c}=<value>} (dotted fields and list indexes; the value
 * compared as text), or {@code delete} (the object is gone).
 */
sealed interface WaitCondition {

    /** @param object the object as JSON, or null when it does not exist */
    boolean holds(JsonNode object);

    String text();

    record Deleted() implements WaitCondition {
        public boolean holds(JsonNode object) {
            return object == null;
        }

        public String text() {
            return "delete";
        }
    }

    record Condition(String type, String status) implements WaitCondition {
        public boolean holds(JsonNode object) {
            if (object == null) {
                return false;
            }
            for (JsonNode condition : object.path("status").path("conditions")) {
                if (type.equalsIgnoreCase(condition.path("type").asText())) {
                    return status.equalsIgnoreCase(condition.path("status").asText());
                }
            }
            return false;
        }

        public String text() {
            return "condition=" + type + "=" + status;
        }
    }

    record JsonPathValue(String path, JsonPointer pointer, String value) implements WaitCondition {
        public boolean holds(JsonNode object) {
            if (object == null) {
                return false;
            }
            JsonNode found = object.at(pointer);
            return !found.isMissingNode() && !found.isContainerNode() && Objects.equals(found.asText(), value);
        }

        public String text() {
            return "jsonpath={" + path + "}=" + value;
        }
    }

    static WaitCondition parse(String text) throws ActionConfigException {
        String field = "action.kubernetes.waitFor";
        if (text == null || text.isBlank()) {
            throw new ActionConfigException(
                    field,
                    "is required by operation wait (condition=Available, "
                            + "jsonpath={.status.readyReplicas}=3 or delete)");
        }
        String spec = text.strip();
        if (spec.equals("delete")) {
            return new Deleted();
        }
        if (spec.startsWith("condition=")) {
            String[] parts = spec.substring("condition=".length()).split("=", 2);
            if (parts[0].isBlank()) {
                throw new ActionConfigException(field, "'" + text + "' names no condition type");
            }
            return new Condition(parts[0], parts.length > 1 ? parts[1] : "True");
        }
        if (spec.startsWith("jsonpath={")) {
            int close = spec.indexOf('}');
            if (close < 0 || close + 1 >= spec.length() || spec.charAt(close + 1) != '=') {
                throw new ActionConfigException(field, "'" + text + "' must be jsonpath={.path}=value");
            }
            String path = spec.substring("jsonpath={".length(), close);
            return new JsonPathValue(path, pointer(path, text), spec.substring(close + 2));
        }
        throw new ActionConfigException(
                field, "'" + text + "' must be condition=<type>[=<status>], " + "jsonpath={.path}=<value> or delete");
    }

    /** .status.conditions[0].type → /status/conditions/0/type. */
    private static JsonPointer pointer(String path, String text) throws ActionConfigException {
        if (!path.matches("(\\.[A-Za-z0-9_-]+(\\[\\d+])*)+")) {
            throw new ActionConfigException(
                    "action.kubernetes.waitFor",
                    "'" + text + "': the path must be dotted fields "
                            + "with optional [index], e.g. {.status.readyReplicas}");
        }
        StringBuilder pointer = new StringBuilder();
        for (String part : path.substring(1).split("\\.")) {
            int bracket = part.indexOf('[');
            pointer.append('/').append(bracket < 0 ? part : part.substring(0, bracket));
            if (bracket >= 0) {
                for (String index :
                        part.substring(bracket + 1, part.length() - 1).split("]\\[")) {
                    pointer.append('/').append(index);
                }
            }
        }
        return JsonPointer.compile(pointer.toString());
    }
}
