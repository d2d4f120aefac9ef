package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.Rule;
import io.squall.operator.testsupport.HostileText;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerResource;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Render once, on the paths that do not start at a webhook (that one is WebhookToExecutionEndToEndTest and the bad
 * input suite): an Execution created by hand, and a rule chained on core.action.completed whose parameters come
 * from the first action's output. Real runner, real nats-server; the values arrive at the action byte for byte.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
class RenderOnceEndToEndTest extends LocalExecutorTestBase {

    /** Hostile values a process can be given (a NUL cannot, and is refused: ShellRunnerTest). */
    private static final List<String> VALUES =
            HostileText.ALL.stream().filter(v -> !v.contains("\u0000")).toList();

    private static String yaml(String value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** What printf '%s\n---\n' prints for every value, less the one trailing newline the shell runner strips. */
    private static String printed(List<String> values) {
        String all = values.stream().map(v -> v + "\n---\n").collect(Collectors.joining());
        return all.substring(0, all.length() - 1);
    }

    @Test
    void aHandMadeExecutionsLiteralValuesAndACompletedTriggersResultReachTheActionByteForByte() {
        String ns = "render-once";
        String names = IntStream.range(0, VALUES.size())
                .mapToObj(i -> "\"$SQUALL_PARAM_V" + i + "\"")
                .collect(Collectors.joining(" "));
        String declared = IntStream.range(0, VALUES.size())
                .mapToObj(i -> "    v" + i + ": {type: string}")
                .collect(Collectors.joining("\n"));
        action(
                ns,
                "echo-all",
                "  runner: shell\n  command: printf '%s\\n---\\n' " + names.replace("'", "''") + "\n  parameters:\n"
                        + declared + "\n");
        action(
                ns,
                "echo-one",
                "  runner: shell\n  command: printf '%s' \"$SQUALL_PARAM_TEXT\"\n"
                        + "  parameters:\n    text: {type: string}\n");
        Kube.apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Rule
                metadata: {name: chain, namespace: %s}
                spec:
                  trigger: {type: core.action.completed}
                  criteria:
                    trigger.action_ref: {type: equals, pattern: echo-all}
                  action: {ref: echo-one, parameters: {text: '{{ trigger.result.stdout }}'}}
                """.formatted(ns), Rule.class);

        String parameters = "{"
                + IntStream.range(0, VALUES.size())
                        .mapToObj(i -> "v" + i + ": " + yaml(VALUES.get(i)))
                        .collect(Collectors.joining(", "))
                + "}";
        Kube.apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Execution\nmetadata: {name: literal, namespace: " + ns
                        + "}\nspec:\n  action: {name: echo-all}\n  literalParameters: true\n  parameters: " + parameters
                        + "\n",
                Execution.class);
        execution(ns, "by-hand", "echo-one", "{text: \"{{ '{{ 7*7 }}' ~ ' $(id)' }}\"}");

        Execution literal = awaitFinished(ns, "literal", ExecutionPhase.Succeeded);
        assertThat(literal.getStatus().result.get("stdout").asText()).isEqualTo(printed(VALUES));

        Execution byHand = awaitFinished(ns, "by-hand", ExecutionPhase.Succeeded);
        assertThat(byHand.getStatus().result.get("stdout").asText())
                .as("the person's template is rendered, once")
                .isEqualTo("{{ 7*7 }} $(id)");

        Execution chained = await().atMost(Kube.WAIT)
                .until(
                        () -> client.resources(Execution.class)
                                .inNamespace(ns)
                                .withLabel(Names.LABEL_RULE, "chain")
                                .list()
                                .getItems(),
                        l -> !l.isEmpty())
                .get(0);
        Execution done = awaitFinished(ns, chained.getMetadata().getName(), ExecutionPhase.Succeeded);
        assertThat(done.getSpec().parameters.get("text").textValue())
                .as("the first action's output is data")
                .isEqualTo(printed(VALUES));
        assertThat(done.getStatus().result.get("stdout").asText()).isEqualTo(printed(VALUES));
        assertThat(client.resources(Execution.class)
                        .inNamespace(ns)
                        .withLabel(Names.LABEL_RULE, "chain")
                        .list()
                        .getItems())
                .as("one chained run: by-hand's completion does not match")
                .hasSize(1);
    }
}
