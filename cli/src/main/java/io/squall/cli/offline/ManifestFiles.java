package io.squall.cli.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.RuleSpec;
import io.squall.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the rule tester's inputs: Rule and Action manifests, trigger instance files. Errors name the file. */
final class ManifestFiles {
    /** YAML is a superset of JSON, so one reader takes both. */
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS) // StackStorm operator names are case-insensitive
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // a misspelt field must not be ignored
            .build();
    /** The keys of a wrapped trigger instance: Squall's TriggerEvent and StackStorm's {trigger, payload}. */
    private static final Set<String> WRAPPER_KEYS =
            Set.of("type", "trigger", "payload", "id", "namespace", "occurredAt", "source", "traceTag");

    private ManifestFiles() {}

    /** A trigger instance: its type (null when the file has only the payload) and payload. */
    record TriggerFile(String type, JsonNode payload) {}

    /** A manifest's metadata.name and spec. */
    record Manifest<T>(String name, T spec) {}

    /** The Rule in the file; {@code name} picks one from a multi-document file (null: the only one). */
    static Manifest<RuleSpec> rule(Path file, String name) {
        return manifest(file, "Rule", name, RuleSpec.class);
    }

    /** The Action in the file; {@code name} picks one from a multi-document file (null: the only one). */
    static Manifest<ActionSpec> action(Path file, String name) {
        return manifest(file, "Action", name, ActionSpec.class);
    }

    static TriggerFile trigger(Path file) {
        List<JsonNode> documents = read(file);
        if (documents.size() != 1) {
            throw UsageException.input(file + ": a trigger file holds one document, found " + documents.size(), null);
        }
        JsonNode document = documents.get(0);
        if (document.isObject() && document.has("payload")) {
            boolean wrapper = true;
            for (var it = document.fieldNames(); it.hasNext(); ) {
                wrapper &= WRAPPER_KEYS.contains(it.next());
            }
            if (wrapper) {
                JsonNode type = document.has("type") ? document.get("type") : document.get("trigger");
                return new TriggerFile(type == null || type.isNull() ? null : type.asText(), document.get("payload"));
            }
        }
        return new TriggerFile(null, document);
    }

    private static <T> Manifest<T> manifest(Path file, String kind, String name, Class<T> type) {
        List<JsonNode> documents = read(file);
        List<JsonNode> candidates = documents.stream()
                .filter(d -> Names.API_VERSION.equals(d.path("apiVersion").asText())
                        && kind.equals(d.path("kind").asText()))
                .toList();
        List<String> names = candidates.stream()
                .map(d -> d.path("metadata").path("name").asText())
                .toList();
        if (candidates.isEmpty()) {
            JsonNode first = documents.get(0);
            throw UsageException.input(
                    file + ": expected a " + kind + " manifest (apiVersion: " + Names.API_VERSION
                            + ", kind: " + kind + "), found apiVersion '"
                            + first.path("apiVersion").asText() + "', kind '"
                            + first.path("kind").asText() + "'",
                    null);
        }
        JsonNode manifest;
        if (name != null) {
            int index = names.indexOf(name);
            if (index < 0) {
                throw UsageException.input(
                        file + ": no " + kind + " named '" + name + "' (found: " + String.join(", ", names) + ")",
                        null);
            }
            manifest = candidates.get(index);
        } else if (candidates.size() > 1) {
            throw UsageException.input(
                    file + ": holds " + candidates.size() + " " + kind + "s (" + String.join(", ", names)
                            + "); pick one with --" + kind.toLowerCase() + "-name",
                    null);
        } else {
            manifest = candidates.get(0);
        }
        if (!manifest.path("spec").isObject()) {
            throw UsageException.input(file + ": the " + kind + " has no spec", null);
        }
        try {
            return new Manifest<>(
                    manifest.path("metadata").path("name").asText(null), YAML.treeToValue(manifest.get("spec"), type));
        } catch (JsonProcessingException e) {
            throw UsageException.input(
                    file + ": invalid " + kind + " spec: " + e.getOriginalMessage() + " (at spec" + path(e) + ")", e);
        }
    }

    private static String path(JsonProcessingException e) {
        if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException m)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (var ref : m.getPath()) {
            out.append(ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
        }
        return out.toString();
    }

    /** Every YAML document in the file (JSON is YAML). */
    private static List<JsonNode> read(Path file) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(Files.readString(file))) {
            List<JsonNode> documents = new ArrayList<>();
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                if (doc != null && !doc.isMissingNode()) {
                    documents.add(doc);
                }
            }
            if (documents.isEmpty()) {
                throw UsageException.input(file + ": the file is empty", null);
            }
            return documents;
        } catch (NoSuchFileException e) {
            throw UsageException.input(file + ": no such file", e);
        } catch (JsonProcessingException e) {
            throw UsageException.input(file + ": not valid YAML or JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw UsageException.input(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
