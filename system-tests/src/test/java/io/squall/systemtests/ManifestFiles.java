package io.squall.systemtests;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Every YAML document in a directory tree, with the file it came from. */
public final class ManifestFiles {

    /** One YAML document: file, position in the file (0-based) and content. */
    public record Document(Path file, int index, Map<String, Object> content) {

        public String kind() {
            return String.valueOf(content.get("kind"));
        }

        public String apiVersion() {
            return String.valueOf(content.get("apiVersion"));
        }

        public boolean isKubernetesObject() {
            return content.get("apiVersion") instanceof String && content.get("kind") instanceof String;
        }

        /** Neither apiVersion nor kind: a data file (e.g. a trigger payload), not a manifest. */
        public boolean isPlainData() {
            return !content.containsKey("apiVersion") && !content.containsKey("kind");
        }

        @Override
        public String toString() {
            return SquallRepository.root().relativize(file) + " (document " + (index + 1) + ", "
                    + (isPlainData() ? "data" : kind()) + ")";
        }
    }

    private ManifestFiles() {}

    public static List<Document> under(Path dir) throws IOException {
        List<Document> documents = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(ManifestFiles::isYaml).sorted().toList()) {
                documents.addAll(read(file));
            }
        }
        return documents;
    }

    /** Every file kubectl reads from a directory (.yaml, .yml, .json), recursively, sorted. */
    public static List<Path> kubectlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(path -> isYaml(path)
                            || Files.isRegularFile(path) && path.toString().endsWith(".json"))
                    .sorted()
                    .toList();
        }
    }

    @SuppressWarnings("unchecked")
    public static List<Document> read(Path file) throws IOException {
        List<Document> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            int index = 0;
            Iterable<Object> parsed = new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader);
            for (Object document : parsed) {
                if (document == null) {
                    continue; // an empty document, e.g. after a trailing ---
                }
                if (!(document instanceof Map)) {
                    throw new IllegalArgumentException(file + ": document " + (index + 1) + " is not a mapping");
                }
                documents.add(new Document(file, index++, (Map<String, Object>) document));
            }
        } catch (YAMLException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage(), e);
        }
        return documents;
    }

    /** A YAML file, but not a kustomization.yaml: that is kustomize's input ({@code kubectl apply -k}), not an object. */
    private static boolean isYaml(Path path) {
        String name = path.getFileName().toString();
        return Files.isRegularFile(path)
                && (name.endsWith(".yaml") || name.endsWith(".yml"))
                && !name.equals("kustomization.yaml");
    }
}
