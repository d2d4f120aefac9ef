package io.squall.operator.reconciler;

import static io.squall.operator.testsupport.Kube.WAIT;
import static io.squall.operator.testsupport.Kube.apply;
import static io.squall.operator.testsupport.Kube.assertReady;
import static io.squall.operator.testsupport.Kube.awaitReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Sensor;
import io.squall.operator.sensor.SensorNames;
import io.squall.operator.sensor.SensorReadiness;
import io.squall.operator.status.ReconcileErrors;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.validation.Reasons;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Sensor reconciler on the Fabric8 mock API server. The mock server has no Deployment controller, kubelet or
 * garbage collector, so the tests play the first two (Deployment status, pods) and check owner references
 * instead of deletion (the system tests check garbage collection on a real API server).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class SensorReconcilerTest {

    @Inject
    KubernetesClient client;

    @KubernetesTestServer
    KubernetesServer server;

    private static String sensor(String namespace, String name, String spec) {
        return "apiVersion: squall.io/v1alpha1\nkind: Sensor\nmetadata: {name: " + name + ", namespace: " + namespace
                + "}\nspec:\n" + spec;
    }

    private <T extends HasMetadata> T awaitObject(Class<T> type, String namespace, String name) {
        return await().atMost(WAIT)
                .until(
                        () -> client.resources(type)
                                .inNamespace(namespace)
                                .withName(name)
                                .get(),
                        object -> object != null);
    }

    private <T extends HasMetadata> void awaitGone(Class<T> type, String namespace, String name) {
        await().atMost(WAIT)
                .until(() -> client.resources(type)
                                .inNamespace(namespace)
                                .withName(name)
                                .get()
                        == null);
    }

    private void createSecret(String namespace, String name) {
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .endMetadata()
                        .addToStringData("token", "s3cret")
                        .build())
                .create();
    }

    /** What the Deployment controller would report once the pods are ready. */
    private void reportReady(String namespace, String deployment, int readyReplicas) {
        client.apps().deployments().inNamespace(namespace).withName(deployment).editStatus(d -> {
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                    .withReplicas(readyReplicas)
                    .withReadyReplicas(readyReplicas)
                    .withAvailableReplicas(readyReplicas)
                    .build());
            return d;
        });
    }

    private static void assertOwnedBy(HasMetadata object, Sensor sensor) {
        assertThat(object.getMetadata().getOwnerReferences())
                .as("owner of %s %s", object.getKind(), object.getMetadata().getName())
                .extracting("apiVersion", "kind", "name", "uid")
                .containsExactly(tuple(
                        "squall.io/v1alpha1",
                        "Sensor",
                        sensor.getMetadata().getName(),
                        sensor.getMetadata().getUid()));
        assertThat(object.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "squall")
                .containsEntry("app.kubernetes.io/component", "sensor");
    }

    @Test
    void webhookSensorRunsAsADeploymentBehindAServiceAndIsReadyWhenItsPodIs() {
        String ns = "sensor-webhook";
        createSecret(ns, "github-token");
        Sensor sensor = apply(
                client,
                sensor(
                        ns,
                        "github",
                        "  type: webhook\n  secretRef: github-token\n" + "  webhook: {path: hooks/github}\n"),
                Sensor.class);

        Deployment deployment = awaitObject(Deployment.class, ns, "github-sensor");
        Service service = awaitObject(Service.class, ns, "github-sensor");
        ConfigMap config = awaitObject(ConfigMap.class, ns, "github-sensor");
        sensor = Kube.get(client, Sensor.class, ns, "github");
        for (HasMetadata owned : List.of(deployment, service, config)) {
            assertOwnedBy(owned, sensor);
        }
        assertThat(config.getData()).containsEntry("SQUALL_SENSOR_CONFIG", "{\"path\":\"hooks/github\"}");
        assertThat(service.getSpec().getSelector())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        // webhook sensors need no Kubernetes API: no token
        assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                .isFalse();

        Sensor starting = awaitReady(client, Sensor.class, ns, "github", "False", SensorReadiness.PROGRESSING);
        assertReady(starting, "False", SensorReadiness.PROGRESSING, "0/1 replicas ready");
        assertThat(starting.getStatus().ready).isEqualTo("0/1");
        assertThat(starting.getStatus().url).isEqualTo("http://github-sensor.sensor-webhook.svc:8080/hooks/github");

        reportReady(ns, "github-sensor", 1);
        Sensor ready = awaitReady(client, Sensor.class, ns, "github", "True", SensorReadiness.AVAILABLE);
        assertReady(ready, "True", SensorReadiness.AVAILABLE, "1/1 replicas ready");
        assertThat(ready.getStatus().ready).isEqualTo("1/1");
        assertThat(ready.getStatus().replicas).isEqualTo(1);
        assertThat(ready.getStatus().readyReplicas).isEqualTo(1);
    }

    @Test
    void aPodThatCannotPullItsImageMakesTheSensorNotReadyWithTheReason() {
        String ns = "sensor-pull";
        apply(client, sensor(ns, "custom", "  type: image\n  image: registry.example/nope:1\n"), Sensor.class);
        Deployment deployment = awaitObject(Deployment.class, ns, "custom-sensor");

        // what the ReplicaSet controller and the kubelet would produce
        client.resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("custom-sensor-5d4f-x2x")
                        .withNamespace(ns)
                        .withLabels(
                                deployment.getSpec().getTemplate().getMetadata().getLabels())
                        .withAnnotations(
                                deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                        .endMetadata()
                        .withSpec(deployment.getSpec().getTemplate().getSpec())
                        .withNewStatus()
                        .withPhase("Pending")
                        .addNewContainerStatus()
                        .withName("sensor")
                        .withReady(false)
                        .withNewState()
                        .withNewWaiting()
                        .withReason("ImagePullBackOff")
                        .withMessage("Back-off pulling image \"registry.example/nope:1\"")
                        .endWaiting()
                        .endState()
                        .endContainerStatus()
                        .endStatus()
                        .build())
                .create();

        Sensor failing = awaitReady(client, Sensor.class, ns, "custom", "False", "ImagePullBackOff");
        assertReady(
                failing,
                "False",
                "ImagePullBackOff",
                "pod custom-sensor-5d4f-x2x: ImagePullBackOff: Back-off "
                        + "pulling image \"registry.example/nope:1\" (0/1 replicas ready)");
        assertThat(failing.getStatus().ready).isEqualTo("0/1");
    }

    @Test
    void aMissingSecretIsReported() {
        String ns = "sensor-nosecret";
        apply(client, sensor(ns, "hook", "  type: webhook\n  secretRef: not-there\n"), Sensor.class);
        assertReady(
                awaitReady(client, Sensor.class, ns, "hook", "False", SensorReadiness.SECRET_NOT_FOUND),
                "False",
                SensorReadiness.SECRET_NOT_FOUND,
                "spec.secretRef: Secret \"not-there\" not found in namespace \"sensor-nosecret\" (0/1 replicas ready)");
    }

    @Test
    void editingTheConfigUpdatesTheConfigMapAndRollsThePods() {
        String ns = "sensor-edit";
        apply(
                client,
                sensor(ns, "tickets", "  type: poll\n  poll: {url: 'http://tickets/api', intervalSeconds: 30}\n"),
                Sensor.class);
        Deployment before = awaitObject(Deployment.class, ns, "tickets-sensor");
        String hashBefore =
                before.getSpec().getTemplate().getMetadata().getAnnotations().get(SensorNames.ANNOTATION_CONFIG_HASH);

        apply(
                client,
                sensor(ns, "tickets", "  type: poll\n  poll: {url: 'http://tickets/api', intervalSeconds: 90}\n"),
                Sensor.class);
        ConfigMap config = await().atMost(WAIT)
                .until(
                        () -> client.configMaps()
                                .inNamespace(ns)
                                .withName("tickets-sensor")
                                .get(),
                        c -> c.getData().get("SQUALL_SENSOR_CONFIG").contains("90"));
        assertThat(config.getData())
                .containsEntry("SQUALL_SENSOR_CONFIG", "{\"url\":\"http://tickets/api\",\"intervalSeconds\":90}");
        Deployment after = await().atMost(WAIT)
                .until(
                        () -> client.apps()
                                .deployments()
                                .inNamespace(ns)
                                .withName("tickets-sensor")
                                .get(),
                        d -> !hashBefore.equals(d.getSpec()
                                .getTemplate()
                                .getMetadata()
                                .getAnnotations()
                                .get(SensorNames.ANNOTATION_CONFIG_HASH)));
        assertThat(after.getSpec().getTemplate().getMetadata().getAnnotations().get(SensorNames.ANNOTATION_CONFIG_HASH))
                .isNotBlank();

        apply(
                client,
                sensor(
                        ns,
                        "tickets",
                        "  type: poll\n  replicas: 2\n  poll: {url: 'http://tickets/api', intervalSeconds: 90}\n"),
                Sensor.class);
        await().atMost(WAIT)
                .until(() -> client.apps()
                                .deployments()
                                .inNamespace(ns)
                                .withName("tickets-sensor")
                                .get()
                                .getSpec()
                                .getReplicas()
                        == 2);
        assertThat(awaitReady(client, Sensor.class, ns, "tickets", "False", SensorReadiness.PROGRESSING)
                        .getStatus()
                        .ready)
                .isEqualTo("0/2");
    }

    @Test
    void changingTheTypeDeletesWhatOnlyTheOldTypeNeeded() {
        String ns = "sensor-type";
        apply(client, sensor(ns, "watch", "  type: webhook\n  webhook: {auth: none}\n"), Sensor.class);
        awaitObject(Service.class, ns, "watch-sensor");

        apply(
                client,
                sensor(ns, "watch", "  type: kubernetes-events\n  kubernetesEvents: {reasons: [BackOff]}\n"),
                Sensor.class);
        awaitGone(Service.class, ns, "watch-sensor");
        Deployment deployment = await().atMost(WAIT)
                .until(
                        () -> client.apps()
                                .deployments()
                                .inNamespace(ns)
                                .withName("watch-sensor")
                                .get(),
                        d -> "squall-sensor"
                                .equals(d.getSpec().getTemplate().getSpec().getServiceAccountName()));
        assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                .isTrue();
        // JOSDK updates the dependents side by side: the ConfigMap may come after the Deployment
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(client.configMaps()
                                .inNamespace(ns)
                                .withName("watch-sensor")
                                .get()
                                .getData())
                        .containsEntry("SQUALL_SENSOR_CONFIG", "{\"reasons\":[\"BackOff\"]}"));
        await().atMost(WAIT)
                .until(() -> Kube.get(client, Sensor.class, ns, "watch").getStatus().url == null);
        // without ingress.enabled the operator makes no Ingress at all
        assertThat(client.network().v1().ingresses().inNamespace(ns).list().getItems())
                .isEmpty();
    }

    @Test
    void aDeploymentThatCannotCreatePodsSaysWhy() {
        String ns = "sensor-no-account";
        apply(client, sensor(ns, "tickets", "  type: poll\n  poll: {url: 'http://tickets/api'}\n"), Sensor.class);
        awaitObject(Deployment.class, ns, "tickets-sensor");
        // what the ReplicaSet controller reports when the chart did not make the sensors' ServiceAccount here
        client.apps().deployments().inNamespace(ns).withName("tickets-sensor").editStatus(d -> {
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                    .addNewCondition()
                    .withType("ReplicaFailure")
                    .withStatus("True")
                    .withReason("FailedCreate")
                    .withMessage("pods \"tickets-sensor-6f7c-\" is forbidden: error looking up service account "
                            + "sensor-no-account/squall-sensor: serviceaccount \"squall-sensor\" not found")
                    .endCondition()
                    .build());
            return d;
        });
        assertReady(
                awaitReady(client, Sensor.class, ns, "tickets", "False", SensorReadiness.FAILED_CREATE),
                "False",
                SensorReadiness.FAILED_CREATE,
                "pods \"tickets-sensor-6f7c-\" is forbidden: error looking up service "
                        + "account sensor-no-account/squall-sensor: serviceaccount \"squall-sensor\" not found (0/1 replicas ready)");
    }

    @Test
    void everyObjectOfADeletedSensorIsLeftToTheGarbageCollectorByItsOwnerReference() {
        String ns = "sensor-delete";
        apply(client, sensor(ns, "gone", "  type: webhook\n  webhook: {auth: none}\n"), Sensor.class);
        List<HasMetadata> owned = List.of(
                awaitObject(Deployment.class, ns, "gone-sensor"),
                awaitObject(ConfigMap.class, ns, "gone-sensor"),
                awaitObject(Service.class, ns, "gone-sensor"));
        Sensor sensor = Kube.get(client, Sensor.class, ns, "gone");
        for (HasMetadata object : owned) {
            assertOwnedBy(object, sensor);
        }
        // the operator keeps no finalizer: deleting the Sensor is not blocked on it
        assertThat(sensor.getMetadata().getFinalizers()).isEmpty();
        client.resource(sensor).delete();
        await().atMost(WAIT).until(() -> Kube.get(client, Sensor.class, ns, "gone") == null);
    }

    @Test
    void invalidSensorReportsWhyAndRunsNothing() {
        String ns = "sensor-invalid";
        apply(client, sensor(ns, "open", "  type: webhook\n"), Sensor.class);
        awaitReady(client, Sensor.class, ns, "open", "False", Reasons.MISSING_SECRET_REF);
        apply(client, sensor(ns, "custom", "  type: image\n"), Sensor.class);
        assertReady(
                awaitReady(client, Sensor.class, ns, "custom", "False", Reasons.MISSING_SENSOR_CONFIG),
                "False",
                Reasons.MISSING_SENSOR_CONFIG,
                "spec.image: is required for type image");
        apply(client, sensor(ns, "poller", "  type: poll\n  poll: {intervalSeconds: 30}\n"), Sensor.class);
        assertReady(
                awaitReady(client, Sensor.class, ns, "poller", "False", Reasons.MISSING_SENSOR_CONFIG),
                "False",
                Reasons.MISSING_SENSOR_CONFIG,
                "spec.poll: type poll needs spec.poll.url or spec.poll.command");
        assertThat(client.apps().deployments().inNamespace(ns).list().getItems())
                .isEmpty();
        assertThat(client.configMaps().inNamespace(ns).list().getItems()).isEmpty();
    }

    @Test
    void anUnexpectedErrorShowsInReady() {
        String ns = "sensor-error";
        server.expect()
                .post()
                .withPath("/apis/apps/v1/namespaces/" + ns + "/deployments")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage("deployments.apps is forbidden: not in this namespace")
                                .build())
                .always();
        apply(client, sensor(ns, "poller", "  type: image\n  image: registry.example/poller:1\n"), Sensor.class);

        Sensor sensor = awaitReady(client, Sensor.class, ns, "poller", "False", ReconcileErrors.REASON);
        assertThat(Kube.ready(sensor).getMessage()).startsWith("reconcile failed, retrying: ");
    }
}
