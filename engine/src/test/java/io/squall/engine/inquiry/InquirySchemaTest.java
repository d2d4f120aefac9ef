package io.squall.engine.inquiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class InquirySchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void stackStormsDefaultSchemaWantsContinue() throws Exception {
        InquirySchema schema = InquirySchema.of(null);
        assertThat(schema.problems(json("{\"continue\": true}"))).isEmpty();
        assertThat(schema.problems(json("{\"continue\": \"yes\"}")))
                .singleElement()
                .asString()
                .contains("continue")
                .contains("boolean");
        assertThat(schema.problems(json("{}"))).singleElement().asString().contains("continue");
        assertThat(schema.problems(null)).containsExactly("no response");
    }

    @Test
    void propertyLevelRequiredAsStackStormWritesIt() throws Exception {
        InquirySchema schema = InquirySchema.of(json("""
                {"type": "object", "properties": {
                  "approved": {"type": "boolean", "required": true},
                  "nodes": {"type": "integer", "minimum": 1, "maximum": 10},
                  "reason": {"type": "string", "required": false}}}"""));
        assertThat(schema.problems(json("{\"approved\": true, \"nodes\": 3}"))).isEmpty();
        assertThat(schema.problems(json("{\"nodes\": 3}")))
                .singleElement()
                .asString()
                .contains("approved");
        assertThat(schema.problems(json("{\"approved\": true, \"nodes\": 11}")))
                .singleElement()
                .asString()
                .contains("nodes");
        assertThat(schema.schema().at("/properties/approved/required").asBoolean())
                .as("shown as written")
                .isTrue();
    }

    @Test
    void aSchemaThatIsNotOneIsRefused() throws Exception {
        assertThatThrownBy(() -> InquirySchema.of(json("[1]"))).hasMessageContaining("parameter schema");
    }
}
