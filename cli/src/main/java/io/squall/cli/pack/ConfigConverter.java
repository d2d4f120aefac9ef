package io.squall.cli.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.v1alpha1.PackConfigRef;
import io.squall.engine.config.PackConfigText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The pack config schema (config.schema.yaml) as a ConfigMap of the non-secret keys and a Secret of the secret
 * ones, both named PACK-config, each key holding the schema's default in {@link PackConfigText}'s form (text as is,
 * anything else as JSON), which python actions read back as self.config ({@code spec.packConfig}). A secret without
 * a default gets an empty value to fill in, which the report says.
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
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            context.configSchema.put(e.getKey(), e.getValue());
            JsonNode value = e.getValue().get("default");
            String text = value == null || value.isNull() ? null : PackConfigText.encode(value);
            if (e.getValue().path("secret").asBoolean(false)) {
                stringData.put(e.getKey(), text == null ? "" : text);
                if (text == null) {
                    toFill.add(e.getKey());
                }
            } else if (text != null) {
                data.put(e.getKey(), text);
            } else if (e.getValue().path("required").asBoolean(false)) {
                context.report.changed(
                        FILE,
                        "pack config key " + e.getKey(),
                        "required, no default: add it to " + "ConfigMap " + name);
            }
        }
        PackConfigRef ref = new PackConfigRef();
        if (!data.isEmpty()) {
            out.config.add(configMap);
            out.report.converted("ConfigMap " + name + " (non-secret keys of " + FILE + ")");
            ref.configMap = name;
        }
        if (!stringData.isEmpty()) {
            out.config.add(secret);
            out.report.converted("Secret " + name + " (secret keys of " + FILE + ")");
            ref.secret = name;
        }
        if (ref.configMap != null || ref.secret != null) {
            context.packConfig = ref;
        }
        if (!toFill.isEmpty()) {
            context.report.changed(
                    FILE,
                    "pack config",
                    "secret keys " + String.join(", ", toFill) + " have no " + "default: fill them into Secret " + name
                            + " (kubectl edit secret " + name + ")");
        }
        context.report.changed(
                FILE,
                "pack config",
                "python actions read it as self.config (their spec.packConfig " + "names ConfigMap and Secret " + name
                        + "); other runners do not (no config_context in parameters)");
    }
}
