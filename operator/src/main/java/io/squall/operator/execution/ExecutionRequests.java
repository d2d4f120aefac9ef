package io.squall.operator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.ParameterSpec;
import io.squall.engine.params.ParameterException;
import io.squall.engine.params.ParameterResolver;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateException;
import io.squall.engine.template.TemplateRenderer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Builds what the runner gets for one attempt: the parameters, with secret values put back from the
 * Execution's parameter Secret (the rules engine keeps them there and shows {@value Names#MASK} in the spec)
 * and, for an Execution created by hand, resolved as StackStorm does (defaults, templates, casts, checks);
 * the Action with its templates rendered over them; the timeout.
 */
public final class ExecutionRequests {

    private ExecutionRequests() {}

    /**
     * @param parameterSecret the Secret {@link Names#secretParametersName} of the execution, or null when it has none
     * @throws ExecutionSetupException naming the parameter or Secret key when the parameters cannot be completed
     */
    public static ExecutionRequest build(
            Execution execution,
            Action action,
            int attempt,
            Secret parameterSecret,
            TemplateRenderer renderer,
            KvLookup kv) {
        return build(execution, action, attempt, parameterSecret, Map.of(), renderer, kv);
    }

    /**
     * @param fromSecrets values of parameters the Action takes from Secrets (valueFrom), read for this attempt: secret
     *                    and data, like the values of the parameter Secret
     */
    public static ExecutionRequest build(
            Execution execution,
            Action action,
            int attempt,
            Secret parameterSecret,
            Map<String, JsonNode> fromSecrets,
            TemplateRenderer renderer,
            KvLookup kv) {
        ActionSpec spec = action.getSpec();
        String secretName = Names.secretParametersName(execution.getMetadata().getName());
        Map<String, JsonNode> secretValues = secretValues(parameterSecret, secretName);
        fromSecrets.forEach(secretValues::putIfAbsent);

        Map<String, JsonNode> given = new LinkedHashMap<>();
        if (execution.getSpec().parameters != null) {
            given.putAll(execution.getSpec().parameters);
        }
        given.putAll(secretValues);
        given.forEach((name, value) -> {
            if (value != null && value.isTextual() && Names.MASK.equals(value.asText())) {
                throw new ExecutionSetupException("spec.parameters." + name + " is masked (" + Names.MASK + ") but "
                        + (parameterSecret == null
                                ? "the Secret " + secretName + " with its value does not exist"
                                : "the Secret " + secretName + " has no key " + name));
            }
        });
        Map<String, JsonNode> parameters = resolve(execution, given, secretValues.keySet(), spec, renderer, kv);

        Set<String> secretNames = new LinkedHashSet<>(secretValues.keySet());
        spec.parameters.forEach((name, declared) -> {
            if (isSecret(declared)) {
                secretNames.add(name);
            }
        });
        ActionSpec rendered = ActionTemplates.render(spec, parameters, renderer, kv);
        return new ExecutionRequest(
                execution.getMetadata().getNamespace(),
                execution.getMetadata().getName(),
                attempt,
                action.getMetadata().getName(),
                rendered,
                parameters,
                secretNames.stream().toList(),
                timeoutSeconds(spec));
    }

    /**
     * Whether the parameters are data. The rules engine and the workflow engine render theirs once, before they
     * create the Execution ({@code context.rule}, {@code context.parentExecution}; the rules engine also sets
     * {@code literalParameters}); rendering them again would evaluate text that came from a trigger payload or a
     * task result. A person's Execution ({@code kubectl create}, {@code st2 run}) carries templates, unless it says
     * {@code literalParameters: true}.
     */
    static boolean hasLiteralParameters(Execution execution) {
        var context = execution.getSpec().context;
        return Boolean.TRUE.equals(execution.getSpec().literalParameters)
                || context != null && (context.rule != null || context.parentExecution != null);
    }

    /**
     * StackStorm's parameter handling at run time: literal values as render_final_params treats them (only the
     * defaults of missing parameters are rendered), templates of an Execution by hand as render_live_params does;
     * secret values read from the Secret are data either way. Then casts and required/enum/immutable checks.
     */
    private static Map<String, JsonNode> resolve(
            Execution execution,
            Map<String, JsonNode> given,
            Set<String> secretNames,
            ActionSpec spec,
            TemplateRenderer renderer,
            KvLookup kv) {
        ParameterResolver resolver = new ParameterResolver(renderer, kv);
        try {
            return hasLiteralParameters(execution)
                    ? resolver.resolveValues(given, spec.parameters, Map.of())
                    : resolver.resolve(given, secretNames, spec.parameters, Map.of());
        } catch (ParameterException | TemplateException e) {
            throw new ExecutionSetupException("spec.parameters: " + e.getMessage());
        }
    }

    /** The action's timeout, else StackStorm's default of its runner (60 s, python 600 s). */
    public static int timeoutSeconds(ActionSpec spec) {
        return spec.timeout != null ? spec.timeout : spec.runner.defaultTimeoutSeconds();
    }

    static boolean isSecret(ParameterSpec declared) {
        return declared != null && (Boolean.TRUE.equals(declared.secret) || declared.valueFrom != null);
    }

    private static Map<String, JsonNode> secretValues(Secret secret, String secretName) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        if (secret == null) {
            return values;
        }
        SecretTexts.of(secret).forEach((key, text) -> values.put(key, parse(secretName, key, text)));
        return values;
    }

    private static JsonNode parse(String secretName, String key, String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new ExecutionSetupException(
                    "Secret " + secretName + " key " + key + " is not JSON: " + e.getMessage());
        }
    }
}
