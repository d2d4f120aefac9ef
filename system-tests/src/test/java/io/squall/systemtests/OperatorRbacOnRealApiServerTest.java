package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import io.squall.api.messages.Subjects;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ActionRef;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionSpec;
import io.squall.api.v1alpha1.ExecutionTarget;
import io.squall.api.v1alpha1.Rule;
import io.squall.api.v1alpha1.RuleSpec;
import io.squall.api.v1alpha1.RunnerType;
import io.squall.api.v1alpha1.SquallStatus;
import io.squall.api.v1alpha1.TriggerRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real operator (operator/target/quarkus-app/quarkus-run.jar) runs against a real kube-apiserver
 * and a real nats-server with nothing but the chart's ServiceAccount token and the chart's
 * environment: it elects itself leader, reconciles, and writes status through the status
 * subresource, without a single Forbidden.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorRbacOnRealApiServerTest {

    private static final String RELEASE_NAMESPACE = ChartOperator.RELEASE_NAMESPACE;
    private static final String APPS = "apps";
    private static final Duration RECONCILE = Duration.ofMinutes(1);

    @RegisterExtension
    @Order(1)
    static final KubeApiServerSupport apiServer = new KubeApiServerSupport();

    @RegisterExtension
    @Order(2)
    static final ChartOperator chart = new ChartOperator(apiServer, APPS, Map.of());

    private static KubernetesClient admin() {
        return apiServer.client();
    }

    @Test
    void operatorHoldsItsLeaseInTheReleaseNamespace() {
        await("leader election Lease").atMost(RECONCILE).untilAsserted(() -> {
            Lease lease = admin().leases()
                    .inNamespace(RELEASE_NAMESPACE)
                    .withName("squall-operator-lease")
                    .get();
            assertThat(lease).isNotNull();
            assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
        });
    }

    @Test
    void validResourcesGetReadyTrueThroughTheStatusSubresource() {
        Action action = admin().resource(action("hello")).inNamespace(APPS).create();
        Rule rule = admin().resource(rule("greet", "hello")).inNamespace(APPS).create();

        Condition actionReady = awaitReady(Action.class, "hello", "True");
        Condition ruleReady = awaitReady(Rule.class, "greet", "True");

        assertThat(actionReady.getReason()).isEqualTo("Valid");
        assertThat(actionReady.getObservedGeneration())
                .isEqualTo(action.getMetadata().getGeneration());
        assertThat(ruleReady.getReason()).isEqualTo("Valid");
        assertThat(ruleReady.getObservedGeneration())
                .isEqualTo(rule.getMetadata().getGeneration());
        // the CRDs have the status subresource: a status can only have been written through /status
        assertThat(admin().resources(Rule.class)
                        .inNamespace(APPS)
                        .withName("greet")
                        .get()
                        .getStatus()
                        .observedGeneration)
                .isEqualTo(rule.getMetadata().getGeneration());
    }

    @Test
    void ruleWhoseActionIsMissingIsNotReadyNamingTheFieldUntilTheActionAppears() {
        admin().resource(rule("orphan", "does-not-exist")).inNamespace(APPS).create();

        Condition notReady = awaitReady(Rule.class, "orphan", "False");
        assertThat(notReady.getReason()).isEqualTo("ActionNotFound");
        assertThat(notReady.getMessage())
                .contains("spec.action.ref")
                .contains("\"does-not-exist\"")
                .contains(APPS);

        admin().resource(action("does-not-exist")).inNamespace(APPS).create();
        assertThat(awaitReady(Rule.class, "orphan", "True").getReason()).isEqualTo("Valid");
    }

    @Test
    void aSpecChangeIsObservedInTheNextGeneration() {
        Rule created = admin().resource(rule("evolving", "hello-again"))
                .inNamespace(APPS)
                .create();
        admin().resource(action("hello-again")).inNamespace(APPS).create();
        awaitReady(Rule.class, "evolving", "True");

        Rule edited = admin().resources(Rule.class)
                .inNamespace(APPS)
                .withName("evolving")
                .edit(r -> {
                    r.getSpec().description = "now with a description";
                    return r;
                });
        assertThat(edited.getMetadata().getGeneration())
                .isGreaterThan(created.getMetadata().getGeneration());

        await("observedGeneration " + edited.getMetadata().getGeneration())
                .atMost(RECONCILE)
                .untilAsserted(() -> assertThat(admin().resources(Rule.class)
                                .inNamespace(APPS)
                                .withName("evolving")
                                .get()
                                .getStatus()
                                .observedGeneration)
                        .isEqualTo(edited.getMetadata().getGeneration()));
    }

    @Test
    void anExecutionGetsItsJobAndRequestSecretAndIsCanceledWithTheChartsPermissions() {
        admin().resource(action("run-me")).inNamespace(APPS).create();
        Execution execution = new Execution();
        execution.setMetadata(new ObjectMetaBuilder().withName("run-me-1").build());
        execution.setSpec(new ExecutionSpec());
        execution.getSpec().action = new ExecutionTarget();
        execution.getSpec().action.name = "run-me";
        admin().resource(execution).inNamespace(APPS).create();

        // no kubelet here: the Job is created (with its request Secret) and stays pending
        await("Execution run-me-1 Scheduled").atMost(RECONCILE).untilAsserted(() -> {
            Execution current = admin().resources(Execution.class)
                    .inNamespace(APPS)
                    .withName("run-me-1")
                    .get();
            assertThat(current.getStatus()).isNotNull();
            assertThat(current.getStatus().phase).isEqualTo(ExecutionPhase.Scheduled);
        });
        // the Job and its Secret come before the status write, the Event after it
        await("Job, request Secret and Scheduled Event of run-me-1")
                .atMost(RECONCILE)
                .untilAsserted(() -> {
                    assertThat(admin().batch()
                                    .v1()
                                    .jobs()
                                    .inNamespace(APPS)
                                    .withName("run-me-1-1")
                                    .get())
                            .isNotNull();
                    assertThat(admin().secrets()
                                    .inNamespace(APPS)
                                    .withName("run-me-1-1-request")
                                    .get())
                            .isNotNull();
                    assertThat(admin().v1().events().inNamespace(APPS).list().getItems())
                            .anyMatch(
                                    e -> "run-me-1".equals(e.getInvolvedObject().getName())
                                            && "Scheduled".equals(e.getReason()));
                });

        admin().resources(Execution.class)
                .inNamespace(APPS)
                .withName("run-me-1")
                .edit(e -> {
                    e.getSpec().cancel = true;
                    return e;
                });

        await("Execution run-me-1 Canceled")
                .atMost(RECONCILE)
                .untilAsserted(() -> assertThat(admin().resources(Execution.class)
                                .inNamespace(APPS)
                                .withName("run-me-1")
                                .get()
                                .getStatus()
                                .phase)
                        .isEqualTo(ExecutionPhase.Canceled));
        await("Job and request Secret deleted").atMost(RECONCILE).untilAsserted(() -> {
            assertThat(admin().batch()
                            .v1()
                            .jobs()
                            .inNamespace(APPS)
                            .withName("run-me-1-1")
                            .get())
                    .isNull();
            assertThat(admin().secrets()
                            .inNamespace(APPS)
                            .withName("run-me-1-1-request")
                            .get())
                    .isNull();
        });
    }

    /** Last, so that everything the other tests made the operator do is in its log. */
    @Test
    @Order(Integer.MAX_VALUE)
    void operatorNeverHitsForbidden() {
        // a fresh resource reconciled after all the others: its Ready=True means the earlier work is done
        admin().resource(action("canary")).inNamespace(APPS).create();
        awaitReady(Action.class, "canary", "True");

        assertThat(String.join("\n", chart.process().stdoutLines())
                        + String.join("\n", chart.process().stderrLines()))
                .doesNotContainIgnoringCase("forbidden");
    }

    @Test
    void serviceAccountCannotGoBeyondTheChartsRules() {
        try (KubernetesClient asOperator = chart.account().client()) {
            assertThatCode(() ->
                            asOperator.resources(Rule.class).inNamespace(APPS).list())
                    .doesNotThrowAnyException();
            assertForbidden(() -> asOperator.nodes().list());
            assertForbidden(() -> asOperator.namespaces().withName(APPS).delete());
            assertForbidden(() -> asOperator.rbac().clusterRoles().list());
            assertForbidden(() -> asOperator.leases().inNamespace(APPS).list());
        }
    }

    @Test
    void operatorLogsJsonAsTheChartAsks() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<String> lines = chart.process().stdoutLines().stream()
                .filter(line -> !line.isBlank())
                .toList();

        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode record = mapper.readTree(line);
            assertThat(record.isObject())
                    .as("log line is a JSON object: %s", line)
                    .isTrue();
            assertThat(record.has("message") && record.has("level"))
                    .as("log record fields: %s", line)
                    .isTrue();
        }
    }

    @Test
    void jetStreamUsesTheChartsRetention() throws Exception {
        try (Connection connection = Nats.connect(chart.nats().url())) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            for (String stream :
                    List.of(Subjects.TRIGGER_STREAM, Subjects.RESULT_STREAM, Subjects.DEAD_LETTER_STREAM)) {
                StreamConfiguration config = jsm.getStreamInfo(stream).getConfiguration();
                assertThat(config.getMaxAge()).as("%s maxAge", stream).isEqualTo(Duration.ofHours(168));
                assertThat(config.getMaxBytes()).as("%s maxBytes", stream).isEqualTo(1_073_741_824L);
                assertThat(config.getDuplicateWindow())
                        .as("%s duplicateWindow", stream)
                        .isEqualTo(Duration.ofMinutes(2));
                assertThat(config.getReplicas()).as("%s replicas", stream).isEqualTo(1);
            }
            assertThat(connection
                            .keyValueManagement()
                            .getStatus(Subjects.DATASTORE_BUCKET)
                            .getMaxHistoryPerKey())
                    .isEqualTo(5);
        }
    }

    private static Action action(String name) {
        Action action = new Action();
        action.setMetadata(new ObjectMetaBuilder().withName(name).build());
        action.setSpec(new ActionSpec());
        action.getSpec().runner = RunnerType.SHELL;
        action.getSpec().command = "echo hello";
        return action;
    }

    private static Rule rule(String name, String actionName) {
        Rule rule = new Rule();
        rule.setMetadata(new ObjectMetaBuilder().withName(name).build());
        rule.setSpec(new RuleSpec());
        rule.getSpec().trigger = new TriggerRef();
        rule.getSpec().trigger.type = "core.webhook";
        rule.getSpec().action = new ActionRef();
        rule.getSpec().action.ref = actionName;
        return rule;
    }

    /** Waits until the resource's Ready condition has {@code status}, as read by the admin. */
    private static <R extends CustomResource<?, ? extends SquallStatus>> Condition awaitReady(
            Class<R> type, String name, String status) {
        Condition[] ready = new Condition[1];
        await(type.getSimpleName() + " " + name + " Ready=" + status)
                .atMost(RECONCILE)
                .untilAsserted(() -> {
                    R resource = admin().resources(type)
                            .inNamespace(APPS)
                            .withName(name)
                            .get();
                    assertThat(resource.getStatus()).as("status of %s", name).isNotNull();
                    Condition condition = resource.getStatus().conditions.stream()
                            .filter(c -> "Ready".equals(c.getType()))
                            .findFirst()
                            .orElse(null);
                    assertThat(condition).as("Ready condition of %s", name).isNotNull();
                    assertThat(condition.getStatus())
                            .as("Ready of %s: %s", name, condition.getMessage())
                            .isEqualTo(status);
                    assertThat(resource.getStatus().observedGeneration)
                            .isEqualTo(resource.getMetadata().getGeneration());
                    ready[0] = condition;
                });
        return ready[0];
    }

    private static void assertForbidden(Runnable request) {
        assertThatThrownBy(request::run)
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(403));
    }
}
