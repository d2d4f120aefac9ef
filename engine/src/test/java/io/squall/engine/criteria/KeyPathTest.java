package io.squall.engine.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class KeyPathTest {
    private static final JsonNode ROOT = json("""
            {"trigger": {"body": {"a.b": {"c": 1}, "x#y": 2, "list": [10, {"k": "v"}], "X-Hdr": "h", "n": null,
                                  "0": "zero", "sp ace": "s"}}}""");

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode find(String key) {
        return KeyPath.parse(key).find(ROOT);
    }

    @Test
    void dottedQuotedIndexedAndWildcardSteps() {
        assertThat(find("trigger.body['a.b'].c")).isEqualTo(json("1"));
        assertThat(find("trigger.body[\"a.b\"].c")).isEqualTo(json("1"));
        assertThat(find("trigger.body.'a.b'.c")).isEqualTo(json("1"));
        assertThat(find("trigger.body.X-Hdr"))
                .as("jsonpath_rw names may contain '-'")
                .isEqualTo(json("\"h\""));
        assertThat(find("trigger.body.list[1].k")).isEqualTo(json("\"v\""));
        assertThat(find("trigger.body.list[*]")).isEqualTo(json("10"));
        assertThat(find("trigger.body.list.*.k")).isEqualTo(json("\"v\""));
        assertThat(find("trigger.body['0']")).isEqualTo(json("\"zero\""));
        assertThat(find("trigger.body['sp ace']")).isEqualTo(json("\"s\""));
        assertThat(find(" trigger.body.n ")).isEqualTo(json("null"));
    }

    @Test
    void missingStepsSelectNothing() {
        assertThat(find("trigger.body.nope")).isNull();
        assertThat(find("trigger.body.list[5]")).isNull();
        assertThat(find("trigger.body.list.k")).as("a name on a list").isNull();
        assertThat(find("trigger.body['a.b'][0]")).as("an index on an object").isNull();
        assertThat(find("trigger.body.n.deeper")).isNull();
        assertThat(find("other.body")).isNull();
    }

    @Test
    void aHashTagOutsideQuotesIsIgnored() {
        assertThat(find("trigger.body['a.b'].c#second")).isEqualTo(json("1"));
        assertThat(find("trigger.body['x#y']")).isEqualTo(json("2"));
        assertThat(find("trigger.body['x#y']#tag")).isEqualTo(json("2"));
        assertThat(KeyPath.parse("trigger.a#1").text()).isEqualTo("trigger.a");
        assertThat(KeyPath.parse("trigger.a#1").root()).isEqualTo("trigger");
    }

    @Test
    void syntaxErrorsNameTheKeyAndPosition() {
        assertThatThrownBy(() -> KeyPath.parse("trigger.body['a.b'"))
                .isInstanceOf(CriterionException.class)
                .hasMessage("invalid key 'trigger.body['a.b'': expected ']' at position 18");
        assertThatThrownBy(() -> KeyPath.parse("trigger..x")).hasMessageContaining("expected a name at position 8");
        assertThatThrownBy(() -> KeyPath.parse("trigger[x]")).hasMessageContaining("inside [ ]");
        assertThatThrownBy(() -> KeyPath.parse("#only-a-tag")).hasMessageContaining("the key is empty");
        assertThatThrownBy(() -> KeyPath.parse("trigger.a b")).hasMessageContaining("unexpected ' '");
    }
}
