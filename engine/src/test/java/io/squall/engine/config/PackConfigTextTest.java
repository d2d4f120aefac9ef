package io.squall.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class PackConfigTextTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void jsonTextIsItsValueAndOtherTextIsAString() {
        assertThat(PackConfigText.decode("8080")).isEqualTo(NODES.numberNode(8080));
        assertThat(PackConfigText.decode("true")).isEqualTo(NODES.booleanNode(true));
        assertThat(PackConfigText.decode("[\"a\", 1]").toString()).isEqualTo("[\"a\",1]");
        assertThat(PackConfigText.decode("{\"max\": 5}").toString()).isEqualTo("{\"max\":5}");
        assertThat(PackConfigText.decode("\"8080\"")).isEqualTo(TextNode.valueOf("8080"));
        assertThat(PackConfigText.decode("us-east-1")).isEqualTo(TextNode.valueOf("us-east-1"));
        assertThat(PackConfigText.decode("12 monkeys")).isEqualTo(TextNode.valueOf("12 monkeys"));
        assertThat(PackConfigText.decode("")).isEqualTo(TextNode.valueOf(""));
    }

    @Test
    void everyValueComesBackAsItWasWritten() {
        for (JsonNode value : new JsonNode[] {
            TextNode.valueOf("8080"),
            TextNode.valueOf("true"),
            TextNode.valueOf("plain text"),
            TextNode.valueOf("\"quoted\""),
            TextNode.valueOf(""),
            NODES.numberNode(3),
            NODES.booleanNode(false),
            NODES.nullNode(),
            NODES.objectNode().put("a", "b"),
            NODES.arrayNode().add(1)
        }) {
            assertThat(PackConfigText.decode(PackConfigText.encode(value)))
                    .as(value.toString())
                    .isEqualTo(value);
        }
        assertThat(PackConfigText.encode(TextNode.valueOf("us-east-1"))).isEqualTo("us-east-1");
        assertThat(PackConfigText.encode(TextNode.valueOf("8080"))).isEqualTo("\"8080\"");
        assertThat(PackConfigText.encode(NODES.numberNode(8080))).isEqualTo("8080");
    }
}
