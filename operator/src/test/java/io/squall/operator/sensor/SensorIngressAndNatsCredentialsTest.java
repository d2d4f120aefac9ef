package io.squall.operator.sensor;

import static io.squall.operator.testsupport.Kube.WAIT;
import static io.squall.operator.testsupport.Kube.apply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Sensor;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the chart's ingress.* values and NATS token auth: webhook sensors get an Ingress, every sensor the token. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(SensorIngressAndNatsCredentialsTest.IngressAndToken.class)
class SensorIngressAndNatsCredentialsTest {

    public static class IngressAndToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "squall.sensors.ingress.enabled",
                    "true",
                    "squall.sensors.ingress.class-name",
                    "nginx",
                    "squall.sensors.ingress.host",
                    "hooks.example.com",
                    "squall.sensors.ingress.tls-secret",
                    "hooks-tls",
                    "squall.sensors.ingress.annotations",
                    "{\"cert-manager.io/cluster-issuer\":\"letsencrypt\"}",
                    "squall.sensors.nats-url",
                    "nats://nats.messaging.svc:4222",
                    // NATS stays disabled in these tests; the token is only passed on to the sensor pods
                    "squall.nats.token",
                    "operator-token");
        }
    }

    @Inject
    KubernetesClient client;

    private static String sensor(String namespace, String name, String spec) {
        return "apiVersion: squall.io/v1alpha1\nkind: Sensor\nmetadata: {name: " + name + ", namespace: " + namespace
                + "}\nspec:\n" + spec;
    }

    @Test
    void webhookSensorIsExposedThroughAnIngressAndLosesItWhenItStopsBeingAWebhook() {
        String ns = "sensor-ingress";
        apply(
                client,
                sensor(ns, "github", "  type: webhook\n  webhook: {auth: none, path: hooks/github}\n"),
                Sensor.class);

        Ingress ingress = await().atMost(WAIT)
                .until(
                        () -> client.network()
                                .v1()
                                .ingresses()
                                .inNamespace(ns)
                                .withName("github-sensor")
                                .get(),
                        i -> i != null);
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("hooks.example.com");
        assertThat(ingress.getSpec()
                        .getRules()
                        .get(0)
                        .getHttp()
                        .getPaths()
                        .get(0)
                        .getPath())
                .isEqualTo("/hooks/github");
        assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("hooks-tls");
        assertThat(ingress.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo("github"));

        apply(client, sensor(ns, "github", "  type: poll\n  poll: {url: 'http://x'}\n"), Sensor.class);
        await().atMost(WAIT)
                .until(() -> client.network()
                                .v1()
                                .ingresses()
                                .inNamespace(ns)
                                .withName("github-sensor")
                                .get()
                        == null);
    }

    @Test
    void sensorPodsConnectToNatsWithTheOperatorsCredentialsFromASecretInTheirNamespace() {
        String ns = "sensor-nats-auth";
        apply(client, sensor(ns, "hook", "  type: webhook\n  webhook: {auth: none}\n"), Sensor.class);

        Secret secret = await().atMost(WAIT)
                .until(
                        () -> client.secrets()
                                .inNamespace(ns)
                                .withName("hook-sensor-nats")
                                .get(),
                        s -> s != null);
        assertThat(secret.getData()).containsOnlyKeys("token");
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8))
                .isEqualTo("operator-token");
        assertThat(secret.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo("hook"));

        Deployment deployment = await().atMost(WAIT)
                .until(
                        () -> client.apps()
                                .deployments()
                                .inNamespace(ns)
                                .withName("hook-sensor")
                                .get(),
                        d -> d != null);
        var env = deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv();
        assertThat(env)
                .filteredOn(e -> e.getName().equals("SQUALL_NATS_URL"))
                .extracting(EnvVar::getValue)
                .containsExactly("nats://nats.messaging.svc:4222");
        assertThat(env)
                .filteredOn(e -> e.getName().equals("SQUALL_NATS_TOKEN"))
                .singleElement()
                .satisfies(e ->
                        assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("hook-sensor-nats"));
    }
}
