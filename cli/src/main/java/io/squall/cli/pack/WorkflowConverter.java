package io.squall.cli.pack;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.v1alpha1.ParameterSpec;
import io.squall.api.v1alpha1.WorkflowSpec;
import io.squall.engine.template.KvLookup;
import io.squall.engine.workflow.expr.Expressions;
import io.squall.engine.workflow.inspect.WorkflowInspector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An orquesta or action-chain action as a Squall Workflow: the Orquesta file with its task actions renamed (an
 * action chain first becomes Orquesta), the action's parameters as the Workflow's parameters, then Orquesta's
 * inspection: what it finds is in the report.
 */
final class WorkflowConverter {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImportContext context;
    private final ParameterConverter parameters;

    WorkflowConverter(ImportContext context) {
        this.context = context;
        this.parameters = new ParameterConverter(context);
    }

    WorkflowSpec convert(JsonNode meta, String runner, String file, String what) {
        String entryPoint = meta.path("entry_point").asText("");
        Path source = context.pack.dir().resolve("actions").resolve(entryPoint).normalize();
        if (entryPoint.isBlank() || !Files.isRegularFile(source) || !source.startsWith(context.pack.dir())) {
            throw new ActionConverter.LeftOut("entry_point '" + entryPoint + "' is not a file under actions/");
        }
        String sourceFile = context.pack.relative(source);
        JsonNode definition = context.pack.yaml(source);
        if (!(definition instanceof ObjectNode doc)) {
            throw new ActionConverter.LeftOut(sourceFile + " is not a YAML mapping");
        }
        Map<String, ParameterSpec> params = parameters.convert(meta.path("parameters"), Set.of(), file, what);
        ObjectNode orquesta = runner.equals("action-chain")
                ? new ActionChainConverter(context).convert(doc, params.keySet(), sourceFile, what)
                : doc;
        OrquestaTasks.renameActions(orquesta, context, sourceFile, what);
        if (!orquesta.has("input") && !params.isEmpty()) {
            ArrayNode input = orquesta.putArray("input");
            params.keySet().forEach(input::add);
        }
        WorkflowSpec spec;
        try {
            spec = STRICT.convertValue(orquesta, WorkflowSpec.class);
        } catch (IllegalArgumentException e) {
            throw new ActionConverter.LeftOut(sourceFile + " is not an Orquesta workflow Squall reads: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        String description = meta.path("description").asText("");
        if (spec.description == null && !description.isBlank()) {
            spec.description = description;
        }
        spec.parameters = params.isEmpty() ? null : params;
        inspect(spec, sourceFile, what);
        return spec;
    }

    /** Orquesta's inspection of what was written, so a workflow that would fail on the cluster says so now. */
    @SuppressWarnings("unchecked")
    private void inspect(WorkflowSpec spec, String file, String what) {
        Map<String, Object> map = JSON.convertValue(spec, Map.class);
        map.remove("parameters");
        Map<String, Object> errors;
        try {
            errors = new WorkflowInspector(Expressions.standard(KvLookup.EMPTY))
                    .inspect(io.squall.engine.workflow.spec.WorkflowSpec.of(map)); // the engine's own WorkflowSpec
        } catch (RuntimeException e) {
            context.report.notRunnable(file, what, "Orquesta cannot read it: " + e.getMessage());
            return;
        }
        List<String> messages = new ArrayList<>();
        errors.forEach((category, list) -> ((List<Map<String, Object>>) list)
                .forEach(e -> messages.add(category + ": "
                        + (e.get("spec_path") == null ? "" : e.get("spec_path") + ": ") + e.get("message"))));
        if (!messages.isEmpty()) {
            context.report.notRunnable(file, what, "Orquesta's inspection: " + String.join("; ", messages));
        }
    }
}
