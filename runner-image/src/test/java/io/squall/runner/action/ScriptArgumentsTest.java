package io.squall.runner.action;

import static io.squall.runner.TestRequests.parameter;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.ParameterSpec;
import io.squall.api.v1alpha1.ParameterType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptArgumentsTest {

    @Test
    void namedArgumentsInNameOrderThenPositionalOnesByPosition() {
        Map<String, ParameterSpec> specs = new LinkedHashMap<>();
        specs.put("second", parameter(ParameterType.STRING, 1));
        specs.put("first", parameter(ParameterType.STRING, 0));
        specs.put("name", parameter(ParameterType.STRING, null));
        List<String> argv =
                ScriptArguments.of(specs, values(Map.of("second", "b c", "first", "a", "name", "n v", "count", 3)));
        assertThat(argv).containsExactly("--count=3", "--name=n v", "a", "b c");
    }

    @Test
    void namedBooleansAreBareFlagsAndEmptyValuesAreLeftOut() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("verbose", true);
        raw.put("dry", false);
        raw.put("empty", "");
        raw.put("none", null);
        raw.put("list", List.of("a", "b"));
        assertThat(ScriptArguments.of(Map.of(), values(raw))).containsExactly("--list=[\"a\",\"b\"]", "--verbose");
    }

    @Test
    void positionalValuesAreSerialisedLikeStackStorm() {
        Map<String, ParameterSpec> specs = new LinkedHashMap<>();
        specs.put("flag", parameter(ParameterType.BOOLEAN, 0));
        specs.put("hosts", parameter(ParameterType.ARRAY, 1));
        specs.put("meta", parameter(ParameterType.OBJECT, 2));
        specs.put("missing", parameter(ParameterType.STRING, 3));
        specs.put("n", parameter(ParameterType.INTEGER, 4));
        List<String> argv = ScriptArguments.of(
                specs, values(Map.of("flag", false, "hosts", List.of("h1", "h2"), "meta", Map.of("k", "v"), "n", 7)));
        assertThat(argv).containsExactly("0", "h1,h2", "{\"k\":\"v\"}", "", "7");
    }

    private static Map<String, JsonNode> values(Map<String, ?> raw) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        raw.forEach((k, v) -> values.put(k, Json.mapper().valueToTree(v)));
        return values;
    }
}
