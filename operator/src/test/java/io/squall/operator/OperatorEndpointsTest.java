package io.squall.operator;

import static io.restassured.RestAssured.given;
import static io.squall.operator.testsupport.Kube.apply;
import static io.squall.operator.testsupport.Kube.awaitReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Action;
import io.squall.operator.nats.NatsReadinessCheck;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.validation.Reasons;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** What a cluster sees of the operator besides CR status: probes, metrics, the Lease it would use. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class OperatorEndpointsTest {

    @Inject
    KubernetesClient client;

    @Inject
    LeaderElectionConfiguration leaderElection;

    @Inject
    Operator operator;

    @Test
    void livenessIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("UP"));
    }

    @Test
    void readinessReportsTheControllersAndNats() {
        // the controllers' informers report ready once they have synced
        await().atMost(Kube.WAIT)
                .untilAsserted(() -> given().get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body("checks.name", hasItems("Quarkus Operator SDK health check", NatsReadinessCheck.NAME))
                        .body(
                                "checks.find { it.name == 'NATS JetStream' }.data.message",
                                containsString("squall.nats.enabled=false")));
    }

    @Test
    void prometheusMetricsIncludeReconciliations() {
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: m, namespace: metrics}\nspec: {runner: noop}\n",
                Action.class);
        awaitReady(client, Action.class, "metrics", "m", "True", Reasons.VALID);
        // JOSDK counts a reconciliation once it has returned, after its status patch is visible
        String metrics = await().atMost(Kube.WAIT)
                .until(
                        () -> given().get("/q/metrics")
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString(),
                        text -> text.contains("operator_sdk_reconciliations_success_total"));
        assertThat(metrics).contains("jvm_memory_used_bytes");
        // per kind, not per resource: Executions alone would make the series count unbounded
        assertThat(metrics.lines().filter(line -> line.startsWith("operator_sdk_")))
                .isNotEmpty()
                .noneMatch(line -> line.contains("name=\"m\""));
    }

    @Test
    void everyControllerWatchesAllNamespacesByDefault() {
        assertThat(operator.getRegisteredControllers())
                .extracting(c -> c.getConfiguration().getName())
                .containsExactlyInAnyOrder("action", "workflow", "rule", "sensor", "execution", "timer");
        operator.getRegisteredControllers()
                .forEach(controller -> assertThat(controller
                                .getConfiguration()
                                .getInformerConfig()
                                .watchAllNamespaces())
                        .as(controller.getConfiguration().getName())
                        .isTrue());
    }

    @Test
    void leaseNameAndNamespaceComeFromConfig() {
        assertThat(leaderElection.getLeaseName()).isEqualTo("squall-operator-lease");
        assertThat(leaderElection.getLeaseNamespace()).contains("squall-system");
    }
}
