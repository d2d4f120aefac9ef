package io.squall.operator.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.JetStreamApiException;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.InjectedTriggerId;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.Execution;
import io.squall.operator.Audit;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Runs core-inject-trigger (runner trigger, StackStorm's core.inject_trigger) in the operator: publishes one trigger
 * of the given type and payload into the Execution's namespace, where rules match it like any other. The trigger id is
 * derived from the Execution attempt, so an attempt repeated after an operator crash is dropped by the stream's
 * duplicate window instead of firing the rules twice. The trace tag is the one asked for, else the Execution's own,
 * so what the injected trigger causes is traced with what caused the Execution.
 */
@ApplicationScoped
public class TriggerInjector {
    private static final Logger AUDIT = Audit.LOG;
    /** Dot-separated NATS subject tokens, no wildcards: the type becomes the end of the trigger subject. */
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    static final String SOURCE_PREFIX = "execution/";

    private final OperatorTriggerPublisher publisher;
    private final Clock clock;

    public TriggerInjector(OperatorTriggerPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    /** @throws IOException or JetStreamApiException when NATS cannot take it now (the caller tries again) */
    public ExecutionResult run(Execution execution, ExecutionRequest request)
            throws IOException, JetStreamApiException {
        Instant started = clock.instant();
        Map<String, JsonNode> p = request.parameters();
        String type = text(p.get("trigger"));
        if (type == null || !TYPE.matcher(type).matches()) {
            return failed(
                    request,
                    started,
                    "parameter trigger: '" + (type == null ? "" : type)
                            + "' is not a trigger type (dot-separated names of letters, digits, '-' and '_', e.g. "
                            + "autoscale.ScaleUpPulse)");
        }
        JsonNode payload = p.get("payload");
        if (payload == null || payload.isNull()) {
            payload = JsonNodeFactory.instance.objectNode();
        } else if (!payload.isObject()) {
            return failed(
                    request,
                    started,
                    "parameter payload: must be an object, got "
                            + payload.getNodeType().name().toLowerCase());
        }
        String traceTag = text(p.get("trace_tag"));
        if (traceTag == null || traceTag.isBlank()) {
            var context = execution.getSpec().context;
            traceTag = context != null && context.traceTag != null ? context.traceTag : null;
        }
        String id = new InjectedTriggerId(
                        request.namespace(),
                        execution.getMetadata().getName(),
                        execution.getMetadata().getUid(),
                        request.attempt())
                .id();
        if (traceTag == null) {
            traceTag = id;
        }
        TriggerEvent event = new TriggerEvent(
                id,
                type,
                request.namespace(),
                payload,
                clock.instant(),
                SOURCE_PREFIX + execution.getMetadata().getName(),
                traceTag);
        publisher.publish(event);
        AUDIT.infof(
                "execution=%s/%s trigger injected type=%s trigger_id=%s trace_tag=%s",
                request.namespace(), request.execution(), type, id, traceTag);
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("trigger", type);
        result.put("trigger_id", id);
        result.put("trace_tag", traceTag);
        result.set("payload", payload);
        return new ExecutionResult(
                request.namespace(),
                request.execution(),
                request.attempt(),
                ExecutionResult.Outcome.succeeded,
                result,
                null,
                started,
                clock.instant());
    }

    private ExecutionResult failed(ExecutionRequest request, Instant started, String error) {
        return new ExecutionResult(
                request.namespace(),
                request.execution(),
                request.attempt(),
                ExecutionResult.Outcome.failed,
                null,
                error,
                started,
                clock.instant());
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }
}
