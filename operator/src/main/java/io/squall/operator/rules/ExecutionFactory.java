package io.squall.operator.rules;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.squall.api.messages.Json;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionContext;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionSpec;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.api.v1alpha1.ExecutionTarget;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.ParameterSpec;
import io.squall.api.v1alpha1.Rule;
import io.squall.engine.params.ParameterException;
import io.squall.engine.params.ParameterResolver;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateRenderer;

/**
 * The desired objects of one enforcement (rule x trigger), computed without an API server: the Execution (name
 * derived from rule and trigger id, labels, trigger context, rendered parameters with secrets masked) and, when
 * the action has secret parameters, the Secret holding their clear values. Rendering and checking the parameters
 * is the engine's {@link ParameterResolver}; when it fails the Execution is still drafted, carrying the error.
 */
public final class ExecutionFactory {

    /** One enforcement's objects; {@code secretParameters} is null without secret values, {@code error} null on success. */
    public record Draft(Execution execution, Secret secretParameters, String error) {
        public boolean failed() {
            return error != null;
        }
    }

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
            shown = ParameterResolver.mask(resolved, target.parameters());
            Map<String, JsonNode> secrets = secretValues(resolved, target.parameters());
            if (!secrets.isEmpty()) {
                secret = secretParameters(namespace, name, secrets);
            }
        } catch (ParameterException e) {
            error = "rule " + ruleName + ", " + target.kind() + " " + target.name() + ": " + e.getMessage();
            // the rule's own (unrendered) parameters show what was asked for; secret ones stay masked
            shown = given == null ? null : ParameterResolver.mask(given, target.parameters());
        }
        return new Draft(execution(rule, event, target, name, shown, error), secret, error);
    }

    /** The status of an Execution whose parameters could not be rendered: Failed, with the error. */
    public static ExecutionStatus failedStatus(String error, Clock clock) {
        ExecutionStatus status = new ExecutionStatus();
        status.phase = ExecutionPhase.Failed;
        status.error = error;
        status.endTime = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        status.attempts = 0;
        return status;
    }

    /** The Secret owned by the Execution, so it goes when the Execution goes. */
    public static Secret ownedBy(Secret secret, Execution execution) {
        return new SecretBuilder(secret).editMetadata()
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(Names.API_VERSION)
                        .withKind("Execution")
                        .withName(execution.getMetadata().getName())
                        .withUid(execution.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(false)
                        .build())
                .endMetadata().build();
    }

    private static Execution execution(Rule rule, TriggerEvent event, Target target, String name,
            Map<String, JsonNode> parameters, String error) {
        Execution execution = new Execution();
        var metadata = new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(event.namespace())
                .addToLabels(Names.LABEL_RULE, EnforcementNames.labelValue(rule.getMetadata().getName()))
                .addToLabels(Names.LABEL_TRIGGER_ID, EnforcementNames.labelValue(event.id()))
                .addToLabels(Names.LABEL_ACTION, EnforcementNames.labelValue(target.name()))
                .addToLabels(Names.LABEL_MANAGED_BY, Names.MANAGED_BY);
        if (error != null) {
            metadata.addToAnnotations(EnforcementNames.ENFORCEMENT_ERROR_ANNOTATION, error);
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
        spec.context.trigger = event.payload();
        spec.context.traceTag = event.traceTag();
        execution.setSpec(spec);
        return execution;
    }

    private static Map<String, JsonNode> secretValues(Map<String, JsonNode> resolved, Map<String, ParameterSpec> spec) {
        Map<String, JsonNode> secrets = new LinkedHashMap<>();
        resolved.forEach((parameter, value) -> {
            ParameterSpec declaration = spec.get(parameter);
            if (declaration != null && Boolean.TRUE.equals(declaration.secret) && value != null) {
                secrets.put(parameter, value);
            }
        });
        return secrets;
    }

    /** One key per parameter, value = its JSON (the contract of {@link Names#secretParametersName}). */
    private static Secret secretParameters(String namespace, String execution, Map<String, JsonNode> secrets) {
        Map<String, String> data = new LinkedHashMap<>();
        secrets.forEach((parameter, value) -> data.put(parameter, Base64.getEncoder()
                .encodeToString(Json.toBytes(value))));
        return new SecretBuilder()
                .withNewMetadata()
                .withName(Names.secretParametersName(execution))
                .withNamespace(namespace)
                .addToLabels(Names.LABEL_EXECUTION, execution)
                .addToLabels(Names.LABEL_MANAGED_BY, Names.MANAGED_BY)
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
    }
}
