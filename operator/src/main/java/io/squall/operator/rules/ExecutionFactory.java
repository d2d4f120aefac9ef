package io.squall.operator.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.squall.api.messages.Json;
import io.squall.api.messages.StorableJson;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionContext;
import io.squall.api.v1alpha1.ExecutionSpec;
import io.squall.api.v1alpha1.ExecutionTarget;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.Rule;
import io.squall.engine.params.ParameterException;
import io.squall.engine.params.ParameterResolver;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateRenderer;
import io.squall.operator.execution.SecretParameters;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The desired objects of one enforcement (rule x trigger), computed without an API server: the Execution (name
 * derived from rule and trigger id, labels, trigger context, rendered parameters with secrets masked) and, when
 * the action has secret parameters, the Secret holding their clear values ({@link SecretParameters}, the same for
 * every creator of Executions). Rendering and checking the parameters is the engine's {@link ParameterResolver};
 * when it fails the Execution is still drafted, carrying the error. {@code ExecutionCreator} creates them.
 */
@Singleton
public final class ExecutionFactory {

    /** One enforcement's objects; {@code secretParameters} is null without secret values, {@code error} null on success. */
    public record Draft(Execution execution, Secret secretParameters, String error) {
        public boolean failed() {
            return error != null;
        }
    }

    /**
     * How much parameter JSON an Execution may carry: the Execution is stored in etcd (1.5 MiB an object) and its
     * parameters again in the runner's request Secret (1 MiB) beside the rendered action.
     */
    public static final int MAX_PARAMETER_BYTES = 512 * 1024;
    /** A trigger payload larger than this is not copied into {@code spec.context.trigger} (it stays in the stream). */
    public static final int MAX_CONTEXT_TRIGGER_BYTES = 256 * 1024;
    /** Errors are kept in an annotation and the status: quote, do not copy, what they are about. */
    static final int MAX_ERROR_CHARS = 4096;
    /** Set, with the reason, when {@code spec.context.trigger} was left out. */
    public static final String TRIGGER_OMITTED_ANNOTATION = "squall.io/trigger-omitted";

    private final TemplateRenderer renderer;

    public ExecutionFactory(TemplateRenderer renderer) {
        this.renderer = renderer;
    }

    public Draft draft(Rule rule, TriggerEvent event, Target target, KvLookup kv) {
        String namespace = event.namespace();
        String ruleName = rule.getMetadata().getName();
        String name = EnforcementNames.executionName(namespace, ruleName, event.id());
        Map<String, JsonNode> given = rule.getSpec().action.parameters;
        Map<String, JsonNode> shown;
        Secret secret = null;
        String error = null;
        try {
            Map<String, JsonNode> resolved = new ParameterResolver(renderer, kv)
                    .resolve(given, target.parameters(), Map.of("trigger", event.payload()));
            checkStorable(resolved);
            shown = ParameterResolver.mask(resolved, target.parameters());
            secret = SecretParameters.of(namespace, name, resolved, target.parameters());
        } catch (ParameterException e) {
            error = bounded("rule " + ruleName + ", " + target.kind() + " " + target.name() + ": " + e.getMessage());
            // the rule's own (unrendered) parameters show what was asked for; secret ones stay masked
            shown = given == null ? null : ParameterResolver.mask(given, target.parameters());
        }
        return new Draft(execution(rule, event, target, name, shown, error), secret, error);
    }

    /**
     * Parameters Kubernetes would store as other values (numbers past 64 bits, unpaired surrogates), or too many
     * bytes of them for the Execution and the runner's request, fail the enforcement with the reason.
     */
    private static void checkStorable(Map<String, JsonNode> parameters) {
        long size = 0;
        for (Map.Entry<String, JsonNode> parameter : parameters.entrySet()) {
            var problem = StorableJson.problem("value", parameter.getValue());
            if (problem.isPresent()) {
                throw new ParameterException(parameter.getKey(), problem.get());
            }
            size += parameter.getKey().length()
                    + 4L
                    + (parameter.getValue() == null ? 4 : Json.toBytes(parameter.getValue()).length);
        }
        if (size > MAX_PARAMETER_BYTES) {
            throw new ParameterException(
                    null,
                    "the parameters are " + size + " bytes of JSON, over the " + MAX_PARAMETER_BYTES
                            + " an Execution may carry");
        }
    }

    static String bounded(String error) {
        return error.length() <= MAX_ERROR_CHARS
                ? error
                : error.substring(0, MAX_ERROR_CHARS) + "... (" + error.length() + " characters)";
    }

    private static Execution execution(
            Rule rule, TriggerEvent event, Target target, String name, Map<String, JsonNode> parameters, String error) {
        Execution execution = new Execution();
        var metadata = new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(event.namespace())
                .addToLabels(
                        Names.LABEL_RULE,
                        EnforcementNames.labelValue(rule.getMetadata().getName()))
                .addToLabels(Names.LABEL_TRIGGER_ID, EnforcementNames.labelValue(event.id()))
                .addToLabels(Names.LABEL_ACTION, EnforcementNames.labelValue(target.name()))
                .addToLabels(Names.LABEL_MANAGED_BY, Names.MANAGED_BY);
        if (event.traceTag() != null && !event.traceTag().isBlank()) {
            metadata.addToLabels(Names.LABEL_TRACE, EnforcementNames.labelValue(event.traceTag()));
        }
        if (error != null) {
            metadata.addToAnnotations(Names.ENFORCEMENT_ERROR_ANNOTATION, error);
        }
        execution.setMetadata(metadata.build());

        ExecutionSpec spec = new ExecutionSpec();
        spec.action = new ExecutionTarget();
        spec.action.kind = target.kind();
        spec.action.name = target.name();
        spec.parameters = parameters;
        spec.literalParameters = true; // rendered here, once: text from the trigger stays text
        spec.context = new ExecutionContext();
        spec.context.rule = rule.getMetadata().getName();
        spec.context.triggerId = event.id();
        spec.context.triggerType = event.type();
        String omitted = null;
        if (event.payload() != null) {
            long size = Json.toBytes(event.payload()).length;
            var problem = StorableJson.problem("trigger", event.payload());
            if (size > MAX_CONTEXT_TRIGGER_BYTES) {
                omitted = "the trigger payload is " + size + " bytes, over the " + MAX_CONTEXT_TRIGGER_BYTES
                        + " kept here; it stays in stream " + io.squall.api.messages.Subjects.TRIGGER_STREAM
                        + " under trigger id " + event.id();
            } else if (problem.isPresent()) {
                omitted = "Kubernetes would store it changed: " + problem.get();
            }
        }
        spec.context.trigger = omitted == null ? event.payload() : null;
        if (omitted != null) {
            if (execution.getMetadata().getAnnotations() == null) {
                execution.getMetadata().setAnnotations(new LinkedHashMap<>());
            }
            execution.getMetadata().getAnnotations().put(TRIGGER_OMITTED_ANNOTATION, bounded(omitted));
        }
        spec.context.traceTag = event.traceTag();
        execution.setSpec(spec);
        return execution;
    }
}
