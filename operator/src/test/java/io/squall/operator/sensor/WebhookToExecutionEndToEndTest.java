package io.squall.operator.sensor;

import static io.squall.operator.testsupport.Kube.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StreamInfoOptions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.Sensor;
import io.squall.local.LocalDeploymentExecutor;
import io.squall.local.LocalJobExecutor;
import io.squall.operator.status.ReadyCondition;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.RestartableNats;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The hello example end to end, with real processes: the operator (this Quarkus app) on the Fabric8 mock API
 * server and a real nats-server; the sensor Deployment it creates runs as the real sensors program (java -jar,
 * env per the contract, squall-local's LocalDeploymentExecutor); the Job of the Execution runs as the real runner
 * (LocalJobExecutor).
 * An HTTP POST to the webhook ends as a Succeeded Execution whose result holds data from the request; with NATS
 * down the webhook answers 503 and nothing is recorded; with NATS back the next request goes through.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(RestartableNats.class)
class WebhookToExecutionEndToEndTest {

    private static final String NS = "hello-e2e";
    private static final Path HELLO = Path.of("../packs/examples/hello/hello.yaml");
    private static final String TOKEN = "hello-token-change-me";

    private static LocalDeploymentExecutor sensors;
    /** The webhook of the sensor's local replica (its port stays while NATS goes down and comes back). */
    private static URI webhook;

    private static LocalJobExecutor jobs;

    @Inject
    KubernetesClient client;

    RestartableNats nats;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterAll
    static void stopLocalKubelets() {
        if (sensors != null) {
            sensors.close();
        }
        if (jobs != null) {
            jobs.close();
        }
    }

    /** kubectl apply -f packs/examples/hello/ -n hello-e2e */
    private void applyHelloExample() throws IOException {
        try (InputStream in = Files.newInputStream(HELLO)) {
            for (HasMetadata object : client.load(in).items()) {
                object.getMetadata().setNamespace(NS);
                client.resource(object).inNamespace(NS).createOr(existing -> existing.update());
            }
        }
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(webhook)
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .header("User-Agent", "e2e-test/1.0")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<Execution> executions() {
        return client.resources(Execution.class)
                .inNamespace(NS)
                .withLabel("squall.io/rule", "greet-on-webhook")
                .list()
                .getItems();
    }

    private Execution awaitSucceeded(String triggerId) {
        Execution done = await().atMost(WAIT)
                .until(
                        () -> executions().stream()
                                .filter(e ->
                                        e.getSpec().context != null && triggerId.equals(e.getSpec().context.triggerId))
                                .findFirst()
                                .orElse(null),
                        e -> e != null && e.getStatus() != null && e.getStatus().endTime != null);
        assertThat(done.getStatus().phase)
                .as(
                        "status %s, runner output %s",
                        Json.mapper().valueToTree(done.getStatus()), jobs.log(NS, done.getStatus().jobName))
                .isEqualTo(ExecutionPhase.Succeeded);
        return done;
    }

    private long storedGreetings(Connection connection) throws Exception {
        String subject = Subjects.trigger(NS, "hello.greeting");
        return connection
                .jetStreamManagement()
                .getStreamInfo(Subjects.TRIGGER_STREAM, StreamInfoOptions.filterSubjects(subject))
                .getStreamState()
                .getSubjects()
                .stream()
                .filter(s -> s.getName().equals(subject))
                .mapToLong(s -> s.getCount())
                .sum();
    }

    @Test
    void aPostToTheWebhookEndsAsASucceededExecutionWithTheRequestsDataAndNatsOutagesAreRefusedCleanly()
            throws Exception {
        // the sensors program as the operator's sensor Deployment runs it (squall-test.sensors-app: the pom sets it)
        sensors = new LocalDeploymentExecutor(
                        client,
                        LocalDeploymentExecutor.sensorsCommand(Path.of(System.getProperty(
                                "squall-test.sensors-app", "../sensors/target/quarkus-app/quarkus-run.jar"))),
                        null,
                        Files.createTempDirectory("squall-sensor-pods-"),
                        endpoints -> {})
                .start();
        jobs = new LocalJobExecutor(client, 2).start();
        applyHelloExample();

        // the operator runs the Sensor as a Deployment; the sensors program serves it; the Sensor becomes Ready
        Sensor ready = await().atMost(Duration.ofMinutes(2))
                .until(
                        () -> Kube.get(client, Sensor.class, NS, "hello-webhook"),
                        s -> s != null
                                && s.getStatus() != null
                                && ReadyCondition.TRUE.equals(Kube.ready(s).getStatus()));
        assertThat(ready.getStatus().ready).isEqualTo("1/1");
        assertThat(ready.getStatus().url).isEqualTo("http://hello-webhook-sensor.hello-e2e.svc:8080/hello");
        webhook = URI.create(sensors.endpoints().stream()
                .filter(e -> e.namespace().equals(NS) && e.sensor().equals("hello-webhook"))
                .findFirst()
                .orElseThrow()
                .url());

        // a request the rule matches: one Execution of say-hello, with the name from the body in its output
        HttpResponse<String> accepted = post("{\"action\": \"greet\", \"name\": \"Squall\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String triggerId = Json.mapper().readTree(accepted.body()).get("id").asText();
        Execution first = awaitSucceeded(triggerId);
        assertThat(first.getSpec().action.name).isEqualTo("say-hello");
        JsonNode result = first.getStatus().result;
        assertThat(result.get("stdout").asText()).isEqualTo("Hello, Squall! (asked by e2e-test/1.0)");
        assertThat(jobs.log(NS, first.getStatus().jobName)).contains("Hello, Squall! (asked by e2e-test/1.0)");

        // issue 16's request: stored and echoed literally, neither rendered as a template nor run by the shell
        String hostile = "{{ 7*7 }}; $(id); `id`";
        HttpResponse<String> injected = post(Json.mapper()
                .createObjectNode()
                .put("action", "greet")
                .put("name", hostile)
                .toString());
        assertThat(injected.statusCode()).as(injected.body()).isEqualTo(202);
        Execution literal =
                awaitSucceeded(Json.mapper().readTree(injected.body()).get("id").asText());
        assertThat(literal.getSpec().parameters.get("name").textValue()).isEqualTo(hostile);
        assertThat(literal.getStatus().result.get("stdout").asText())
                .isEqualTo("Hello, " + hostile + "! (asked by e2e-test/1.0)");

        // the webhook checks its token
        HttpResponse<String> unauthorized = http.send(
                HttpRequest.newBuilder(webhook)
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unauthorized.statusCode()).isEqualTo(401);

        try (Connection connection = Nats.connect(nats.url())) {
            assertThat(storedGreetings(connection)).isEqualTo(2);
        }

        // NATS down: 503, and nothing is recorded anywhere
        nats.stopServer();
        HttpResponse<String> refused = await().atMost(WAIT)
                .until(
                        () -> post("{\"action\": \"greet\", \"name\": \"Outage\"}"),
                        response -> response.statusCode() == 503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("5");
        assertThat(refused.body()).contains("trigger not stored");

        // NATS back (same store): the refused request left no trigger and no Execution; the next one goes through
        nats.startServer();
        HttpResponse<String> again = await().atMost(WAIT)
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> post("{\"action\": \"greet\", \"name\": \"Again\"}"),
                        response -> response.statusCode() == 202);
        Execution second =
                awaitSucceeded(Json.mapper().readTree(again.body()).get("id").asText());
        assertThat(second.getStatus().result.get("stdout").asText()).isEqualTo("Hello, Again! (asked by e2e-test/1.0)");
        try (Connection connection = Nats.connect(nats.url())) {
            assertThat(storedGreetings(connection)).isEqualTo(3);
        }
        assertThat(executions())
                .extracting(e -> e.getStatus() == null ? null : e.getStatus().result)
                .noneMatch(r -> r != null && r.path("stdout").asText().contains("Outage"));
        assertThat(executions()).hasSize(3);
    }
}
