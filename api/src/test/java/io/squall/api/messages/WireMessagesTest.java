package io.squall.api.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.RunnerType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireMessagesTest {

    @Test
    void triggerEventRoundTripsThroughJson() throws Exception {
        JsonNode payload =
                Json.mapper().readTree("{\"body\":{\"app\":\"web\",\"state\":\"critical\",\"n\":[1,2.5,null,\"é\"]}}");
        var event = new TriggerEvent(
                "t-1",
                "core.webhook",
                "ops",
                payload,
                Instant.parse("2026-11-21T10:15:30.123Z"),
                "sensor/hooks",
                "webhook-t-1");

        String json = new String(Json.toBytes(event), StandardCharsets.UTF_8);
        assertThat(json).contains("\"occurredAt\":\"2026-11-21T10:15:30.123Z\"");
        assertThat(Json.fromBytes(json.getBytes(StandardCharsets.UTF_8), TriggerEvent.class))
                .isEqualTo(event);
        assertThat(event.subject()).isEqualTo("squall.trigger.ops.core.webhook");
    }

    @Test
    void triggerEventWithoutTypeIsMalformedAndSaysWhichField() {
        byte[] data = "{\"id\":\"x\",\"namespace\":\"ops\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Json.fromBytes(data, TriggerEvent.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'type'");
    }

    @Test
    void unparsableBytesAreMalformed() {
        assertThatThrownBy(() -> Json.fromBytes("{not json".getBytes(StandardCharsets.UTF_8), TriggerEvent.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("TriggerEvent:");
    }

    @Test
    void triggerEventDefaultsMissingPayloadAndTime() {
        var event = Json.fromBytes(
                "{\"id\":\"a\",\"type\":\"t\",\"namespace\":\"n\"}".getBytes(StandardCharsets.UTF_8),
                TriggerEvent.class);
        assertThat(event.payload().isNull()).isTrue();
        assertThat(event.occurredAt()).isNotNull();
    }

    @Test
    void executionRequestRoundTripsWithTheActionSpec() {
        var action = new ActionSpec();
        action.runner = RunnerType.SHELL;
        action.command = "echo {{ message }}";
        action.timeout = 30;
        var request = new ExecutionRequest(
                "ops",
                "hello-x1",
                2,
                "hello",
                action,
                Map.of("message", TextNode.valueOf("hi"), "count", IntNode.valueOf(3)),
                List.of("token"),
                30);

        var back = Json.fromBytes(Json.toBytes(request), ExecutionRequest.class);
        assertThat(back.namespace()).isEqualTo("ops");
        assertThat(back.attempt()).isEqualTo(2);
        assertThat(back.action().runner).isEqualTo(RunnerType.SHELL);
        assertThat(back.action().command).isEqualTo("echo {{ message }}");
        assertThat(back.parameters()).isEqualTo(request.parameters());
        assertThat(back.secretParameters()).containsExactly("token");
        assertThat(back.resultMessageId()).isEqualTo("result/ops/hello-x1/2");
    }

    @Test
    void executionResultRoundTripsAndNamesItsSubjectAndId() throws Exception {
        var result = new ExecutionResult(
                "ops",
                "hello-x1",
                1,
                ExecutionResult.Outcome.timedout,
                Json.mapper().readTree("{\"return_code\":-9,\"stdout\":\"\"}"),
                "timed out after 30s",
                Instant.parse("2026-11-21T10:00:00Z"),
                Instant.parse("2026-11-21T10:00:30Z"));

        assertThat(Json.fromBytes(Json.toBytes(result), ExecutionResult.class)).isEqualTo(result);
        assertThat(result.subject()).isEqualTo("squall.result.ops.hello-x1");
        assertThat(result.messageId()).isEqualTo("result/ops/hello-x1/1");
        assertThat(new String(Json.toBytes(result), StandardCharsets.UTF_8)).contains("\"outcome\":\"timedout\"");
    }

    @Test
    void subjectsRejectTokensThatWouldChangeTheSubjectShape() {
        assertThatThrownBy(() -> Subjects.trigger("a.b", "core.webhook")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Subjects.result("ops", "x*")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Subjects.deadLetter("trigger")).isEqualTo("squall.deadletter.trigger");
    }
}
