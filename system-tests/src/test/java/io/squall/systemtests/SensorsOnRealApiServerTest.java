package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.squall.api.v1alpha1.Sensor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Sensor controller of the real operator jar on a real kube-apiserver, with the chart's ServiceAccount
 * token: its dependents are applied server-side (the production path; the mock server of the operator tests has
 * no server-side apply), owned by the Sensor, and the chart's RBAC covers every informer it opens. There is no
 * controller manager here: no pods start and no garbage collector runs, so deletion is checked by owner
 * references.
 */
class SensorsOnRealApiServerTest {

    private static final String APPS = "apps";
    private static final Duration RECONCILE = Duration.ofMinutes(1);

    @RegisterExtension
    @Order(1)
    static final KubeApiServerSupport apiServer = new KubeApiServerSupport();

    /** With the sensors' ServiceAccount in the sensor namespace, as the chart makes it. */
    @RegisterExtension
    @Order(2)
    static final ChartOperator chart =
            new ChartOperator(apiServer, APPS, Map.of("sensor.serviceAccount.namespaces[0]", APPS));

    private static KubernetesClient admin() {
        return apiServer.client();
    }

    private static Sensor sensor(String name, String specYaml) {
        return admin().getKubernetesSerialization()
                .unmarshal(
                        "apiVersion: squall.io/v1alpha1\nkind: Sensor\n" + "metadata: {name: " + name + ", namespace: "
                                + APPS + "}\nspec:\n" + specYaml,
                        Sensor.class);
    }

    private static <T extends HasMetadata> T awaitObject(Class<T> type, String name) {
        return await(type.getSimpleName() + " " + name)
                .atMost(RECONCILE)
                .until(
                        () -> admin().resources(type)
                                .inNamespace(APPS)
                                .withName(name)
                                .get(),
                        o -> o != null);
    }

    private static void assertOwned(HasMetadata object, Sensor sensor) {
        assertThat(object.getMetadata().getOwnerReferences())
                .as("owner of %s", object.getKind())
                .singleElement()
                .satisfies(owner -> {
                    assertThat(owner.getKind()).isEqualTo("Sensor");
                    assertThat(owner.getName()).isEqualTo(sensor.getMetadata().getName());
                    assertThat(owner.getUid()).isEqualTo(sensor.getMetadata().getUid());
                });
    }

    /** Written by server-side apply, as in production (JOSDK writes ConfigMaps and Secrets with plain updates). */
    private static void assertApplied(HasMetadata object) {
        assertThat(object.getMetadata().getManagedFields())
                .as("managed fields of %s", object.getKind())
                .anySatisfy(fields -> assertThat(fields.getOperation()).isEqualTo("Apply"));
    }

    @Test
    void aWebhookSensorIsAppliedAsDeploymentServiceAndConfigMapOwnedByTheSensor() {
        admin().resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("hook-token")
                        .endMetadata()
                        .addToStringData("token", "s3cret")
                        .build())
                .inNamespace(APPS)
                .create();
        admin().resource(sensor("hook", "  type: webhook\n  secretRef: hook-token\n  webhook: {path: hooks/in}\n"))
                .create();

        Deployment deployment = awaitObject(Deployment.class, "hook-sensor");
        Service service = awaitObject(Service.class, "hook-sensor");
        ConfigMap config = awaitObject(ConfigMap.class, "hook-sensor");
        Sensor sensor = admin().resources(Sensor.class)
                .inNamespace(APPS)
                .withName("hook")
                .get();
        for (HasMetadata object : List.of(deployment, service, config)) {
            assertOwned(object, sensor);
        }
        assertApplied(deployment);
        assertApplied(service);
        assertThat(config.getData()).containsEntry("SQUALL_SENSOR_CONFIG", "{\"path\":\"hooks/in\"}");
        assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                .isFalse();

        // no kubelet here: 0/1 and not Ready, through the status subresource
        Sensor starting = await("Sensor hook status")
                .atMost(RECONCILE)
                .until(
                        () -> admin().resources(Sensor.class)
                                .inNamespace(APPS)
                                .withName("hook")
                                .get(),
                        s -> s.getStatus() != null && s.getStatus().ready != null);
        assertThat(starting.getStatus().ready).isEqualTo("0/1");
        assertThat(starting.getStatus().url).isEqualTo("http://hook-sensor.apps.svc:8080/hooks/in");
        Condition ready = starting.getStatus().conditions.stream()
                .filter(c -> c.getType().equals("Ready"))
                .findFirst()
                .orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("Progressing");
    }

    @Test
    void aConfigChangeIsAppliedAndRollsThePodTemplate() {
        admin().resource(sensor("tickets", "  type: poll\n  poll: {url: 'http://tickets/api', intervalSeconds: 30}\n"))
                .create();
        Deployment before = awaitObject(Deployment.class, "tickets-sensor");
        String hash =
                before.getSpec().getTemplate().getMetadata().getAnnotations().get("squall.io/config-hash");
        assertThat(before.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("squall-sensor");

        admin().resources(Sensor.class).inNamespace(APPS).withName("tickets").edit(s -> {
            s.getSpec().poll.intervalSeconds = 90;
            return s;
        });
        await("ConfigMap tickets-sensor updated")
                .atMost(RECONCILE)
                .until(() -> admin().configMaps()
                        .inNamespace(APPS)
                        .withName("tickets-sensor")
                        .get()
                        .getData()
                        .get("SQUALL_SENSOR_CONFIG")
                        .contains("90"));
        await("pod template of tickets-sensor changed")
                .atMost(RECONCILE)
                .until(() -> !hash.equals(admin().apps()
                        .deployments()
                        .inNamespace(APPS)
                        .withName("tickets-sensor")
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations()
                        .get("squall.io/config-hash")));
    }

    @Test
    void theOperatorNeverHitsForbidden() {
        // after the other tests' reconciles (JUnit runs this class's methods in one JVM, in any order): the log so far
        admin().resource(sensor("events", "  type: kubernetes-events\n")).create();
        awaitObject(Deployment.class, "events-sensor");
        assertThat(chart.process().stdoutLines())
                .noneMatch(line -> line.contains("Forbidden") || line.contains(" 403 "));
        assertThat(chart.process().stderrLines()).noneMatch(line -> line.contains("Forbidden"));
    }
}
