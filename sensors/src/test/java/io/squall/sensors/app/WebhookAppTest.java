package io.squall.sensors.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.squall.sensors.testing.TriggerStore;
import io.squall.sensors.testing.TriggerStore.StoredTrigger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The packaged program: env → webhook route + health probes, with a real nats-server behind it. */
@QuarkusTest
@QuarkusTestResource(value = WebhookNatsResource.class, restrictToAnnotatedClass = true)
class WebhookAppTest {

    @Test
    void webhookFromTheEnvironmentStoresTriggers() throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));

        String id = given().header("Authorization", "Bearer " + WebhookNatsResource.TOKEN)
                .contentType("application/json")
                .body("{\"alerts\": [{\"status\": \"firing\"}]}")
                .post("/alerts/incoming")
                .then()
                .statusCode(202)
                .extract()
                .path("id");

        StoredTrigger trigger = TriggerStore.read(WebhookNatsResource.nats).stream()
                .filter(t -> t.event().id().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(trigger.subject()).isEqualTo("squall.trigger.team-a.monitoring.alert");
        assertThat(trigger.msgId()).isEqualTo(id);
        assertThat(trigger.event().payload().at("/body/alerts/0/status").asText())
                .isEqualTo("firing");
    }

    @Test
    void authIsOnAndOtherPathsAreNotServed() {
        given().contentType("application/json")
                .body("{}")
                .post("/alerts/incoming")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + WebhookNatsResource.TOKEN)
                .contentType("application/json")
                .body("{}")
                .post("/alerts/other")
                .then()
                .statusCode(404);
        given().get("/alerts/incoming").then().statusCode(405);
    }

    @Test
    void healthProbesDescribeTheSensor() {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body("checks[0].data.nats", equalTo("connected"))
                        .body("checks[0].data.path", equalTo("/alerts/incoming")));
        given().get("/q/health/live")
                .then()
                .statusCode(200)
                .body("checks[0].data.sensor", equalTo("team-a/alertmanager"));
    }
}
