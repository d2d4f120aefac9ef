package io.squall.engine.inquiry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The response schema of an inquiry (StackStorm's core.ask): JSON Schema draft 4, with StackStorm's property-level
 * {@code required: true} turned into draft 4's {@code required} list first, as st2's schema utilities do. Without a
 * schema, StackStorm's default: {@code {continue: boolean}}, required.
 */
public final class InquirySchema {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode schema;
    private final Schema compiled;

    private InquirySchema(JsonNode schema, Schema compiled) {
        this.schema = schema;
        this.compiled = compiled;
    }

    /** StackStorm's default response schema: {@code {"continue": true|false}}. */
    public static JsonNode defaultSchema() {
        ObjectNode schema = NODES.objectNode().put("type", "object");
        schema.putObject("properties")
                .putObject("continue")
                .put("type", "boolean")
                .put("description", "Would you like to continue the workflow?")
                .put("required", true);
        return schema;
    }

    /** @throws IllegalArgumentException naming what is wrong when {@code schema} is not a usable JSON schema */
    public static InquirySchema of(JsonNode schema) {
        JsonNode given = schema == null || schema.isNull() || schema.isMissingNode() ? defaultSchema() : schema;
        if (!given.isObject()) {
            throw new IllegalArgumentException("parameter schema: a JSON schema is an object, not " + given);
        }
        JsonNode draft4 = withRequiredLists(given.deepCopy());
        try {
            return new InquirySchema(given, REGISTRY.getSchema(draft4));
        } catch (SchemaException | IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter schema: not a usable JSON schema: " + e.getMessage());
        }
    }

    public JsonNode schema() {
        return schema;
    }

    /** What is wrong with a response (empty: it is valid), each naming the field. */
    public List<String> problems(JsonNode response) {
        if (response == null || response.isNull() || response.isMissingNode()) {
            return List.of("no response");
        }
        List<String> out = new ArrayList<>();
        for (Error error : compiled.validate(response)) {
            out.add(error.getInstanceLocation() + ": " + error.getMessage());
        }
        return out;
    }

    /** {@code properties: {a: {required: true}}} → {@code required: [a]}, recursively (st2's draft-3 style). */
    private static JsonNode withRequiredLists(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode properties = object.get("properties");
            if (properties instanceof ObjectNode props) {
                ArrayNode required = object.get("required") instanceof ArrayNode list ? list : NODES.arrayNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = it.next();
                    if (property.getValue() instanceof ObjectNode p
                            && p.has("required")
                            && p.get("required").isBoolean()) {
                        if (p.get("required").asBoolean()) {
                            required.add(property.getKey());
                        }
                        p.remove("required");
                    }
                    withRequiredLists(property.getValue());
                }
                if (!required.isEmpty()) {
                    object.set("required", required);
                }
            }
            JsonNode items = object.get("items");
            if (items != null) {
                withRequiredLists(items);
            }
        }
        return node;
    }
}
