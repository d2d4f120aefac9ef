package io.squall.runner.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.ExecutionResult.Outcome;
import io.squall.api.messages.Json;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultFitterTest {

    @Test
    void aResultThatFitsIsUnchanged() {
        ExecutionResult result = result(Map.of("stdout", "ok", "return_code", 0));
        assertThat(ResultFitter.toBytes(result, 10_000)).isEqualTo(Json.toBytes(result));
    }

    @Test
    void escapingThatOverflowsTheLimitCutsTheLargestFieldsToTheirTail() {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("succeeded", true);
        fields.put("return_code", 0);
        fields.put("stdout", "\u0001".repeat(100_000) + "THE END"); // 6 bytes per character once escaped
        fields.put("stdout_truncated_bytes", 5);
        fields.put("stderr", "short");
        byte[] bytes = ResultFitter.toBytes(result(fields), 100_000);

        assertThat(bytes.length).isLessThanOrEqualTo(100_000);
        ExecutionResult fitted = Json.fromBytes(bytes, ExecutionResult.class);
        assertThat(fitted.outcome()).isEqualTo(Outcome.succeeded);
        assertThat(fitted.result().get("succeeded").asBoolean()).isTrue();
        assertThat(fitted.result().get("stderr").asText()).isEqualTo("short");
        String stdout = fitted.result().get("stdout").asText();
        assertThat(stdout).endsWith("THE END");
        assertThat(fitted.result().get("stdout_truncated_bytes").asLong()).isEqualTo(5 + 100_007 - stdout.length());
    }

    @Test
    void aResultThatCannotBeCutEnoughIsReplacedByAnError() {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < 200; i++) {
            fields.put("field" + i, "value" + i);
        }
        ExecutionResult fitted = Json.fromBytes(ResultFitter.toBytes(result(fields), 1000), ExecutionResult.class);
        assertThat(fitted.result().get("error").asText()).contains("does not fit in a NATS message of 1000 bytes");
        assertThat(fitted.execution()).isEqualTo("e");
    }

    private static ExecutionResult result(Object fields) {
        return new ExecutionResult(
                "ns", "e", 0, Outcome.succeeded, Json.mapper().valueToTree(fields), null, Instant.now(), Instant.now());
    }
}
