package io.squall.cli.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A StackStorm pack on disk: pack.yaml and the content directories (actions/, rules/, policies/, sensors/, ...).
 * Its YAML is read as StackStorm reads it (PyYAML: YAML 1.1, so {@code yes} is a boolean); errors name the file.
 */
final class StackStormPack {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final ObjectNode meta;
    private final String ref;

    private StackStormPack(Path dir, ObjectNode meta, String ref) {
        this.dir = dir;
        this.meta = meta;
        this.ref = ref;
    }

    static StackStormPack read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw UsageException.input(dir + ": no such directory", null);
        }
        Path packYaml = dir.resolve("pack.yaml");
        if (!Files.isRegularFile(packYaml)) {
            throw UsageException.input(dir + ": no pack.yaml, so not a StackStorm pack", null);
        }
        JsonNode meta = yaml(dir, packYaml);
        if (!(meta instanceof ObjectNode object)) {
            throw UsageException.input(packYaml + ": expected a mapping (name, ref, description, version, ...)", null);
        }
        String ref = object.path("ref").asText(object.path("name").asText(""));
        if (ref.isBlank()) {
            throw UsageException.input(packYaml + ": the pack has neither 'ref' nor 'name'", null);
        }
        return new StackStormPack(dir, object, ref);
    }

    /** The pack's ref: its {@code ref}, else its {@code name}. */
    String ref() {
        return ref;
    }

    ObjectNode meta() {
        return meta;
    }

    Path dir() {
        return dir;
    }

    /** A path relative to the pack, for the report. */
    String relative(Path file) {
        return dir.relativize(file).toString();
    }

    boolean has(String relative) {
        return Files.exists(dir.resolve(relative));
    }

    /** The YAML files directly in a content directory (e.g. actions/), sorted; none when it does not exist. */
    List<Path> yamlFiles(String subdir) {
        return files(subdir).stream().filter(StackStormPack::isYaml).toList();
    }

    /** Every file directly in a content directory, sorted. */
    List<Path> files(String subdir) {
        Path d = dir.resolve(subdir);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw UsageException.input(d + ": cannot list: " + e.getMessage(), e);
        }
    }

    static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    /** One YAML document as a JSON tree; an empty file is a null node. */
    JsonNode yaml(Path file) {
        return yaml(dir, file);
    }

    String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw UsageException.input(relative(file) + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static JsonNode yaml(Path dir, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw UsageException.input(file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            return JSON.valueToTree(doc);
        } catch (RuntimeException e) {
            throw UsageException.input(dir.relativize(file) + ": not valid YAML: " + e.getMessage(), e);
        }
    }
}
