package io.squall.operator.nats;

import static io.restassured.RestAssured.given;
import static io.squall.operator.testsupport.Kube.apply;
import static io.squall.operator.testsupport.Kube.awaitReady;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Action;
import io.squall.local.NatsServer;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.validation.Reasons;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NATS down at start-up: the operator starts anyway, reconciles, reports readiness DOWN with the reason, and
 * becomes ready by itself once NATS appears.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(NatsUnreachableTest.NatsNotYetThere.class)
class NatsUnreachableTest {

    static final int PORT = NatsServer.freePort();

    public static class NatsNotYetThere implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "squall.nats.enabled",
                    "true",
                    "squall.nats.url",
                    "nats://127.0.0.1:" + PORT,
                    "squall.nats.retry-interval",
                    "1s");
        }
    }

    @Inject
    KubernetesClient client;

    @Test
    void readinessDownWithTheReasonThenUpWhenNatsStarts() {
        await().atMost(Kube.WAIT)
                .untilAsserted(() -> given().get("/q/health/ready")
                        .then()
                        .statusCode(503)
                        .body("checks.find { it.name == 'NATS JetStream' }.status", equalTo("DOWN"))
                        .body(
                                "checks.find { it.name == 'NATS JetStream' }.data.message",
                                allOf(
                                        containsString("NATS nats://127.0.0.1:" + PORT + " is not reachable"),
                                        containsString("retrying every 1s"))));

        // the controllers do not wait for NATS
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: a, namespace: no-nats}\nspec: {runner: noop}\n",
                Action.class);
        awaitReady(client, Action.class, "no-nats", "a", "True", Reasons.VALID);

        try (NatsServer nats = NatsServer.start(PORT)) {
            await().atMost(Kube.WAIT)
                    .untilAsserted(() -> given().get("/q/health/ready")
                            .then()
                            .statusCode(200)
                            .body(
                                    "checks.find { it.name == 'NATS JetStream' }.data.message",
                                    containsString("JetStream streams provisioned")));
        }
    }
}
