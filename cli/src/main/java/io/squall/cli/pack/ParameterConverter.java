package io.squall.cli.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.squall.api.v1alpha1.ParameterSpec;
import io.squall.api.v1alpha1.ParameterType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * StackStorm action parameters (JSON-schema-like) as Squall ParameterSpecs. Keywords Squall has no field for
 * (pattern, minimum, items, ...) are named in the report; a default taken from the pack config
 * ({@code {{ config_context.key }}}) becomes the config schema's default when it is not a secret.
 */
final class ParameterConverter {
    /** The keywords ParameterSpec carries. */
    private static final Set<String> KEPT =
            Set.of("type", "default", "required", "secret", "immutable", "enum", "position", "description");

    private static final Pattern CONFIG_CONTEXT = Pattern.compile("^\\s*\\{\\{\\s*config_context\\.(\\w+)\\s*}}\\s*$");

    private final ImportContext context;

    ParameterConverter(ImportContext context) {
        this.context = context;
    }

    /** The parameters of {@code parameters} except those named in {@code skip} (the runner's own, mapped elsewhere). */
    Map<String, ParameterSpec> convert(JsonNode parameters, Set<String> skip, String file, String action) {
        Map<String, ParameterSpec> out = new LinkedHashMap<>();
        if (parameters == null || !parameters.isObject()) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (skip.contains(e.getKey())) {
                continue;
            }
            out.put(e.getKey(), parameter(e.getKey(), e.getValue(), file, action));
        }
        return out;
    }

    private ParameterSpec parameter(String name, JsonNode schema, String file, String action) {
        String what = action + " parameter " + name;
        ParameterSpec p = new ParameterSpec();
        if (!schema.isObject()) {
            context.report.changed(file, what, "its schema is not a mapping (" + schema + "): taken as untyped");
            return p;
        }
        JsonNode type = schema.get("type");
        if (type != null) {
            p.type = type(type.asText());
            if (p.type == null) {
                context.report.changed(file, what, "type '" + type.asText() + "' has no Squall counterpart: untyped");
            }
        }
        p.defaultValue = defaultValue(schema.get("default"), file, what);
        p.required = schema.has("required") ? schema.get("required").asBoolean() : null;
        p.secret = schema.has("secret") ? schema.get("secret").asBoolean() : null;
        p.immutable = schema.has("immutable") ? schema.get("immutable").asBoolean() : null;
        if (schema.has("enum") && schema.get("enum").isArray()) {
            p.enumValues = new ArrayList<>();
            schema.get("enum").forEach(p.enumValues::add);
        }
        p.position = schema.has("position") ? schema.get("position").asInt() : null;
        String description = schema.path("description").asText("");
        p.description = description.isBlank() ? null : description; // the test API server refuses ""
        List<String> dropped = new ArrayList<>();
        schema.fieldNames().forEachRemaining(k -> {
            if (!KEPT.contains(k)) {
                dropped.add(k);
            }
        });
        if (!dropped.isEmpty()) {
            context.report.changed(
                    file,
                    what,
                    "schema keywords " + String.join(", ", dropped)
                            + " not kept (a Squall parameter has type, default, required, secret, immutable, enum, position)");
        }
        return p;
    }

    private JsonNode defaultValue(JsonNode value, String file, String what) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual() && value.asText().contains("config_context")) {
            Matcher m = CONFIG_CONTEXT.matcher(value.asText());
            JsonNode key = m.matches() ? context.configSchema.get(m.group(1)) : null;
            if (key != null && !key.path("secret").asBoolean(false) && key.has("default")) {
                context.report.changed(
                        file,
                        what,
                        "default " + value.asText() + " is the config schema's default " + key.get("default")
                                + " (Squall passes no pack config to templates)");
                return key.get("default");
            }
            context.report.changed(
                    file,
                    what,
                    "default " + value.asText() + " dropped: Squall passes no pack "
                            + "config to templates; give the parameter when running the action");
            return null;
        }
        return value;
    }

    static ParameterType type(String st2Type) {
        return switch (st2Type) {
            case "string" -> ParameterType.STRING;
            case "integer" -> ParameterType.INTEGER;
            case "number" -> ParameterType.NUMBER;
            case "boolean" -> ParameterType.BOOLEAN;
            case "array" -> ParameterType.ARRAY;
            case "object" -> ParameterType.OBJECT;
            default -> null;
        };
    }

    /** A default as text (for fields such as a command or a URL that are strings in Squall). */
    static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
    }

    static JsonNode textNode(String s) {
        return TextNode.valueOf(s);
    }
}
