package io.squall.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.squall.api.messages.Json;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.Rule;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateRenderer;
import io.squall.operator.execution.Conditions;
import io.squall.operator.execution.ExecutionCreator;
import io.squall.operator.execution.ExecutionEvents;
import io.squall.operator.execution.ExecutionStatusUpdater;
import io.squall.operator.testsupport.Resources;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API server answers the CRUD mock cannot give (422, 500, a 409 on an Execution already there), scripted on the
 * Fabric8 mock server, and what the enforcer does with each.
 */
@EnableKubernetesMockClient(https = false)
class RuleEnforcerTest {

    private static final String API = "/apis/squall.io/v1alpha1/namespaces/ns";

    static KubernetesMockServer server;
    static KubernetesClient client;

    private final Clock clock = Clock.systemUTC();
    private RuleEnforcer enforcer;

    private static final Action ACTION = Resources.yaml("""
            apiVersion: squall.io/v1alpha1
            kind: Action
            metadata: {name: notify, namespace: ns}
            spec:
              runner: noop
              parameters:
                message: {type: string, required: true}
                token: {type: string, secret: true, default: s3cr3t}
            """, Action.class);

    private static Rule rule(String message) {
        return Resources.yaml("""
                apiVersion: squall.io/v1alpha1
                kind: Rule
                metadata: {name: on-hook, namespace: ns, uid: rule-uid}
                spec:
                  trigger: {type: core.webhook}
                  action: {ref: notify, parameters: {message: '%s'}}
                """.formatted(message), Rule.class);
    }

    private static TriggerEvent trigger() throws Exception {
        return new TriggerEvent(
                "t1", "core.webhook", "ns", Json.mapper().readTree("{\"text\": \"hi\"}"), Instant.now(), "test", null);
    }

    private static String executionName() {
        return EnforcementNames.executionName("ns", "on-hook", "t1");
    }

    @BeforeEach
    void setUp() throws InterruptedException {
        server.clearExpectations();
        while (server.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
            // forget the requests of earlier tests
        }
        server.expect()
                .get()
                .withPath(API + "/actions/notify")
                .andReturn(200, ACTION)
                .always();
        enforcer = new RuleEnforcer(
                new RulesCache(client, List.of()),
                new ExecutionFactory(new TemplateRenderer()),
                new ExecutionCreator(client),
                new ExecutionStatusUpdater(client, new ExecutionEvents(client, clock)),
                new RuleEvents(client, clock),
                clock);
    }

    private List<String> requests() throws InterruptedException {
        List<String> lines = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            lines.add(request.getMethod() + " " + request.getPath());
        }
        return lines;
    }

    @Test
    void anExecutionTheApiServerRejectsIsRecordedAndItsSecretRemoved() throws Exception {
        String secretPath = "/api/v1/namespaces/ns/secrets";
        server.expect().post().withPath(secretPath).andReturn(201, "{}").once();
        server.expect()
                .post()
                .withPath(API + "/executions")
                .andReturn(
                        422,
                        new StatusBuilder()
                                .withCode(422)
                                .withReason("Invalid")
                                .withMessage("spec.context.trigger: Too long")
                                .build())
                .once();
        server.expect()
                .delete()
                .withPath(secretPath + "/" + executionName() + "-params")
                .andReturn(200, "{}")
                .once();
        server.expect()
                .post()
                .withPath("/api/v1/namespaces/ns/events")
                .andReturn(201, "{}")
                .once();

        var result = enforcer.enforce(rule("{{ trigger.text }}"), trigger(), KvLookup.EMPTY);

        assertThat(result.outcome()).isEqualTo(RuleEnforcer.Outcome.NOT_ENFORCED);
        assertThat(result.error())
                .isEqualTo("Execution " + executionName()
                        + " rejected by the API server: HTTP 422: spec.context.trigger: Too long");
        assertThat(requests())
                .containsSubsequence(
                        "POST " + secretPath,
                        "POST " + API + "/executions",
                        "DELETE " + secretPath + "/" + executionName() + "-params",
                        "POST /api/v1/namespaces/ns/events");
    }

    @Test
    void aServerErrorOnCreateMeansRetryLater() throws Exception {
        server.expect()
                .post()
                .withPath("/api/v1/namespaces/ns/secrets")
                .andReturn(201, "{}")
                .once();
        server.expect()
                .post()
                .withPath(API + "/executions")
                .andReturn(
                        500,
                        new StatusBuilder()
                                .withCode(500)
                                .withMessage("etcdserver: request timed out")
                                .build())
                .once();
        // Fabric8 itself retries a 5xx a few times first; here it gives up at once
        try (KubernetesClient noRetries = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration())
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build()) {
            RuleEnforcer giveUpAtOnce = new RuleEnforcer(
                    new RulesCache(noRetries, List.of()),
                    new ExecutionFactory(new TemplateRenderer()),
                    new ExecutionCreator(noRetries),
                    new ExecutionStatusUpdater(noRetries, new ExecutionEvents(noRetries, clock)),
                    new RuleEvents(noRetries, clock),
                    clock);

            assertThatThrownBy(() -> giveUpAtOnce.enforce(rule("{{ trigger.text }}"), trigger(), KvLookup.EMPTY))
                    .isInstanceOf(RetryLaterException.class)
                    .hasMessage("cannot create Execution ns/" + executionName()
                            + ": HTTP 500: etcdserver: request timed out");
        }
    }

    @Test
    void aRenderFailureWhoseExecutionExistsAlreadyIsStillWrittenFailed() throws Exception {
        Execution existing = new Execution();
        existing.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(executionName())
                .withNamespace("ns")
                .withUid("ex-uid")
                .withResourceVersion("5")
                .build());
        server.expect()
                .post()
                .withPath(API + "/executions")
                .andReturn(
                        409,
                        new StatusBuilder()
                                .withCode(409)
                                .withReason("AlreadyExists")
                                .build())
                .once();
        // one read after the 409, one by the status writer, which decides on the latest status
        server.expect()
                .get()
                .withPath(API + "/executions/" + executionName())
                .andReturn(200, existing)
                .times(2);
        server.expect()
                .put()
                .withPath(API + "/executions/" + executionName() + "/status")
                .andReturn(200, existing)
                .once();

        var result = enforcer.enforce(rule("{{ trigger.missing }}"), trigger(), KvLookup.EMPTY);

        assertThat(result.outcome()).isEqualTo(RuleEnforcer.Outcome.EXISTED);
        List<String> requests = new ArrayList<>();
        RecordedRequest request;
        Execution written = null;
        while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            requests.add(request.getMethod() + " " + request.getPath());
            if ("PUT".equals(request.getMethod())) {
                written = Json.mapper().readValue(request.getUtf8Body(), Execution.class);
            }
        }
        assertThat(requests).contains("PUT " + API + "/executions/" + executionName() + "/status");
        assertThat(written.getMetadata().getResourceVersion()).isEqualTo("5");
        assertThat(written.getStatus().phase).isEqualTo(ExecutionPhase.Failed);
        assertThat(written.getStatus().error).contains("references undefined variable 'trigger.missing'");
        // the lifecycle's own transition, not a status of the rules engine's making
        assertThat(Conditions.find(written.getStatus(), Conditions.COMPLETED))
                .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Failed"));
    }
}
