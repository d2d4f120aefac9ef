package io.squall.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.Json;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.Rule;
import io.squall.cli.SquallCli;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateRenderer;
import io.squall.operator.execution.ExecutionRequests;
import io.squall.operator.testsupport.HostileText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline {@code bin/squall rule test} and the operator agree: for the quick start's Rule and Action and the same
 * trigger, the parameters the rule tester prints are the ones the rules engine writes into the Execution and the ones
 * the runner's request carries — byte for byte, whatever template or shell syntax the payload holds.
 */
class RuleTestParityTest {
    private static final Path HELLO = Path.of("../packs/examples/hello/hello.yaml");
    private static final YAMLMapper YAML = new YAMLMapper();

    @TempDir
    Path tmp;

    private static <T> T document(String kind, Class<T> type) throws IOException {
        try (var parser = new YAMLFactory().createParser(HELLO.toFile())) {
            for (JsonNode document : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (kind.equals(document.path("kind").asText())) {
                    ObjectNode copy = (ObjectNode) document;
                    ((ObjectNode) copy.get("metadata")).put("namespace", "default");
                    return Json.mapper().convertValue(copy, type);
                }
            }
        }
        throw new AssertionError("no " + kind + " in " + HELLO);
    }

    private static JsonNode ruleTest(Path trigger) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SquallCli.run(
                new String[] {
                    "rule",
                    "test",
                    "--rule",
                    HELLO.toString(),
                    "--action",
                    HELLO.toString(),
                    "--trigger",
                    trigger.toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return Json.mapper().readTree(out.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void theRuleTesterAndTheOperatorProduceTheSameParameters() throws Exception {
        Rule rule = document("Rule", Rule.class);
        Action action = document("Action", Action.class);
        TemplateRenderer renderer = new TemplateRenderer();
        ExecutionFactory factory = new ExecutionFactory(renderer);

        List<String> values = new ArrayList<>(HostileText.ALL);
        values.add("Squall");
        for (int i = 0; i < values.size(); i++) {
            ObjectNode payload = Json.mapper().createObjectNode();
            payload.putObject("headers").put("User-Agent", values.get(i));
            payload.putObject("headers_lower").put("user-agent", values.get(i));
            payload.putObject("body").put("action", "greet").put("name", values.get(i));
            Path file = tmp.resolve("trigger-" + i + ".json");
            Files.writeString(
                    file,
                    Json.mapper()
                            .createObjectNode()
                            .put("type", "hello.greeting")
                            .set("payload", payload)
                            .toString());

            JsonNode offline = ruleTest(file);
            assertThat(offline.path("matched").asBoolean())
                    .as(offline.toString())
                    .isTrue();

            TriggerEvent event = new TriggerEvent(
                    "t-" + i, "hello.greeting", "default", payload, Instant.now(), "sensor/hello-webhook", "trace");
            ExecutionFactory.Draft draft = factory.draft(rule, event, Target.of(action), KvLookup.EMPTY);
            assertThat(draft.error()).isNull();
            Execution execution = draft.execution();
            ExecutionRequest request = ExecutionRequests.build(execution, action, 1, null, renderer, KvLookup.EMPTY);

            Map<String, JsonNode> expected = Map.of(
                    "name",
                    Json.mapper().getNodeFactory().textNode(values.get(i)),
                    "requester",
                    Json.mapper().getNodeFactory().textNode(values.get(i)));
            assertThat(Json.mapper().convertValue(offline.get("parameters"), Map.class))
                    .isEqualTo(Json.mapper().convertValue(expected, Map.class));
            assertThat(execution.getSpec().parameters)
                    .as("the Execution the rules engine creates")
                    .isEqualTo(expected);
            assertThat(request.parameters()).as("what the runner gets").isEqualTo(expected);
        }
    }
}
