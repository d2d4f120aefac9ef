package io.squall.api.messages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StorableJsonTest {
    private static final ObjectMapper EXACT =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static String problem(String json) throws Exception {
        JsonNode node = EXACT.readTree(json);
        return StorableJson.problem("body", node).orElse(null);
    }

    @Test
    void valuesKubernetesKeepsExactlyPass() throws Exception {
        assertThat(problem(
                        "{\"a\": [1, -2, 9223372036854775807, -9223372036854775808, 0.1, 1.0, 1e2, 2.5e-300, 5e-324, 1.7976931348623157e308, 123.456, -0.0, "
                                + "\"text \\u00e9 \\ud83d\\ude00 {{ 7*7 }}\", true, null, {}]}"))
                .isNull();
    }

    @Test
    void numbersKubernetesWouldChangeAreNamedWithTheirPath() throws Exception {
        assertThat(problem("{\"n\": 9223372036854775808}"))
                .isEqualTo(
                        "body.n: the integer 9223372036854775808 is outside the 64-bit range that Kubernetes stores exactly");
        assertThat(problem("{\"a\": [0, {\"x\": -123456789012345678901234567890}]}"))
                .startsWith("body.a[1].x: the integer -123456789012345678901234567890 is outside");
        assertThat(problem("{\"f\": 1e400}"))
                .isEqualTo("body.f: the number 1E+400 is beyond what a 64-bit float holds, "
                        + "as Kubernetes stores numbers");
        assertThat(problem("{\"f\": 0.1000000000000000055511151231257827}"))
                .isEqualTo(
                        "body.f: the number "
                                + "0.1000000000000000055511151231257827 would be stored as 0.1 (Kubernetes stores numbers as 64-bit floats)");
        assertThat(problem("{\"f\": 1e-400}")).contains("would be stored as 0 ");
        assertThat(problem("{\"f\": 1.00000000000000000001}")).contains("would be stored as 1 ");
    }

    @Test
    void unpairedSurrogatesAndDeepNestingAreNamed() throws Exception {
        assertThat(problem("{\"s\": \"ab\\ud800\"}"))
                .isEqualTo(
                        "body.s: the text holds an unpaired UTF-16 surrogate \\ud800 at index 2, which is not Unicode");
        assertThat(problem("{\"a b\": {\"\\udc00\": 1}}"))
                .isEqualTo("body[\"a b\"][\"\\udc00\"] (the key): the text "
                        + "holds an unpaired UTF-16 surrogate \\udc00 at index 0, which is not Unicode");
        assertThat(problem("[".repeat(StorableJson.MAX_DEPTH + 1) + "]".repeat(StorableJson.MAX_DEPTH + 1)))
                .isNull();
        assertThat(problem("[".repeat(StorableJson.MAX_DEPTH + 2) + "]".repeat(StorableJson.MAX_DEPTH + 2)))
                .endsWith(": nested more than 500 levels deep");
    }
}
