package io.squall.operator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.nats.NatsRunnerUtils;
import io.squall.operator.sensor.SensorNames;

/**
 * Plays the Deployment controller and the kubelet for sensor Deployments on a (mock) API server: for each
 * sensor Deployment the operator creates, it starts the REAL sensors program ({@link #sensorsApp()}, {@code
 * java -jar sensors/target/quarkus-app/quarkus-run.jar}) as a local process with the container's environment
 * resolved as a kubelet would (values, ConfigMap and Secret key references, the downward API; Secret volumes
 * written to a directory and paths under their mount points rewritten to it) on a free loopback port, and
 * reports the Deployment's readyReplicas from the program's readiness probe. One replica per Deployment.
 */
public final class LocalSensorRunner implements AutoCloseable {

    public static final String SENSORS_APP_PROPERTY = "squall-test.sensors-app";
    private static final Logger LOG = Logger.getLogger(LocalSensorRunner.class);

    private final KubernetesClient client;
    private final Path app;
    private final Path workRoot;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService probes = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "local-sensor-probe");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private SharedIndexInformer<Deployment> informer;

    /** One sensor process, for one pod-template version of a Deployment. */
    private record Running(String namespace, String deployment, String template, Process process, int port, Path log) {
    }

    public LocalSensorRunner(KubernetesClient client) {
        this.client = client;
        this.app = sensorsApp();
        try {
            this.workRoot = Files.createTempDirectory("squall-sensor-kubelet-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sensors program the build points at (squall-test.sensors-app), with an instruction when it is not built. */
    public static Path sensorsApp() {
        String property = System.getProperty(SENSORS_APP_PROPERTY);
        if (property == null || property.isBlank()) {
            throw new IllegalStateException("system property " + SENSORS_APP_PROPERTY + " is not set: run the tests "
                    + "through Maven (the operator pom sets it to sensors/target/quarkus-app/quarkus-run.jar)");
        }
        Path jar = Path.of(property);
        if (!Files.isRegularFile(jar) || !Files.isDirectory(jar.resolveSibling("lib"))) {
            throw new IllegalStateException("the sensors program is not built: " + jar + " (and its lib/) not found; "
                    + "run `cd sensors && mvn -B -q package -DskipTests` first");
        }
        return jar;
    }

    public LocalSensorRunner start() {
        informer = client.apps().deployments().inAnyNamespace().withLabelSelector(SensorNames.SELECTOR)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Deployment deployment) {
                        ensureRunning(deployment);
                    }

                    @Override
                    public void onUpdate(Deployment oldDeployment, Deployment newDeployment) {
                        ensureRunning(newDeployment);
                    }

                    @Override
                    public void onDelete(Deployment deployment, boolean deletedFinalStateUnknown) {
                        stop(key(deployment));
                    }
                });
        return this;
    }

    /** http://127.0.0.1:&lt;port&gt; of the sensor process of a Deployment (its Service, as seen from the test). */
    public URI url(String namespace, String deployment) {
        Running sensor = running.get(namespace + "/" + deployment);
        if (sensor == null) {
            throw new IllegalStateException("no sensor process for Deployment " + namespace + "/" + deployment);
        }
        return URI.create("http://127.0.0.1:" + sensor.port());
    }

    public boolean isRunning(String namespace, String deployment) {
        Running sensor = running.get(namespace + "/" + deployment);
        return sensor != null && sensor.process().isAlive();
    }

    /** What the sensor process wrote (stdout and stderr). */
    public String log(String namespace, String deployment) {
        Running sensor = running.get(namespace + "/" + deployment);
        try {
            return sensor == null ? "" : Files.readString(sensor.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void ensureRunning(Deployment deployment) {
        String key = key(deployment);
        String template = String.valueOf(deployment.getSpec().getTemplate().hashCode());
        Running current = running.get(key);
        if (current != null && current.template().equals(template) && current.process().isAlive()) {
            return;
        }
        stop(key); // a changed pod template replaces the pod, as a rolling update would
        try {
            Running started = launch(deployment, template);
            running.put(key, started);
            probes.execute(() -> reportReadiness(started));
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "cannot start the sensor of Deployment %s", key);
        }
    }

    private Running launch(Deployment deployment, String template) throws IOException {
        String namespace = deployment.getMetadata().getNamespace();
        String name = deployment.getMetadata().getName();
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Path podDir = Files.createTempDirectory(workRoot, name + "-");
        Map<String, Path> mounts = materializeSecretVolumes(deployment, container, podDir);
        Map<String, String> env = environment(namespace, name + "-local", container, mounts);
        int port = NatsRunnerUtils.nextPort();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        Path log = podDir.resolve("sensor.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + Files.createDirectories(podDir.resolve("tmp")),
                "-jar", app.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(variable -> variable.startsWith("SQUALL_") || variable.startsWith("QUARKUS_"));
        builder.environment().putAll(env);
        LOG.infof("Starting the sensor of Deployment %s/%s on port %d", namespace, name, port);
        return new Running(namespace, name, template, builder.start(), port, log);
    }

    /** The Secret volumes the container mounts, written to files (one per key), by mount path. */
    private Map<String, Path> materializeSecretVolumes(Deployment deployment, Container container, Path podDir)
            throws IOException {
        Map<String, Volume> volumes = new LinkedHashMap<>();
        deployment.getSpec().getTemplate().getSpec().getVolumes().forEach(v -> volumes.put(v.getName(), v));
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = volumes.get(mount.getName());
            if (volume == null || volume.getSecret() == null) {
                continue; // emptyDirs: the process has its own tmp directory
            }
            Secret secret = client.secrets().inNamespace(deployment.getMetadata().getNamespace())
                    .withName(volume.getSecret().getSecretName()).get();
            if (secret == null) {
                throw new IllegalStateException("Secret " + volume.getSecret().getSecretName() + " not found");
            }
            Path dir = Files.createDirectories(podDir.resolve("volumes").resolve(mount.getName()));
            for (var entry : secretData(secret).entrySet()) {
                Files.writeString(dir.resolve(entry.getKey()), entry.getValue());
            }
            mounts.put(mount.getMountPath(), dir);
        }
        return mounts;
    }

    private Map<String, String> environment(String namespace, String podName, Container container,
            Map<String, Path> mounts) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            String value;
            if (variable.getValueFrom() == null) {
                value = variable.getValue();
            } else if (variable.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = variable.getValueFrom().getConfigMapKeyRef();
                ConfigMap map = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
                value = map == null ? null : map.getData().get(ref.getKey());
            } else if (variable.getValueFrom().getSecretKeyRef() != null) {
                var ref = variable.getValueFrom().getSecretKeyRef();
                Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
                value = secret == null ? null : secretData(secret).get(ref.getKey());
            } else if (variable.getValueFrom().getFieldRef() != null) {
                String path = variable.getValueFrom().getFieldRef().getFieldPath();
                value = switch (path) {
                    case "metadata.name" -> podName;
                    case "metadata.namespace" -> namespace;
                    default -> throw new IllegalStateException("unsupported fieldRef " + path);
                };
            } else {
                throw new IllegalStateException("unsupported valueFrom of " + variable.getName());
            }
            if (value == null) {
                throw new IllegalStateException("env " + variable.getName() + " refers to a missing ConfigMap/Secret key");
            }
            for (var mount : mounts.entrySet()) {
                if (value.startsWith(mount.getKey())) {
                    value = mount.getValue() + value.substring(mount.getKey().length());
                }
            }
            env.put(variable.getName(), value);
        }
        return env;
    }

    private static Map<String, String> secretData(Secret secret) {
        Map<String, String> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            data.putAll(secret.getStringData());
        }
        return data;
    }

    /** readyReplicas 1 while the program's readiness probe answers 200, 0 otherwise, until the process ends. */
    private void reportReadiness(Running sensor) {
        Integer reported = null;
        while (sensor.process().isAlive() && running.get(sensor.namespace() + "/" + sensor.deployment()) == sensor) {
            int ready = probeReady(sensor) ? 1 : 0;
            if (reported == null || reported != ready) {
                writeStatus(sensor, ready);
                reported = ready;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (running.get(sensor.namespace() + "/" + sensor.deployment()) == sensor) {
            writeStatus(sensor, 0);
        }
    }

    private boolean probeReady(Running sensor) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + sensor.port() + "/q/health/ready")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet, or gone: not ready, as a failed probe
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void writeStatus(Running sensor, int ready) {
        client.apps().deployments().inNamespace(sensor.namespace()).withName(sensor.deployment()).editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(1).withReadyReplicas(ready).withAvailableReplicas(ready).build());
            return d;
        });
    }

    private void stop(String key) {
        Running sensor = running.remove(key);
        if (sensor != null) {
            sensor.process().destroy();
        }
    }

    private static String key(Deployment deployment) {
        return deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
        List.copyOf(running.keySet()).forEach(this::stop);
        probes.shutdownNow();
    }
}
