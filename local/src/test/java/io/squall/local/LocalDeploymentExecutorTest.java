package io.squall.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.squall.api.v1alpha1.Names;
import io.squall.local.LocalDeploymentExecutor.Endpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local Deployment controller + kubelet on a real kube-apiserver, with a small stand-in program
 * (src/test/resources/fake-sensor/FakeSensor.java) instead of the sensors jar, which is built after this module.
 */
class LocalDeploymentExecutorTest {

    private static final String NS = "sensors";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    private static LocalApiServer api;
    private static KubernetesClient client;
    private static LocalDeploymentExecutor executor;
    private static final AtomicReference<List<Endpoint>> endpoints = new AtomicReference<>(List.of());
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        api = LocalApiServer.start(work.resolve("api"), LocalApiServer.binaries(System.getenv()));
        client = api.client();
        api.createNamespace(NS);
        Path fakeSensor = Path.of(LocalDeploymentExecutorTest.class
                .getResource("/fake-sensor/FakeSensor.java")
                .toURI());
        executor = new LocalDeploymentExecutor(
                        client,
                        List.of(LocalNode.java(), fakeSensor.toString()),
                        api.kubeconfig(),
                        work.resolve("pods"),
                        endpoints::set)
                .start();
    }

    @AfterAll
    static void stop() {
        if (executor != null) {
            executor.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aReplicaRunsWithThePodsEnvironmentAndVolumesAndIsReportedReady() throws Exception {
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("hook-secret")
                        .withNamespace(NS)
                        .endMetadata()
                        .addToStringData("token", "s3cret")
                        .build())
                .create();
        client.resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("hook-config")
                        .withNamespace(NS)
                        .endMetadata()
                        .addToData("SQUALL_SENSOR_CONFIG", "{\"path\":\"/hooks/gh/\",\"auth\":\"token\"}")
                        .build())
                .create();
        List<EnvVar> env = new ArrayList<>(sensorEnv("hook", "webhook"));
        env.add(new EnvVarBuilder()
                .withName("SQUALL_SENSOR_CONFIG")
                .withNewValueFrom()
                .withNewConfigMapKeyRef("SQUALL_SENSOR_CONFIG", "hook-config", false)
                .endValueFrom()
                .build());
        env.add(new EnvVarBuilder()
                .withName("SQUALL_SENSOR_SECRET_DIR")
                .withValue("/var/run/squall/secret")
                .build());
        env.add(new EnvVarBuilder()
                .withName("API_TOKEN")
                .withNewValueFrom()
                .withNewSecretKeyRef("token", "hook-secret", false)
                .endValueFrom()
                .build());
        env.add(new EnvVarBuilder()
                .withName("POD_NAME")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.name")
                .endFieldRef()
                .endValueFrom()
                .build());
        env.add(new EnvVarBuilder()
                .withName("POD_NAMESPACE")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.namespace")
                .endFieldRef()
                .endValueFrom()
                .build());
        Deployment deployment = deployment("hook-sensor", env);
        deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getVolumeMounts()
                .add(new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
                        .withName("secret")
                        .withMountPath("/var/run/squall/secret")
                        .withReadOnly(true)
                        .build());
        deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getVolumes()
                .add(new io.fabric8.kubernetes.api.model.VolumeBuilder()
                        .withName("secret")
                        .withNewSecret()
                        .withSecretName("hook-secret")
                        .endSecret()
                        .build());
        client.resource(deployment).create();

        Deployment ready = awaitReadyReplicas("hook-sensor", 1);
        assertThat(ready.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Available");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        assertThat(ready.getStatus().getObservedGeneration())
                .isEqualTo(ready.getMetadata().getGeneration());
        Pod pod = onlyPod("hook");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("squall.io/config-hash", "one");
        assertThat(pod.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(o ->
                        assertThat(o.getUid()).isEqualTo(ready.getMetadata().getUid()));
        // re-read: a probe that timed out under load turns the pod not ready until the next one answers
        await("pod of hook-sensor Ready")
                .ignoreExceptions()
                .atMost(WAIT)
                .untilAsserted(() -> assertThat(onlyPod("hook").getStatus().getConditions())
                        .anySatisfy(c -> {
                            assertThat(c.getType()).isEqualTo("Ready");
                            assertThat(c.getStatus()).isEqualTo("True");
                        }));

        Endpoint endpoint = awaitEndpoint("hook");
        assertThat(endpoint.namespace()).isEqualTo(NS);
        assertThat(endpoint.type()).isEqualTo("webhook");
        assertThat(endpoint.pod()).isEqualTo(pod.getMetadata().getName());
        assertThat(endpoint.url()).isEqualTo("http://127.0.0.1:" + endpoint.port() + "/hooks/gh");

        Map<String, String> seen = environment(endpoint.port());
        assertThat(seen)
                .containsEntry("SQUALL_SENSOR_NAME", "hook")
                .containsEntry("SQUALL_SENSOR_CONFIG", "{\"path\":\"/hooks/gh/\",\"auth\":\"token\"}")
                .containsEntry("API_TOKEN", "s3cret")
                .containsEntry("POD_NAME", pod.getMetadata().getName())
                .containsEntry("POD_NAMESPACE", NS)
                .containsEntry("QUARKUS_HTTP_PORT", Integer.toString(endpoint.port()))
                .containsEntry("KUBECONFIG", api.kubeconfig().toString());
        // mount paths name the local copies of the volumes
        assertThat(seen.get("SQUALL_SENSOR_SECRET_DIR"))
                .startsWith(work.resolve("pods").toString());
        assertThat(seen.get("TMPDIR")).startsWith(work.resolve("pods").toString());
        assertThat(get(endpoint.port(), "/secret")).isEqualTo("s3cret");
    }

    @Test
    void aTemplateChangeReplacesTheReplicaAndADeleteStopsIt() throws Exception {
        client.resource(deployment("roll-sensor", sensorEnv("roll", "webhook"))).create();
        awaitReadyReplicas("roll-sensor", 1);
        Endpoint first = awaitEndpoint("roll");

        client.apps().deployments().inNamespace(NS).withName("roll-sensor").edit(d -> {
            d.getSpec().getTemplate().getMetadata().getAnnotations().put("squall.io/config-hash", "two");
            return d;
        });
        await("the replica of the new template").ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            Endpoint now = awaitEndpoint("roll");
            assertThat(now.pod()).isNotEqualTo(first.pod());
            assertThat(pods("roll")).extracting(p -> p.getMetadata().getName()).containsExactly(now.pod());
        });
        assertThat(onlyPod("roll").getMetadata().getAnnotations()).containsEntry("squall.io/config-hash", "two");
        // the old replica gets SIGTERM on its own thread while the new one starts: await its exit
        await("the old process is stopped").atMost(WAIT).until(() -> !answers(first.port()));

        client.apps().deployments().inNamespace(NS).withName("roll-sensor").delete();
        await("stopped after delete").ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            assertThat(executor.runningReplicas(NS, "roll-sensor")).isZero();
            assertThat(pods("roll")).isEmpty();
            assertThat(endpoints.get()).noneMatch(e -> e.sensor().equals("roll"));
        });
    }

    @Test
    void aDeletedPodIsReplaced() throws Exception {
        client.resource(deployment("again-sensor", sensorEnv("again", "webhook")))
                .create();
        awaitReadyReplicas("again-sensor", 1);
        String first = onlyPod("again").getMetadata().getName();

        client.pods().inNamespace(NS).withName(first).delete();
        await("a new pod").ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            assertThat(pods("again"))
                    .extracting(p -> p.getMetadata().getName())
                    .singleElement()
                    .isNotEqualTo(first);
            assertThat(awaitEndpoint("again").pod()).isNotEqualTo(first);
        });
    }

    @Test
    void aCrashingProgramIsCrashLoopBackOffWithItsExitCodeAndLastOutput() {
        List<EnvVar> env = new ArrayList<>(sensorEnv("crashy", "webhook"));
        env.add(new EnvVarBuilder().withName("FAKE_EXIT_CODE").withValue("3").build());
        env.add(new EnvVarBuilder()
                .withName("FAKE_EXIT_MESSAGE")
                .withValue("SQUALL_SENSOR_CONFIG: field 'auth': bad")
                .build());
        client.resource(deployment("crashy-sensor", env)).create();

        await("CrashLoopBackOff").ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            ContainerStatus container =
                    onlyPod("crashy").getStatus().getContainerStatuses().get(0);
            assertThat(container.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
            assertThat(container.getReady()).isFalse();
            assertThat(container.getRestartCount()).isEqualTo(1);
            assertThat(container.getLastState().getTerminated().getExitCode()).isEqualTo(3);
            assertThat(container.getLastState().getTerminated().getMessage())
                    .isEqualTo("starting\nSQUALL_SENSOR_CONFIG: field 'auth': bad");
        });
        // the Deployment's status is written after the pod's (by the reconciler and again by the pod's supervisor)
        await("crashy-sensor unavailable").ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            Deployment deployment = client.apps()
                    .deployments()
                    .inNamespace(NS)
                    .withName("crashy-sensor")
                    .get();
            // Kubernetes omits a zero count (omitempty)
            assertThat(deployment.getStatus().getReadyReplicas()).isNull();
            assertThat(deployment.getStatus().getUnavailableReplicas()).isEqualTo(1);
            assertThat(deployment.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Available");
                assertThat(c.getStatus()).isEqualTo("False");
            });
        });
    }

    @Test
    void aMissingSecretIsACreateContainerConfigErrorUntilTheSecretExists() {
        List<EnvVar> env = new ArrayList<>(sensorEnv("late", "webhook"));
        env.add(new EnvVarBuilder()
                .withName("API_TOKEN")
                .withNewValueFrom()
                .withNewSecretKeyRef("token", "late-secret", false)
                .endValueFrom()
                .build());
        client.resource(deployment("late-sensor", env)).create();
        await("CreateContainerConfigError").ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            var waiting = onlyPod("late")
                    .getStatus()
                    .getContainerStatuses()
                    .get(0)
                    .getState()
                    .getWaiting();
            assertThat(waiting.getReason()).isEqualTo("CreateContainerConfigError");
            assertThat(waiting.getMessage()).isEqualTo("secret \"late-secret\" not found");
        });

        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("late-secret")
                        .withNamespace(NS)
                        .endMetadata()
                        .addToStringData("token", "t")
                        .build())
                .create();
        awaitReadyReplicas("late-sensor", 1);
    }

    @Test
    void aCustomImageCannotRunWithoutAContainerRuntimeAndSaysSo() {
        client.resource(deployment("custom-sensor", sensorEnv("custom", "image")))
                .create();
        await("CreateContainerError").ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            var waiting = onlyPod("custom")
                    .getStatus()
                    .getContainerStatuses()
                    .get(0)
                    .getState()
                    .getWaiting();
            assertThat(waiting.getReason()).isEqualTo("CreateContainerError");
            assertThat(waiting.getMessage()).contains("custom sensor images need a container runtime");
        });
        assertThat(executor.runningReplicas(NS, "custom-sensor")).isZero();
    }

    @Test
    void theWebhookPathIsReadLikeTheSensorsProgramReadsIt() {
        assertThat(LocalDeploymentExecutor.webhookPath("github", null)).isEqualTo("github");
        assertThat(LocalDeploymentExecutor.webhookPath("github", "{}")).isEqualTo("github");
        assertThat(LocalDeploymentExecutor.webhookPath("github", "{\"path\":\"//hooks/gh//\"}"))
                .isEqualTo("hooks/gh");
        assertThat(LocalDeploymentExecutor.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(LocalDeploymentExecutor.backoff(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(LocalDeploymentExecutor.backoff(9)).isEqualTo(Duration.ofMinutes(5));
    }

    // ---- helpers ----

    private static List<EnvVar> sensorEnv(String sensor, String type) {
        return List.of(
                new EnvVarBuilder()
                        .withName("SQUALL_SENSOR_NAME")
                        .withValue(sensor)
                        .build(),
                new EnvVarBuilder()
                        .withName("SQUALL_SENSOR_TYPE")
                        .withValue(type)
                        .build());
    }

    /** A Deployment shaped like the operator's sensor Deployments (labels, selector, probe, /tmp emptyDir). */
    private static Deployment deployment(String name, List<EnvVar> env) {
        String sensor = name.substring(0, name.length() - "-sensor".length());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Names.LABEL_MANAGED_BY, Names.MANAGED_BY);
        labels.put(Names.LABEL_COMPONENT, Names.COMPONENT_SENSOR);
        labels.put(Names.LABEL_SENSOR, sensor);
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .withMatchLabels(Map.of(Names.LABEL_SENSOR, sensor))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .withAnnotations(
                        new LinkedHashMap<>(Map.of("squall.io/sensor", sensor, "squall.io/config-hash", "one")))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("sensor")
                .withImage("squall/sensors:latest")
                .withEnv(env)
                .addNewVolumeMount()
                .withName("tmp")
                .withMountPath("/tmp")
                .endVolumeMount()
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath("/q/health/ready")
                .withNewPort("http")
                .endHttpGet()
                .withPeriodSeconds(1)
                .endReadinessProbe()
                .endContainer()
                .addNewVolume()
                .withName("tmp")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Deployment awaitReadyReplicas(String name, int ready) {
        AtomicReference<Deployment> seen = new AtomicReference<>();
        await(name + " ready").ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            Deployment deployment =
                    client.apps().deployments().inNamespace(NS).withName(name).get();
            assertThat(deployment.getStatus()).isNotNull();
            assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(ready);
            seen.set(deployment);
        });
        return seen.get();
    }

    private static Endpoint awaitEndpoint(String sensor) {
        AtomicReference<Endpoint> seen = new AtomicReference<>();
        await("endpoint of " + sensor).atMost(WAIT).untilAsserted(() -> {
            List<Endpoint> matching = endpoints.get().stream()
                    .filter(e -> e.sensor().equals(sensor))
                    .toList();
            assertThat(matching).hasSize(1);
            seen.set(matching.get(0));
        });
        return seen.get();
    }

    private static List<Pod> pods(String sensor) {
        return client.pods()
                .inNamespace(NS)
                .withLabel(Names.LABEL_SENSOR, sensor)
                .list()
                .getItems();
    }

    private static Pod onlyPod(String sensor) {
        List<Pod> pods = pods(sensor);
        assertThat(pods).hasSize(1);
        return pods.get(0);
    }

    private static Map<String, String> environment(int port) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : get(port, "/env").split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    private static String get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static boolean answers(int port) throws InterruptedException {
        try {
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
