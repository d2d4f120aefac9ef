package io.squall.cli.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.RuleSpec;
import io.squall.api.v1alpha1.WorkflowSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Squall side of an import: the manifests by kind, the action scripts, the report. */
public final class ImportedPack {
    static final String PACK_LABEL = "squall.io/pack";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An Action or Workflow kept typed until the end, so policies can still be applied to it. */
    record Named<T>(String name, T spec) {}

    final String pack;
    final Map<String, Named<ActionSpec>> actions = new LinkedHashMap<>(); // by StackStorm ref
    final Map<String, Named<WorkflowSpec>> workflows = new LinkedHashMap<>(); // by StackStorm ref
    final List<Named<RuleSpec>> rules = new ArrayList<>();
    /** ConfigMap key → script text, of the ConfigMap {@link #scriptsConfigMap()}. */
    final Map<String, String> scripts = new LinkedHashMap<>();
    /** The pack config as Kubernetes objects (ConfigMap, Secret). */
    final List<ObjectNode> config = new ArrayList<>();

    final ImportReport report;

    ImportedPack(String pack, ImportReport report) {
        this.pack = pack;
        this.report = report;
    }

    public ImportReport report() {
        return report;
    }

    String scriptsConfigMap() {
        return PackNames.resource(pack + "-actions");
    }

    /** The manifests, by the file they are written to (kustomization.yaml lists them in this order). */
    public Map<String, List<ObjectNode>> manifests() {
        Map<String, List<ObjectNode>> files = new LinkedHashMap<>();
        if (!config.isEmpty()) {
            files.put("config.yaml", config);
        }
        if (!scripts.isEmpty()) {
            ObjectNode cm = object("v1", "ConfigMap", scriptsConfigMap());
            ObjectNode data = cm.putObject("data");
            scripts.forEach(data::put);
            files.put("scripts.yaml", List.of(cm));
        }
        put(files, "actions.yaml", "Action", actions.values());
        put(files, "workflows.yaml", "Workflow", workflows.values());
        put(files, "rules.yaml", "Rule", rules);
        return files;
    }

    private void put(
            Map<String, List<ObjectNode>> files, String file, String kind, Collection<? extends Named<?>> named) {
        if (named.isEmpty()) {
            return;
        }
        List<ObjectNode> docs = new ArrayList<>();
        for (Named<?> n : named) {
            ObjectNode doc = object(Names.API_VERSION, kind, n.name());
            doc.set("spec", JSON.<JsonNode>valueToTree(n.spec()));
            docs.add(doc);
        }
        files.put(file, docs);
    }

    ObjectNode object(String apiVersion, String kind, String name) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("apiVersion", apiVersion);
        doc.put("kind", kind);
        ObjectNode metadata = doc.putObject("metadata");
        metadata.put("name", name);
        metadata.putObject("labels").put(PACK_LABEL, PackNames.resource(pack));
        return doc;
    }
}
