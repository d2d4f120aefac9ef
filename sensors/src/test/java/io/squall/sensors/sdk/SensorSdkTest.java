package io.squall.sensors.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.api.messages.Json;
import io.squall.local.NatsServer;
import io.squall.sensors.testing.TriggerStore;
import io.squall.sensors.testing.TriggerStore.StoredTrigger;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a custom sensor image does with the SDK, against a real nats-server. */
class SensorSdkTest {
    static NatsServer nats;

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServer.start();
        TriggerStore.create(nats);
    }

    @AfterAll
    static void stop() throws Exception {
        nats.close();
    }

    private static SensorContext custom() {
        return SensorContext.from(Map.of(
                SensorContext.SENSOR_NAME,
                "newrelic",
                SensorContext.SENSOR_NAMESPACE,
                "ops",
                SensorContext.SENSOR_TYPE,
                "image",
                SensorContext.NATS_URL,
                nats.url(),
                SensorContext.TRIGGER_TYPES,
                "[{\"name\": \"newrelic.alert\"}]"));
    }

    @Test
    void dispatchReturnsTheIdOfAStoredTrigger() throws Exception {
        try (Sensor sensor = Sensor.connect(custom())) {
            String id = sensor.dispatch("newrelic.alert", Json.mapper().readTree("{\"severity\": \"critical\"}"));
            StoredTrigger stored = TriggerStore.read(nats).stream()
                    .filter(t -> t.event().id().equals(id))
                    .findFirst()
                    .orElseThrow();
            assertThat(stored.msgId()).isEqualTo(id);
            assertThat(stored.subject()).isEqualTo("squall.trigger.ops.newrelic.alert");
            assertThat(stored.event().source()).isEqualTo("sensor/newrelic");
            assertThat(stored.event().traceTag()).isEqualTo("newrelic-" + id);
            assertThat(stored.event().payload().get("severity").asText()).isEqualTo("critical");
        }
    }

    @Test
    void undeclaredOrMalformedTypesAreRefused() throws Exception {
        try (Sensor sensor = Sensor.connect(custom())) {
            assertThatThrownBy(() ->
                            sensor.dispatch("newrelic.other", Json.mapper().createObjectNode()))
                    .hasMessageContaining("'newrelic.other' is not declared in spec.triggerTypes [newrelic.alert]");
            assertThatThrownBy(() -> sensor.dispatch("bad type", Json.mapper().createObjectNode()))
                    .hasMessageContaining("'bad type' does not match");
        }
    }

    @Test
    void withoutTheStreamTheDispatchFails() throws Exception {
        try (NatsServer empty = NatsServer.start();
                Sensor sensor = Sensor.connect(SensorContext.from(Map.of(
                        SensorContext.SENSOR_NAME,
                        "x",
                        SensorContext.SENSOR_NAMESPACE,
                        "ops",
                        SensorContext.NATS_URL,
                        empty.url())))) {
            assertThatThrownBy(() -> sensor.dispatch("any.type", Json.mapper().createObjectNode()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(
                            "no JetStream stream takes squall.trigger.ops.any.type (is stream SQUALL_TRIGGERS there?)");
        }
    }
}
