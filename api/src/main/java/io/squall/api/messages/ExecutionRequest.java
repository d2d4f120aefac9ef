package io.squall.api.messages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.v1alpha1.ActionSpec;
import java.util.List;
import java.util.Map;

/**
 * What the runner in a Job pod needs to run one attempt: the action, the rendered parameters (secrets
 * included; the request travels in a Secret, never in the Job spec) and where to report.
 *
 * @param secretParameters names of parameters whose values are masked in captured output
 * @param config           the action's pack config (ActionSpec.packConfig, read by the operator for this attempt)
 * @param secretConfig     names of config keys from the config Secret: masked like secret parameters
 */
public record ExecutionRequest(
        String namespace,
        String execution,
        int attempt,
        String actionName,
        ActionSpec action,
        Map<String, JsonNode> parameters,
        List<String> secretParameters,
        int timeoutSeconds,
        Map<String, JsonNode> config,
        List<String> secretConfig) {

    @JsonCreator
    public ExecutionRequest {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        secretParameters = secretParameters == null ? List.of() : List.copyOf(secretParameters);
        config = config == null ? Map.of() : Map.copyOf(config);
        secretConfig = secretConfig == null ? List.of() : List.copyOf(secretConfig);
    }

    /** A request without pack config. */
    public ExecutionRequest(
            String namespace,
            String execution,
            int attempt,
            String actionName,
            ActionSpec action,
            Map<String, JsonNode> parameters,
            List<String> secretParameters,
            int timeoutSeconds) {
        this(
                namespace,
                execution,
                attempt,
                actionName,
                action,
                parameters,
                secretParameters,
                timeoutSeconds,
                Map.of(),
                List.of());
    }

    /** This request with the pack config read for the attempt. */
    public ExecutionRequest withConfig(Map<String, JsonNode> config, List<String> secretConfig) {
        return new ExecutionRequest(
                namespace,
                execution,
                attempt,
                actionName,
                action,
                parameters,
                secretParameters,
                timeoutSeconds,
                config,
                secretConfig);
    }

    /** The Nats-Msg-Id of this attempt's result: one result per attempt, however often it is published. */
    public String resultMessageId() {
        return ExecutionResult.messageId(namespace, execution, attempt);
    }
}
