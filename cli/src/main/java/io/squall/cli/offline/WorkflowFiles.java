package io.squall.cli.offline;

import io.squall.cli.UsageException;
import io.squall.engine.workflow.Values;
import io.squall.engine.workflow.spec.WorkflowSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads a workflow file: an Orquesta file (YAML 1.1, as Orquesta reads it) or a Squall Workflow manifest. */
final class WorkflowFiles {
    private WorkflowFiles() {}

    /**
     * Any YAML or JSON mapping document: the first one holding a Workflow in a multi-document file, or with a
     * {@code #name} suffix on the path the Workflow of that {@code metadata.name}.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mapping(Path file) {
        String name = null;
        String f = file.toString();
        int hash = f.lastIndexOf('#');
        if (hash > 0) {
            name = f.substring(hash + 1);
            file = Path.of(f.substring(0, hash));
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw UsageException.input("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            Map<String, Object> first = null;
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
                if (doc instanceof Map<?, ?> m) {
                    Map<String, Object> map = (Map<String, Object>) Values.normalize(m);
                    if (name != null) {
                        if (map.get("metadata") instanceof Map<?, ?> meta && name.equals(meta.get("name"))) {
                            return map;
                        }
                        continue;
                    }
                    if (first == null || "Workflow".equals(map.get("kind"))) {
                        first = first == null || !"Workflow".equals(first.get("kind")) ? map : first;
                    }
                }
            }
            if (first == null) {
                throw UsageException.input(
                        file + (name == null ? " holds no YAML/JSON mapping" : " holds no document named " + name),
                        null);
            }
            return first;
        } catch (RuntimeException e) {
            if (e instanceof UsageException u) {
                throw u;
            }
            throw UsageException.input(file + " is not valid YAML or JSON: " + e.getMessage(), e);
        }
    }

    /** The Orquesta workflow in a file: the file itself, or a Squall Workflow's {@code spec} without {@code parameters}. */
    @SuppressWarnings("unchecked")
    static WorkflowSpec workflow(Path file) {
        Map<String, Object> doc = mapping(file);
        if ("Workflow".equals(doc.get("kind"))
                && String.valueOf(doc.get("apiVersion")).startsWith("squall.io/")) {
            Map<String, Object> spec = doc.get("spec") instanceof Map<?, ?> m
                    ? new LinkedHashMap<>((Map<String, Object>) m)
                    : new LinkedHashMap<>();
            spec.remove("parameters");
            return WorkflowSpec.of(spec);
        }
        return WorkflowSpec.of(doc);
    }
}
