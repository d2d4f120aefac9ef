package io.squall.operator.execution.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ResultTruncatorTest {

    private static final int MAX = 4096;

    @Test
    void aResultWithinTheBoundIsUntouched() {
        ObjectNode result =
                JsonNodeFactory.instance.objectNode().put("stdout", "ok").put("return_code", 0);

        assertThat(ResultTruncator.truncate(result, MAX)).isSameAs(result);
    }

    @Test
    void theLongestOutputIsCutFirstAndTheShapeStays() {
        ObjectNode result = JsonNodeFactory.instance
                .objectNode()
                .put("stdout", "x".repeat(10_000))
                .put("stderr", "warning: slow")
                .put("return_code", 0)
                .put("succeeded", true);

        JsonNode cut = ResultTruncator.truncate(result, MAX);

        assertThat(ResultTruncator.size(cut)).isLessThanOrEqualTo(MAX);
        assertThat(cut.get("stdout").asText()).startsWith("xxxx").matches("x+\\.\\.\\. \\[truncated \\d+ bytes]");
        assertThat(cut.get("stderr").asText()).isEqualTo("warning: slow");
        assertThat(cut.get("return_code").asInt()).isZero();
        assertThat(cut.get("succeeded").asBoolean()).isTrue();
        assertThat(result.get("stdout").asText()).hasSize(10_000); // the original is not changed
    }

    @Test
    void severalLongStringsAreAllCutAsNeeded() {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("stdout", "o".repeat(5_000)).put("stderr", "e".repeat(5_000));
        result.putArray("lines").add("l".repeat(5_000)).add("short");

        JsonNode cut = ResultTruncator.truncate(result, MAX);

        assertThat(ResultTruncator.size(cut)).isLessThanOrEqualTo(MAX);
        assertThat(cut.get("lines").get(1).asText()).isEqualTo("short");
    }

    @Test
    void multiByteAndEscapedTextStillFits() {
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("stdout", "é\n\"".repeat(5_000));

        assertThat(ResultTruncator.size(ResultTruncator.truncate(result, MAX))).isLessThanOrEqualTo(MAX);
    }

    @Test
    void aResultTooLargeWithoutLongStringsBecomesAPreview() {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        var numbers = result.putArray("numbers");
        for (int i = 0; i < 5_000; i++) {
            numbers.add(i);
        }

        JsonNode cut = ResultTruncator.truncate(result, MAX);

        assertThat(ResultTruncator.size(cut)).isLessThanOrEqualTo(MAX);
        assertThat(cut.get("truncated").asBoolean()).isTrue();
        assertThat(cut.get("preview").asText()).startsWith("{\"numbers\":[0,1,2,");
    }
}
