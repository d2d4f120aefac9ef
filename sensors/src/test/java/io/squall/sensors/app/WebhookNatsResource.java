package io.squall.sensors.app;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.squall.local.NatsServer;
import io.squall.sensors.sdk.SensorContext;
import io.squall.sensors.testing.TriggerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real nats-server and a Secret directory for the Quarkus app, passed in as the operator's variables. */
public class WebhookNatsResource implements QuarkusTestResourceLifecycleManager {
    static final String TOKEN = "quarkus-t0ken";
    static NatsServer nats;

    @Override
    public Map<String, String> start() {
        try {
            nats = NatsServer.start();
            TriggerStore.create(nats);
            Path secrets = Files.createTempDirectory("squall-sensor-secret");
            Files.writeString(secrets.resolve("token"), TOKEN);
            return Map.of(
                    SensorContext.SENSOR_NAME, "alertmanager",
                    SensorContext.SENSOR_NAMESPACE, "team-a",
                    SensorContext.SENSOR_TYPE, "webhook",
                    SensorContext.SENSOR_CONFIG,
                            "{\"path\": \"/alerts/incoming\", \"triggerType\": \"monitoring.alert\"}",
                    SensorContext.NATS_URL, nats.url(),
                    SensorContext.SECRET_DIR, secrets.toString());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start nats-server for the test: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        nats.close();
    }
}
