package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.squall.api.messages.Subjects;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.operator.execution.ExecutionTransitions.AttemptEnd;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ActionCompletedTriggerTest {

    private static Execution finished(ExecutionPhase phase) {
        Execution execution = Fixtures.execution("""
                  action: {name: act}
                  parameters: {user: ada, token: plain-by-hand}
                  context: {rule: on-push, triggerId: t-9, traceTag: trace-1}
                """);
        Instant start = Instant.parse("2026-03-01T10:00:00Z");
        ExecutionTransitions.scheduled(execution, 1, "run-1-1", start);
        ExecutionTransitions.attemptEnded(
                execution,
                new AttemptEnd(
                        1,
                        phase,
                        phase == ExecutionPhase.Succeeded ? null : "it broke",
                        JsonNodeFactory.instance.objectNode().put("return_code", 0),
                        false,
                        null,
                        start.plusSeconds(2)),
                null,
                start.plusSeconds(2));
        return execution;
    }

    @Test
    void stackStormsActionTriggerPayloadWithSecretsMasked() {
        var action = Fixtures.action("  runner: shell\n  command: x\n  parameters:\n    user: {type: string}\n"
                + "    token: {type: string, secret: true}\n");

        TriggerEvent trigger = ActionCompletedTrigger.of(finished(ExecutionPhase.Succeeded), action);

        assertThat(trigger.type()).isEqualTo(Subjects.ACTION_COMPLETED);
        assertThat(trigger.namespace()).isEqualTo("team-a");
        assertThat(trigger.id()).isEqualTo("completed.team-a.run-1.exec-uid");
        assertThat(trigger.traceTag()).isEqualTo("trace-1");
        assertThat(trigger.occurredAt()).isEqualTo(Instant.parse("2026-03-01T10:00:02Z"));
        JsonNode payload = trigger.payload();
        assertThat(payload.get("execution_id").asText()).isEqualTo("run-1");
        assertThat(payload.get("status").asText()).isEqualTo("succeeded");
        assertThat(payload.get("start_timestamp").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(payload.get("end_timestamp").asText()).isEqualTo("2026-03-01T10:00:02Z");
        assertThat(payload.get("action_ref").asText()).isEqualTo("act");
        assertThat(payload.get("runner_ref").asText()).isEqualTo("shell");
        assertThat(payload.get("parameters").get("user").asText()).isEqualTo("ada");
        assertThat(payload.get("parameters").get("token").asText()).isEqualTo("********");
        assertThat(payload.get("result").get("return_code").asInt()).isZero();
        assertThat(payload.get("rule").asText()).isEqualTo("on-push");
        assertThat(payload.get("trigger_id").asText()).isEqualTo("t-9");
        assertThat(payload.toString()).doesNotContain("plain-by-hand");
    }

    @Test
    void statusesAreStackStorms() {
        assertThat(ActionCompletedTrigger.of(finished(ExecutionPhase.TimedOut), null)
                        .payload()
                        .get("status")
                        .asText())
                .isEqualTo("timeout");
        JsonNode failed =
                ActionCompletedTrigger.of(finished(ExecutionPhase.Failed), null).payload();
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).isEqualTo("it broke");
        assertThat(failed.has("runner_ref")).isFalse();
    }
}
