package io.squall.operator.reconciler;

import static io.squall.operator.testsupport.Kube.apply;
import static io.squall.operator.testsupport.Kube.assertReady;
import static io.squall.operator.testsupport.Kube.awaitReady;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Sensor;
import io.squall.operator.validation.Reasons;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
class SensorReconcilerTest {

    @Inject
    KubernetesClient client;

    private static String sensor(String name, String spec) {
        return "apiVersion: squall.io/v1alpha1\nkind: Sensor\nmetadata: {name: " + name + ", namespace: sensors}\nspec:\n"
                + spec;
    }

    @Test
    void webhookWithSecretIsReady() {
        apply(client, sensor("hook", "  type: webhook\n  secretRef: hook-token\n  webhook: {path: alerts}\n"), Sensor.class);
        assertReady(awaitReady(client, Sensor.class, "sensors", "hook", "True", Reasons.VALID), "True", Reasons.VALID, "spec is valid");
    }

    @Test
    void imageSensorWithoutImage() {
        apply(client, sensor("custom", "  type: image\n"), Sensor.class);
        assertReady(awaitReady(client, Sensor.class, "sensors", "custom", "False", Reasons.MISSING_SENSOR_CONFIG), "False",
                Reasons.MISSING_SENSOR_CONFIG, "spec.image: is required for type image");
    }

    @Test
    void pollSensorWithoutSource() {
        apply(client, sensor("poller", "  type: poll\n  poll: {intervalSeconds: 30}\n"), Sensor.class);
        assertReady(awaitReady(client, Sensor.class, "sensors", "poller", "False", Reasons.MISSING_SENSOR_CONFIG), "False",
                Reasons.MISSING_SENSOR_CONFIG, "spec.poll: type poll needs spec.poll.url or spec.poll.command");
    }

    @Test
    void webhookWithTokenAuthButNoSecret() {
        apply(client, sensor("open", "  type: webhook\n"), Sensor.class);
        awaitReady(client, Sensor.class, "sensors", "open", "False", Reasons.MISSING_SECRET_REF);
    }
}
