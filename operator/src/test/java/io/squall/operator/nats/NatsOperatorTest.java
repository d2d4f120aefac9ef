package io.squall.operator.nats;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;

import io.nats.client.Connection;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.messages.Subjects;
import io.squall.local.NatsServer;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The operator with a real nats-server: it connects, provisions JetStream and offers the connection to beans. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
class NatsOperatorTest {

    NatsServer nats;

    @Inject
    Connection connection;

    @Test
    void readinessIsUpOnceStreamsAreProvisioned() {
        await().atMost(Kube.WAIT)
                .untilAsserted(() -> given().get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body("checks.find { it.name == 'NATS JetStream' }.status", org.hamcrest.Matchers.equalTo("UP"))
                        .body(
                                "checks.find { it.name == 'NATS JetStream' }.data.message",
                                startsWith("connected to " + nats.url())));
    }

    @Test
    void injectedConnectionSeesTheStreamsAndTheBucket() throws Exception {
        await().atMost(Kube.WAIT)
                .until(() -> connection.jetStreamManagement().getStreamNames().size() >= 4);
        assertThat(connection.jetStreamManagement().getStreamNames())
                .contains(Subjects.TRIGGER_STREAM, Subjects.RESULT_STREAM, Subjects.DEAD_LETTER_STREAM);
        assertThat(connection.keyValueManagement().getBucketNames()).contains(Subjects.DATASTORE_BUCKET);
        assertThat(connection.getConnectedUrl()).isEqualTo(nats.url());
    }
}
