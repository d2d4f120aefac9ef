package io.squall.operator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.nats.client.JetStreamApiException;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.engine.inquiry.InquirySchema;
import io.squall.operator.Audit;
import io.squall.operator.execution.ExecutionTransitions.Transition;
import io.squall.operator.inquiry.InquiryWebhook;
import io.squall.operator.inquiry.ResponseStamp;
import io.squall.operator.trigger.OperatorTriggerPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * StackStorm's inquiries (core.ask, runner inquirer), run by the operator: the Execution goes Pending with the
 * question as its result ({schema, route, users, roles, ttl}) and a {@value #TRIGGER_TYPE} trigger is published so a
 * rule can page someone; {@code spec.response} is checked against the schema (a bad one is refused with the schema's
 * message and the inquiry stays Pending); a valid one ends it Succeeded with {@code result.response}; an inquiry
 * without a valid response after {@code ttl} minutes ends TimedOut (a workflow's task then fails, as in Orquesta).
 * Who may respond: with the inquiry admission webhook on ({@link InquiryWebhook}), a response counts only with the
 * webhook's valid stamp ({@link ResponseStamp}: it checked {@code users} and {@code roles} against the user the API
 * server authenticated), and that user is {@code result.responded_by}; a response without one is refused and the
 * inquiry stays Pending. With it off, whoever Kubernetes RBAC lets patch the Execution (users and roles are only
 * shown). Inquiry Executions carry the label {@value InquiryWebhook#LABEL}, which the webhook configuration selects.
 */
@ApplicationScoped
public class Inquiries {
    public static final String TRIGGER_TYPE = "core.inquiry";
    private static final Logger AUDIT = Audit.LOG;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** StackStorm's default: a day, in minutes. */
    private static final double DEFAULT_TTL_MINUTES = 1440;

    static final String UNSTAMPED = "it did not come through the inquiry admission webhook (no valid "
            + ResponseStamp.RESPONDED_BY + " stamp: written while the webhook was off, before the inquiry opened, or "
            + "edited since); remove it (-p '{\"spec\":{\"response\":null}}') and answer again";

    private final OperatorTriggerPublisher triggers;
    private final Clock clock;
    private final KubernetesClient client;
    private final InquiryWebhook webhook;

    public Inquiries(OperatorTriggerPublisher triggers, Clock clock, KubernetesClient client, InquiryWebhook webhook) {
        this.triggers = triggers;
        this.clock = clock;
        this.client = client;
        this.webhook = webhook;
    }

    /** Opens the inquiry; the trigger is published before the status is written (its id makes a repeat harmless). */
    public void open(Execution execution, ExecutionRequest request, ExecutionStatusWriter write)
            throws IOException, JetStreamApiException {
        Map<String, JsonNode> p = request.parameters();
        InquirySchema schema;
        try {
            schema = InquirySchema.of(p.get("schema"));
        } catch (IllegalArgumentException e) {
            throw new ExecutionSetupException(e.getMessage());
        }
        ObjectNode question = NODES.objectNode();
        question.set("schema", schema.schema());
        question.put("route", text(p.get("route")));
        question.set("users", list(p.get("users")));
        question.set("roles", list(p.get("roles")));
        question.put("ttl", ttlMinutes(p.get("ttl")));
        ObjectNode payload = question.deepCopy();
        payload.put("id", execution.getMetadata().getName());
        payload.put("execution", execution.getMetadata().getName());
        if (execution.getSpec().context != null && execution.getSpec().context.parentExecution != null) {
            payload.put("parent", execution.getSpec().context.parentExecution);
            payload.put("task", execution.getSpec().context.parentTask);
        }
        label(execution);
        triggers.publish(new TriggerEvent(
                "inquiry-" + execution.getMetadata().getUid(),
                TRIGGER_TYPE,
                execution.getMetadata().getNamespace(),
                payload,
                clock.instant(),
                "squall-operator",
                execution.getSpec().context == null ? null : execution.getSpec().context.traceTag));
        AUDIT.infof(
                "execution=%s/%s inquiry opened route=%s",
                execution.getMetadata().getNamespace(),
                execution.getMetadata().getName(),
                question.get("route").asText());
        String message = "waiting for a response: kubectl patch execution "
                + execution.getMetadata().getName() + " --type merge -p '{\"spec\":{\"response\":{...}}}'";
        Instant now = clock.instant();
        write.apply(copy -> ExecutionTransitions.inquiryOpened(copy, question, message, now));
    }

    /** A Pending inquiry: a response to check, or the expiry to wait for (returned: when to look again). */
    public Optional<Duration> reconcile(Execution execution, ExecutionStatusWriter write) {
        JsonNode question = execution.getStatus().result;
        Instant now = clock.instant();
        JsonNode response = execution.getSpec().response;
        if (response != null && !response.isNull()) {
            Optional<ResponseStamp> stamp = webhook.stamp();
            Optional<String> respondedBy = stamp.flatMap(s -> s.verifiedResponder(
                    execution.getMetadata().getUid(), execution.getMetadata().getAnnotations(), response));
            List<String> problems = stamp.isPresent() && respondedBy.isEmpty()
                    ? List.of(UNSTAMPED)
                    : InquirySchema.of(question == null ? null : question.get("schema"))
                            .problems(response);
            if (problems.isEmpty()) {
                ObjectNode answered = question == null ? NODES.objectNode() : question.deepCopy();
                answered.set("response", response);
                respondedBy.ifPresent(user -> answered.put("responded_by", user));
                AUDIT.infof(
                        "execution=%s/%s inquiry answered by=%s",
                        execution.getMetadata().getNamespace(),
                        execution.getMetadata().getName(),
                        respondedBy.orElse("(not checked: webhook off)"));
                write.apply(copy ->
                        ExecutionTransitions.inquiryClosed(copy, ExecutionPhase.Succeeded, answered, null, now));
                return Optional.empty();
            }
            String message = "spec.response refused: " + String.join("; ", problems);
            write.apply(copy -> ExecutionTransitions.responseRefused(copy, message, now));
        }
        double ttl =
                question != null && question.has("ttl") ? question.get("ttl").asDouble() : DEFAULT_TTL_MINUTES;
        if (ttl <= 0) {
            return Optional.empty(); // StackStorm: a ttl of 0 or less never expires
        }
        Instant expires = Instant.parse(execution.getStatus().startTime).plusMillis((long) (ttl * 60_000));
        if (!now.isBefore(expires)) {
            String error = "the inquiry expired: no valid response within " + format(ttl) + " minutes (ttl)";
            write.apply(
                    copy -> ExecutionTransitions.inquiryClosed(copy, ExecutionPhase.TimedOut, question, error, now));
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, expires));
    }

    /** Labels the Execution as an inquiry (once): the webhook configuration's objectSelector. */
    private void label(Execution execution) {
        var labels = execution.getMetadata().getLabels();
        if (labels != null && "true".equals(labels.get(InquiryWebhook.LABEL))) {
            return;
        }
        client.resources(Execution.class)
                .inNamespace(execution.getMetadata().getNamespace())
                .withName(execution.getMetadata().getName())
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"labels\":{\"" + InquiryWebhook.LABEL + "\":\"true\"}}}");
    }

    /** Writes a status transition and records its Event; what the lifecycle's own write does. */
    @FunctionalInterface
    public interface ExecutionStatusWriter {
        void apply(java.util.function.Function<Execution, Optional<Transition>> transition);
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static ArrayNode list(JsonNode v) {
        ArrayNode out = NODES.arrayNode();
        if (v != null && v.isArray()) {
            v.forEach(out::add);
        } else if (v != null && !v.isNull()) {
            out.add(v.asText());
        }
        return out;
    }

    private static double ttlMinutes(JsonNode v) {
        if (v == null || v.isNull()) {
            return DEFAULT_TTL_MINUTES;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return Double.parseDouble(v.asText().strip());
        } catch (NumberFormatException e) {
            throw new ExecutionSetupException("parameter ttl: '" + v.asText() + "' is not a number of minutes");
        }
    }

    private static String format(double minutes) {
        return minutes == Math.rint(minutes) ? Long.toString((long) minutes) : Double.toString(minutes);
    }
}
