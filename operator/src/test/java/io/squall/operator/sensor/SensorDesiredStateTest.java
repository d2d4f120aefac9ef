package io.squall.operator.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.Sensor;
import io.squall.operator.testsupport.Resources;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The objects a Sensor runs as, computed from the Sensor alone (no API server). */
class SensorDesiredStateTest {

    private static final SensorSettings SETTINGS = new SensorSettings(
            "squall/sensors:1.0",
            "IfNotPresent",
            "nats://nats.squall-system.svc:4222",
            10001,
            "50m",
            "128Mi",
            "256Mi",
            "squall-sensor",
            SensorSettings.IngressSettings.DISABLED,
            SensorSettings.NatsCredentials.NONE);

    static Sensor sensor(String name, String spec) {
        return Resources.yaml(
                "apiVersion: squall.io/v1alpha1\nkind: Sensor\nmetadata: {name: " + name
                        + ", namespace: team-a, uid: '1234'}\nspec:\n" + spec,
                Sensor.class);
    }

    private static Container container(Deployment deployment) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers()).hasSize(1);
        return pod.getContainers().get(0);
    }

    private static Map<String, EnvVar> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    }

    @Test
    void webhookSensorGetsTheEnvironmentContractOfTheSensorProgram() {
        Sensor sensor = sensor(
                "github",
                "  type: webhook\n  secretRef: github-token\n" + "  webhook: {path: hooks/github, auth: token}\n");
        Deployment deployment = SensorDeploymentDependentResource.desired(sensor, SETTINGS);
        Container container = container(deployment);
        Map<String, EnvVar> env = env(container);

        assertThat(deployment.getMetadata().getName()).isEqualTo("github-sensor");
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(container.getImage()).isEqualTo("squall/sensors:1.0");
        assertThat(env.get("SQUALL_SENSOR_NAME").getValue()).isEqualTo("github");
        assertThat(env.get("SQUALL_SENSOR_NAMESPACE").getValue()).isEqualTo("team-a");
        assertThat(env.get("SQUALL_SENSOR_TYPE").getValue()).isEqualTo("webhook");
        assertThat(env.get("SQUALL_NATS_URL").getValue()).isEqualTo("nats://nats.squall-system.svc:4222");
        assertThat(env.get("SQUALL_SENSOR_SECRET_DIR").getValue()).isEqualTo("/var/run/squall/secret");
        assertThat(env.get("SQUALL_SENSOR_CONFIG").getValueFrom().getConfigMapKeyRef())
                .extracting("name", "key")
                .containsExactly("github-sensor", "SQUALL_SENSOR_CONFIG");
        assertThat(env.get("SQUALL_TRIGGER_TYPES").getValueFrom().getConfigMapKeyRef())
                .extracting("name", "key")
                .containsExactly("github-sensor", "SQUALL_TRIGGER_TYPES");
        assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.name");
        assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.namespace");
        // no NATS credentials configured: no credential variables
        assertThat(env)
                .doesNotContainKeys(
                        "SQUALL_NATS_USER", "SQUALL_NATS_PASSWORD", "SQUALL_NATS_TOKEN", "SQUALL_NATS_CREDS");

        // the Sensor's Secret is mounted read-only where SQUALL_SENSOR_SECRET_DIR says
        assertThat(container.getVolumeMounts())
                .extracting("name", "mountPath", "readOnly")
                .contains(tuple("secret", "/var/run/squall/secret", true), tuple("tmp", "/tmp", null));
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes())
                .filteredOn(v -> v.getName().equals("secret"))
                .singleElement()
                .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("github-token"));
        assertThat(pod.getVolumes())
                .filteredOn(v -> v.getName().equals("tmp"))
                .singleElement()
                .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
        assertThat(container.getPorts()).extracting("name", "containerPort").containsExactly(tuple("http", 8080));
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    }

    @Test
    void configMapHoldsTheConfigOfTheSensorsTypeAndItsTriggerTypes() {
        Sensor sensor = sensor(
                "github",
                "  type: webhook\n  secretRef: t\n  webhook: {path: hooks/github, auth: hmac}\n"
                        + "  poll: {url: 'http://ignored'}\n  triggerTypes: [{name: github.push, description: a push}]\n");
        Map<String, String> data =
                SensorConfigMapDependentResource.desired(sensor).getData();

        assertThat(read(data.get("SQUALL_SENSOR_CONFIG")))
                .isEqualTo(read("{\"path\":\"hooks/github\",\"auth\":\"hmac\"}"));
        assertThat(read(data.get("SQUALL_TRIGGER_TYPES")))
                .isEqualTo(read("[{\"name\":\"github.push\",\"description\":\"a push\"}]"));

        assertThat(read(SensorConfigMapDependentResource.data(
                                sensor("p", "  type: poll\n  poll: {url: 'http://x/items', intervalSeconds: 30}\n")
                                        .getSpec())
                        .get("SQUALL_SENSOR_CONFIG")))
                .isEqualTo(read("{\"url\":\"http://x/items\",\"intervalSeconds\":30}"));
        assertThat(read(SensorConfigMapDependentResource.data(
                                sensor("k", "  type: kubernetes-events\n  kubernetesEvents: {reasons: [BackOff]}\n")
                                        .getSpec())
                        .get("SQUALL_SENSOR_CONFIG")))
                .isEqualTo(read("{\"reasons\":[\"BackOff\"]}"));
        assertThat(read(SensorConfigMapDependentResource.data(
                                sensor("c", "  type: image\n  image: acme/s:1\n  config: {account: 42, region: eu}\n")
                                        .getSpec())
                        .get("SQUALL_SENSOR_CONFIG")))
                .isEqualTo(read("{\"account\":42,\"region\":\"eu\"}"));
        assertThat(SensorConfigMapDependentResource.data(sensor("w", "  type: webhook\n  webhook: {auth: none}\n")
                                .getSpec())
                        .get("SQUALL_TRIGGER_TYPES"))
                .isEqualTo("[]");
        assertThat(SensorConfigMapDependentResource.data(
                                sensor("k", "  type: kubernetes-events\n").getSpec())
                        .get("SQUALL_SENSOR_CONFIG"))
                .isEqualTo("{}");
    }

    @Test
    void podIsLockedDownAndWebhookPodsGetNoServiceAccountToken() {
        Deployment deployment = SensorDeploymentDependentResource.desired(
                sensor("hook", "  type: webhook\n  webhook: {auth: none}\n"), SETTINGS);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = container(deployment);

        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getServiceAccountName()).isNull();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getResources().getRequests()).containsOnlyKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsOnlyKeys("memory");
        assertThat(container.getVolumeMounts()).extracting("name").containsExactly("tmp");
    }

    @Test
    void pollAndKubernetesEventsSensorsRunAsTheSensorServiceAccountOfTheirNamespace() {
        for (String spec : new String[] {"  type: poll\n  poll: {url: 'http://x'}\n", "  type: kubernetes-events\n"}) {
            PodSpec pod = SensorDeploymentDependentResource.desired(sensor("watcher", spec), SETTINGS)
                    .getSpec()
                    .getTemplate()
                    .getSpec();
            assertThat(pod.getAutomountServiceAccountToken()).as(spec).isTrue();
            assertThat(pod.getServiceAccountName()).as(spec).isEqualTo("squall-sensor");
        }
    }

    @Test
    void customImageSensorRunsItsImageAsItsOwnUserWithoutProbesOrDefaultResources() {
        Deployment deployment = SensorDeploymentDependentResource.desired(
                sensor("nr", "  type: image\n  image: acme/newrelic-sensor:2\n  replicas: 2\n"), SETTINGS);
        Container container = container(deployment);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(container.getImage()).isEqualTo("acme/newrelic-sensor:2");
        assertThat(env(container).get("SQUALL_SENSOR_TYPE").getValue()).isEqualTo("image");
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getSecurityContext()
                        .getRunAsUser())
                .isNull();
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getSecurityContext()
                        .getRunAsNonRoot())
                .isTrue();
        assertThat(container.getReadinessProbe()).isNull();
        assertThat(container.getResources()).isNull();
    }

    @Test
    void aConfigChangeChangesThePodTemplateSoThePodsRoll() {
        Sensor before = sensor("p", "  type: poll\n  poll: {url: 'http://x', intervalSeconds: 30}\n");
        Sensor after = sensor("p", "  type: poll\n  poll: {url: 'http://x', intervalSeconds: 60}\n");
        Sensor sameAgain = sensor("p", "  type: poll\n  poll: {url: 'http://x', intervalSeconds: 30}\n");

        String hashBefore = configHash(SensorDeploymentDependentResource.desired(before, SETTINGS));
        assertThat(hashBefore).isNotBlank();
        assertThat(configHash(SensorDeploymentDependentResource.desired(after, SETTINGS)))
                .isNotEqualTo(hashBefore);
        assertThat(configHash(SensorDeploymentDependentResource.desired(sameAgain, SETTINGS)))
                .isEqualTo(hashBefore);
        // rotated NATS credentials roll the pods too
        SensorSettings withToken = new SensorSettings(
                "squall/sensors:1.0",
                "IfNotPresent",
                "nats://n:4222",
                10001,
                "50m",
                "128Mi",
                "256Mi",
                "squall-sensor",
                SensorSettings.IngressSettings.DISABLED,
                new SensorSettings.NatsCredentials(
                        Optional.empty(), Optional.empty(), Optional.of("t1"), Optional.empty()));
        assertThat(configHash(SensorDeploymentDependentResource.desired(before, withToken)))
                .isNotEqualTo(hashBefore);
    }

    @Test
    void natsCredentialsReachThePodThroughTheSensorsNatsSecret() {
        SensorSettings.NatsCredentials creds = new SensorSettings.NatsCredentials(
                Optional.of("sensor"),
                Optional.of("pw"),
                Optional.empty(),
                Optional.of("-----BEGIN NATS USER JWT-----\n"));
        SensorSettings settings = new SensorSettings(
                "i",
                "Always",
                "nats://n:4222",
                10001,
                "50m",
                "128Mi",
                "256Mi",
                "squall-sensor",
                SensorSettings.IngressSettings.DISABLED,
                creds);
        Sensor sensor = sensor("hook", "  type: webhook\n  webhook: {auth: none}\n");

        var secret = SensorNatsSecretDependentResource.desired(sensor, creds);
        assertThat(secret.getMetadata().getName()).isEqualTo("hook-sensor-nats");
        assertThat(secret.getData()).containsOnlyKeys("user", "password", "nats.creds");
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8))
                .isEqualTo("pw");

        Deployment deployment = SensorDeploymentDependentResource.desired(sensor, settings);
        Map<String, EnvVar> env = env(container(deployment));
        assertThat(env.get("SQUALL_NATS_USER").getValueFrom().getSecretKeyRef())
                .extracting("name", "key")
                .containsExactly("hook-sensor-nats", "user");
        assertThat(env.get("SQUALL_NATS_PASSWORD").getValueFrom().getSecretKeyRef())
                .extracting("name", "key")
                .containsExactly("hook-sensor-nats", "password");
        assertThat(env.get("SQUALL_NATS_CREDS").getValue()).isEqualTo("/var/run/squall/nats/nats.creds");
        assertThat(env).doesNotContainKey("SQUALL_NATS_TOKEN");
        assertThat(container(deployment).getVolumeMounts())
                .extracting("name", "mountPath")
                .contains(tuple("nats", "/var/run/squall/nats"));
        // credentials are never literal values in the Deployment
        assertThat(container(deployment).getEnv())
                .allSatisfy(e -> assertThat(e.getValue()).isNotIn("pw", "sensor"));
    }

    @Test
    void webhookServiceSelectsTheSensorsPodsOnPort8080() {
        Sensor sensor = sensor("github", "  type: webhook\n  secretRef: t\n  webhook: {path: /hooks/github/}\n");
        Service service = SensorServiceDependentResource.desired(sensor);
        Deployment deployment = SensorDeploymentDependentResource.desired(sensor, SETTINGS);

        assertThat(service.getMetadata().getName()).isEqualTo("github-sensor");
        assertThat(service.getSpec().getPorts()).extracting("name", "port").containsExactly(tuple("http", 8080));
        assertThat(service.getSpec().getSelector())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(SensorNames.url(sensor)).isEqualTo("http://github-sensor.team-a.svc:8080/hooks/github");
        assertThat(SensorNames.url(sensor("h", "  type: webhook\n"))).isEqualTo("http://h-sensor.team-a.svc:8080/h");
        assertThat(SensorNames.url(sensor("p", "  type: poll\n"))).isNull();
    }

    @Test
    void ingressRoutesTheWebhookPathOnTheConfiguredHost() {
        var settings = new SensorSettings.IngressSettings(
                true,
                Optional.of("nginx"),
                Optional.of("hooks.example.com"),
                Optional.of("hooks-tls"),
                Map.of("cert-manager.io/cluster-issuer", "letsencrypt"));
        Ingress ingress = SensorIngressDependentResource.desired(
                sensor("github", "  type: webhook\n  secretRef: t\n  webhook: {path: hooks/github}\n"), settings);

        assertThat(ingress.getMetadata().getName()).isEqualTo("github-sensor");
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        var rule = ingress.getSpec().getRules().get(0);
        assertThat(rule.getHost()).isEqualTo("hooks.example.com");
        assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
            assertThat(path.getPath()).isEqualTo("/hooks/github");
            assertThat(path.getPathType()).isEqualTo("Exact");
            assertThat(path.getBackend().getService().getName()).isEqualTo("github-sensor");
            assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
        });
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getHosts()).containsExactly("hooks.example.com");
            assertThat(tls.getSecretName()).isEqualTo("hooks-tls");
        });

        Ingress plain = SensorIngressDependentResource.desired(
                sensor("h", "  type: webhook\n"),
                new SensorSettings.IngressSettings(
                        true, Optional.empty(), Optional.empty(), Optional.empty(), Map.of()));
        assertThat(plain.getSpec().getTls()).isNullOrEmpty();
        assertThat(plain.getSpec().getRules().get(0).getHost()).isNull();
        assertThat(plain.getSpec().getIngressClassName()).isNull();
    }

    @Test
    void objectNamesAreValidDnsLabelsForAnySensorName() {
        assertThat(SensorNames.workload(sensor("github", "  type: webhook\n"))).isEqualTo("github-sensor");
        String dotted = SensorNames.workload(sensor("alerts.team-a", "  type: webhook\n"));
        String dashed = SensorNames.workload(sensor("alerts-team-a", "  type: webhook\n"));
        assertThat(dotted)
                .matches("[a-z]([-a-z0-9]*[a-z0-9])?")
                .doesNotContain(".")
                .isNotEqualTo(dashed);
        assertThat(SensorNames.workload(sensor("1st", "  type: webhook\n"))).matches("[a-z]([-a-z0-9]*[a-z0-9])?");
        String longName = "a".repeat(100);
        String workload = SensorNames.workload(sensor(longName, "  type: webhook\n"));
        assertThat(workload).hasSizeLessThanOrEqualTo(63).matches("[a-z]([-a-z0-9]*[a-z0-9])?");
        assertThat(SensorNames.workload(sensor("a".repeat(99) + "b", "  type: webhook\n")))
                .isNotEqualTo(workload);
        assertThat(SensorNames.labels(sensor(longName, "  type: webhook\n")).get("squall.io/sensor"))
                .hasSizeLessThanOrEqualTo(63);
        assertThat(SensorDeploymentDependentResource.desired(sensor(longName, "  type: webhook\n"), SETTINGS)
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations())
                .containsEntry("squall.io/sensor", longName);
    }

    private static String configHash(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("squall.io/config-hash");
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
