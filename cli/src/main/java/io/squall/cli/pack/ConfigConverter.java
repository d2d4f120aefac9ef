package io.squall.cli.pack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The pack config schema (config.schema.yaml) as a ConfigMap of the non-secret keys and a Secret of the secret
 * ones, both named PACK-config, each key holding the schema's default (text as is, anything else as JSON).
 * A secret without a default gets an empty value to fill in, which the report says.
 */
final class ConfigConverter {
    static final String FILE = "config.schema.yaml";

    private final ImportContext context;
    private final ImportedPack out;

    ConfigConverter(ImportContext context, ImportedPack out) {
        this.context = context;
        this.out = out;
    }

    void convert() {
        Path file = context.pack.dir().resolve(FILE);
        if (!context.pack.has(FILE)) {
            return;
        }
        JsonNode schema = context.pack.yaml(file);
        if (schema == null || schema.isNull()) {
            return;
        }
        if (!schema.isObject()) {
            context.report.leftOut(FILE, "pack config", "expected a mapping of key → {type, default, secret, ...}");
            return;
        }
        String name = PackNames.resource(context.pack.ref() + "-config");
        ObjectNode configMap = out.object("v1", "ConfigMap", name);
        ObjectNode data = configMap.putObject("data");
        ObjectNode secret = out.object("v1", "Secret", name);
        secret.put("type", "Opaque");
        ObjectNode stringData = secret.putObject("stringData");
        List<String> toFill = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            context.configSchema.put(e.getKey(), e.getValue());
            JsonNode value = e.getValue().get("default");
            String text = value == null || value.isNull() ? null : ParameterConverter.text(value);
            if (e.getValue().path("secret").asBoolean(false)) {
                stringData.put(e.getKey(), text == null ? "" : text);
                if (text == null) {
                    toFill.add(e.getKey());
                }
            } else if (text != null) {
                data.put(e.getKey(), text);
            } else if (e.getValue().path("required").asBoolean(false)) {
                context.report.changed(FILE, "pack config key " + e.getKey(), "required, no default: add it to "
                        + "ConfigMap " + name);
            }
        }
        if (!data.isEmpty()) {
            out.config.add(configMap);
            out.report.converted("ConfigMap " + name + " (non-secret keys of " + FILE + ")");
        }
        if (!stringData.isEmpty()) {
            out.config.add(secret);
            out.report.converted("Secret " + name + " (secret keys of " + FILE + ")");
        }
        if (!toFill.isEmpty()) {
            context.report.changed(FILE, "pack config", "secret keys " + String.join(", ", toFill) + " have no "
                    + "default: fill them into Secret " + name + " (kubectl edit secret " + name + ")");
        }
        context.report.changed(FILE, "pack config", "Squall actions do not read the pack config yet (no "
                + "config_context, no self.config): ConfigMap and Secret " + name + " hold it for when they do, "
                + "and for env or parameters you wire yourself");
    }
}
