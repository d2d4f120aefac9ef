package io.squall.api.messages;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.squall.api.v1alpha1.ActionSpec;

/**
 * What the runner in a Job pod needs to run one attempt: the action, the rendered parameters (secrets
 * included; the request travels in a Secret, never in the Job spec) and where to report.
 *
 * @param secretParameters names of parameters whose values are masked in captured output
 */
public record ExecutionRequest(String namespace, String execution, int attempt, String actionName, ActionSpec action,
        Map<String, JsonNode> parameters, List<String> secretParameters, int timeoutSeconds) {

    public ExecutionRequest {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        secretParameters = secretParameters == null ? List.of() : List.copyOf(secretParameters);
    }

    /** The Nats-Msg-Id of this attempt's result: one result per attempt, however often it is published. */
    public String resultMessageId() {
        return ExecutionResult.messageId(namespace, execution, attempt);
    }
}
