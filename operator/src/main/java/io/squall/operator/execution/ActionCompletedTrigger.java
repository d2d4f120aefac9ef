package io.squall.operator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.ParameterSpec;
import java.time.Instant;
import java.util.Map;

/**
 * The {@value Subjects#ACTION_COMPLETED} trigger of a finished execution, StackStorm's
 * st2.generic.actiontrigger: {@code execution_id, status, start_timestamp, end_timestamp, action_name,
 * action_ref, runner_ref, parameters, result} plus Squall's {@code namespace, duration, attempts, error,
 * rule, trigger_id}. Secret parameters are masked. The id is derived from the Execution (name and uid), so a
 * re-publish is dropped by the stream's duplicate window.
 */
public final class ActionCompletedTrigger {

    public static final String SOURCE = "squall-operator";

    private ActionCompletedTrigger() {}

    public static String id(Execution execution) {
        return "completed." + execution.getMetadata().getNamespace() + "."
                + execution.getMetadata().getName() + "."
                + execution.getMetadata().getUid();
    }

    /** @param action the Action the execution ran, or null when it is gone (runner_ref is then absent) */
    public static TriggerEvent of(Execution execution, Action action) {
        ExecutionStatus status = execution.getStatus();
        var spec = execution.getSpec();
        var context = spec.context;
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("execution_id", execution.getMetadata().getName());
        payload.put("namespace", execution.getMetadata().getNamespace());
        payload.put("status", stackStormStatus(status.phase));
        payload.put("start_timestamp", status.startTime);
        payload.put("end_timestamp", status.endTime);
        payload.put("duration", status.duration);
        payload.put("attempts", ExecutionTransitions.attempts(status));
        payload.put("action_name", spec.action.name);
        payload.put("action_ref", spec.action.name);
        payload.put("action_kind", (spec.action.kind == null ? ActionKind.Action : spec.action.kind).name());
        if (action != null && action.getSpec() != null && action.getSpec().runner != null) {
            payload.put(
                    "runner_ref",
                    Json.mapper().valueToTree(action.getSpec().runner).asText());
        }
        payload.set(
                "parameters",
                masked(
                        spec.parameters,
                        action == null || action.getSpec().parameters == null
                                ? Map.of()
                                : action.getSpec().parameters));
        payload.set("result", status.result);
        if (Boolean.TRUE.equals(status.resultTruncated)) {
            payload.put("result_truncated", true);
            payload.put("result_ref", status.resultRef);
        }
        payload.put("error", status.error);
        if (context != null) {
            payload.put("rule", context.rule);
            payload.put("trigger_id", context.triggerId);
        }
        Instant occurred = status.endTime == null ? Instant.now() : Instant.parse(status.endTime);
        String traceTag = context != null && context.traceTag != null ? context.traceTag : id(execution);
        return new TriggerEvent(
                id(execution),
                Subjects.ACTION_COMPLETED,
                execution.getMetadata().getNamespace(),
                payload,
                occurred,
                SOURCE,
                traceTag);
    }

    /** StackStorm's liveaction statuses: succeeded, failed, timeout, canceled, abandoned. */
    static String stackStormStatus(ExecutionPhase phase) {
        return switch (phase) {
            case TimedOut -> "timeout";
            default -> phase.name().toLowerCase();
        };
    }

    private static ObjectNode masked(Map<String, JsonNode> parameters, Map<String, ParameterSpec> declared) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (parameters != null) {
            parameters.forEach((name, value) -> node.set(
                    name, ExecutionRequests.isSecret(declared.get(name)) ? TextNode.valueOf(Names.MASK) : value));
        }
        return node;
    }
}
