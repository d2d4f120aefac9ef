package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerResource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Every runner end to end: the operator on the Fabric8 mock API server, a real nats-server, and the local Job
 * executor running the real runner jar for each Job the operator creates; the result comes back over NATS.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
class ExecutionEndToEndTest extends LocalExecutorTestBase {

    @Test
    void noopActionGoesThroughEveryPhaseAndPublishesItsCompletion() throws Exception {
        String ns = "e2e-noop";
        Instant before = Instant.now();
        run(ns, "hello", "  runner: noop\n", "{}");

        Execution done = awaitFinished(ns, "hello", ExecutionPhase.Succeeded);

        var status = done.getStatus();
        assertThat(status.attempts).isEqualTo(1);
        assertThat(status.jobName).isEqualTo("hello-1");
        assertThat(status.result.get("succeeded").asBoolean()).isTrue();
        assertThat(status.error).isNull();
        assertThat(Instant.parse(status.startTime)).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(Instant.parse(status.endTime)).isAfterOrEqualTo(Instant.parse(status.startTime));
        assertThat(status.duration).matches("\\d+\\.\\ds");
        assertThat(Conditions.find(status, Conditions.COMPLETED).orElseThrow().getReason())
                .isEqualTo("Succeeded");
        assertThat(Conditions.find(status, Conditions.SCHEDULED).orElseThrow().getStatus())
                .isEqualTo("True");
        assertThat(Conditions.find(status, Conditions.RUNNING).orElseThrow().getStatus())
                .isEqualTo("False");
        assertThat(Kube.ready(done).getStatus()).isEqualTo("True");
        // a noop may report before the operator sees its pod running, so Running is not asserted here (see the
        // long-running action in ExecutionPolicyTest.cancelStopsTheJobAndEndsCanceled)
        await().atMost(Kube.WAIT)
                .untilAsserted(
                        () -> assertThat(eventReasons(ns, "hello")).containsSubsequence("Scheduled", "Succeeded"));

        // StackStorm's actiontrigger payload
        TriggerEvent trigger = completedTrigger(ns, "hello");
        assertThat(trigger.id()).isEqualTo(ActionCompletedTrigger.id(done));
        JsonNode payload = trigger.payload();
        assertThat(payload.get("execution_id").asText()).isEqualTo("hello");
        assertThat(payload.get("status").asText()).isEqualTo("succeeded");
        assertThat(payload.get("action_ref").asText()).isEqualTo("hello-action");
        assertThat(payload.get("runner_ref").asText()).isEqualTo("noop");
        assertThat(payload.get("result").get("succeeded").asBoolean()).isTrue();
        assertThat(payload.get("start_timestamp").asText()).isEqualTo(status.startTime);
        assertThat(payload.get("end_timestamp").asText()).isEqualTo(status.endTime);
        // the request Secret (secret parameters, NATS credentials) is deleted right after the final status write
        await().atMost(Kube.WAIT)
                .untilAsserted(() -> assertThat(client.secrets()
                                .inNamespace(ns)
                                .withName("hello-1-request")
                                .get())
                        .isNull());
    }

    @Test
    void shellCommandIsRenderedOverTheParameters() {
        String ns = "e2e-shell";
        run(ns, "echo", """
                  runner: shell
                  command: 'echo "{{ greeting }} from $SQUALL_EXECUTION, {{ count * 2 }}"'
                  parameters:
                    greeting: {type: string, default: hello}
                    count: {type: integer, required: true}
                """, "{count: '21'}");

        Execution done = awaitFinished(ns, "echo", ExecutionPhase.Succeeded);

        assertThat(done.getStatus().result.get("stdout").asText()).isEqualTo("hello from echo, 42");
        assertThat(done.getStatus().result.get("return_code").asInt()).isZero();
        Job job = client.batch().v1().jobs().inNamespace(ns).withName("echo-1").get();
        assertThat(job.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(
                        o -> assertThat(o.getUid()).isEqualTo(done.getMetadata().getUid()));
    }

    @Test
    void scriptFromAConfigMapGetsItsParametersAsArguments() {
        String ns = "e2e-script";
        client.configMaps()
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("scripts")
                        .withNamespace(ns)
                        .endMetadata()
                        .addToData("greet.sh", "#!/bin/bash\necho \"args: $*\"\n")
                        .build())
                .create();
        run(ns, "greet", """
                  runner: script
                  scriptRef: {configMap: scripts, key: greet.sh}
                  parameters:
                    who: {type: string, position: 0}
                    loud: {type: boolean}
                """, "{who: world, loud: true}");

        Execution done = awaitFinished(ns, "greet", ExecutionPhase.Succeeded);

        assertThat(done.getStatus().result.get("stdout").asText()).isEqualTo("args: --loud world");
    }

    @Test
    void inlineScriptRuns() {
        String ns = "e2e-inline";
        run(ns, "inline", """
                  runner: script
                  script: |
                    #!/bin/bash
                    echo "{\\"sum\\": $(( $1 + $2 ))}"
                  parameters:
                    a: {type: integer, position: 0}
                    b: {type: integer, position: 1}
                """, "{a: 2, b: 3}");

        Execution done = awaitFinished(ns, "inline", ExecutionPhase.Succeeded);

        // stdout that is one JSON document is parsed, as in StackStorm
        assertThat(done.getStatus().result.get("stdout").get("sum").asInt()).isEqualTo(5);
    }

    @Test
    void pythonActionReturnsItsValue() {
        String ns = "e2e-python";
        run(ns, "py", """
                  runner: python
                  script: |
                    def run(name, times):
                        return {"greeting": " ".join(["hi " + name] * times)}
                  parameters:
                    name: {type: string}
                    times: {type: integer, default: 2}
                """, "{name: ada}");

        Execution done = awaitFinished(ns, "py", ExecutionPhase.Succeeded);

        assertThat(done.getStatus().result.get("result").get("greeting").asText())
                .isEqualTo("hi ada hi ada");
        assertThat(done.getStatus().result.get("exit_code").asInt()).isZero();
    }

    @Test
    void httpActionCallsTheRenderedUrl() throws IOException {
        String ns = "e2e-http";
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            run(ns, "notify", """
                      runner: http
                      http:
                        url: 'http://127.0.0.1:%d/hooks/{{ channel }}'
                        method: POST
                        body: '{"text": "{{ text }}"}'
                      parameters:
                        channel: {type: string}
                        text: {type: string}
                    """.formatted(server.getAddress().getPort()), "{channel: ops, text: deployed}");

            Execution done = awaitFinished(ns, "notify", ExecutionPhase.Succeeded);

            assertThat(done.getStatus().result.get("status_code").asInt()).isEqualTo(201);
            assertThat(done.getStatus().result.get("body").get("ok").asBoolean())
                    .isTrue();
            assertThat(received).containsExactly("POST /hooks/ops {\"text\": \"deployed\"}");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFailingCommandFailsTheExecutionWithItsResult() throws Exception {
        String ns = "e2e-fail";
        run(ns, "broken", "  runner: shell\n  command: echo oops >&2; exit 4\n", "{}");

        Execution done = awaitFinished(ns, "broken", ExecutionPhase.Failed);

        assertThat(done.getStatus().result.get("return_code").asInt()).isEqualTo(4);
        assertThat(done.getStatus().result.get("stderr").asText()).isEqualTo("oops");
        assertThat(done.getStatus().error).isNotBlank();
        // the Event follows the status write that ended the execution
        await().atMost(Kube.WAIT)
                .untilAsserted(() -> assertThat(events(ns, "broken")).anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("Failed");
                    assertThat(e.getType()).isEqualTo("Warning");
                }));
        assertThat(completedTrigger(ns, "broken").payload().get("status").asText())
                .isEqualTo("failed");
    }
}
