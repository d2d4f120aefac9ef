package io.squall.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.WebhookPaths;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Plays the Deployment controller and the kubelet for sensor Deployments ({@link Names#SENSOR_SELECTOR}): every
 * replica is a local process of the sensors program with its container's environment ({@link LocalPod}), a free
 * HTTP port of its own ({@code QUARKUS_HTTP_PORT}) and the admin kubeconfig for the sensors that use the Kubernetes
 * API (without one, {@code SQUALL_LEADER_ELECTION=false}). It writes a Pod object per replica and the Deployment's
 * status, so the operator's Sensor status reads READY 1/1, or says why not: CrashLoopBackOff with the exit code and
 * the last lines of the log, CreateContainerConfigError for a missing Secret. A replica is ready when the
 * container's readiness probe (an HTTP GET) answers 2xx/3xx, and is probed again every periodSeconds.
 *
 * <p>A change of the pod template (the operator's config-hash annotation, the environment, ...) replaces the
 * replicas (strategy Recreate); a deleted Deployment or pod stops them. Custom sensor images
 * ({@code SQUALL_SENSOR_TYPE=image}) need a container runtime: their pods report CreateContainerError.
 */
public final class LocalDeploymentExecutor implements AutoCloseable {

    /** Where a ready sensor replica listens. */
    public record Endpoint(String namespace, String sensor, String type, String pod, int port, String path, Path log) {
        /** {@code http://127.0.0.1:<port>/<path>} of a webhook sensor, else null. */
        public String url() {
            return path == null ? null : "http://127.0.0.1:" + port + "/" + path;
        }
    }

    static final String CUSTOM_IMAGE_TYPE = "image";
    static final String CREATE_CONTAINER_ERROR = "CreateContainerError";
    static final String CRASH_LOOP = "CrashLoopBackOff";
    private static final String TEMPLATE_HASH_LABEL = "pod-template-hash";
    private static final System.Logger LOG = System.getLogger(LocalDeploymentExecutor.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TERMINATION_GRACE = Duration.ofSeconds(20);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final Duration CONFIG_RETRY = Duration.ofSeconds(3);
    private static final Duration NOT_READY_PROBE = Duration.ofMillis(300);
    private static final int LOG_TAIL_BYTES = 1024;

    private final KubernetesClient client;
    private final List<String> command;
    private final Path kubeconfig;
    private final Path workRoot;
    private final Consumer<List<Endpoint>> listener;
    private final ExecutorService reconciler = Executors.newSingleThreadExecutor(LocalNode.daemon("local-deployments"));
    private final ExecutorService supervisors = Executors.newCachedThreadPool(LocalNode.daemon("local-sensor-pod"));
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Workload> workloads = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    /**
     * @param command    the program of every replica, e.g. {@link #sensorsCommand}
     * @param kubeconfig given to the replicas as KUBECONFIG; null runs them with SQUALL_LEADER_ELECTION=false
     * @param workRoot   where each pod gets a directory {@code <namespace>_<pod>} with its log
     * @param listener   told the ready endpoints after every change (on an executor thread)
     */
    public LocalDeploymentExecutor(
            KubernetesClient client,
            List<String> command,
            Path kubeconfig,
            Path workRoot,
            Consumer<List<Endpoint>> listener) {
        this.client = client;
        this.command = List.copyOf(command);
        this.kubeconfig = kubeconfig;
        this.workRoot = workRoot;
        this.listener = listener;
    }

    /** {@code java -jar sensors/target/quarkus-app/quarkus-run.jar} with the sensors image's JVM flags. */
    public static List<String> sensorsCommand(Path quarkusRunJar) {
        if (!Files.isRegularFile(quarkusRunJar)) {
            throw new IllegalStateException("the sensors program is not built: " + quarkusRunJar + " not found; run "
                    + "`cd sensors && mvn -B -q package -DskipTests` first");
        }
        return List.of(
                LocalNode.java(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx256m",
                "-jar",
                quarkusRunJar.toString());
    }

    public LocalDeploymentExecutor start() {
        informers.add(client.apps()
                .deployments()
                .inAnyNamespace()
                .withLabelSelector(Names.SENSOR_SELECTOR)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Deployment deployment) {
                        reconciler.execute(() -> reconcile(deployment));
                    }

                    @Override
                    public void onUpdate(Deployment oldDeployment, Deployment newDeployment) {
                        reconciler.execute(() -> reconcile(newDeployment));
                    }

                    @Override
                    public void onDelete(Deployment deployment, boolean deletedFinalStateUnknown) {
                        reconciler.execute(() -> deleted(key(deployment)));
                    }
                }));
        informers.add(client.pods()
                .inAnyNamespace()
                .withLabelSelector(Names.SENSOR_SELECTOR)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {}

                    @Override
                    public void onUpdate(Pod oldPod, Pod newPod) {}

                    @Override
                    public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                        reconciler.execute(() -> podDeleted(pod));
                    }
                }));
        return this;
    }

    /** The endpoints of every ready replica, sorted by namespace, sensor and pod. */
    public List<Endpoint> endpoints() {
        return workloads.values().stream()
                .flatMap(w -> w.replicas.stream())
                .filter(r -> r.ready && r.endpoint != null)
                .map(r -> r.endpoint)
                .sorted(Comparator.comparing(Endpoint::namespace)
                        .thenComparing(Endpoint::sensor)
                        .thenComparing(Endpoint::pod))
                .toList();
    }

    /** Replicas with a running process, of the Deployment {@code namespace/name}. */
    public int runningReplicas(String namespace, String name) {
        Workload workload = workloads.get(namespace + "/" + name);
        return workload == null
                ? 0
                : (int) workload.replicas.stream()
                        .filter(r -> r.local != null && r.local.isAlive())
                        .count();
    }

    /** Stops every replica: SIGTERM to all, SIGKILL to those still running after the grace. Pod objects stay. */
    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        reconciler.shutdownNow();
        List<LocalPod> pods = workloads.values().stream()
                .flatMap(w -> w.replicas.stream())
                .map(Replica::markStopping)
                .filter(p -> p != null && p.isAlive())
                .toList();
        workloads.clear();
        pods.forEach(LocalPod::terminate);
        long deadline = System.nanoTime() + TERMINATION_GRACE.toNanos();
        try {
            for (LocalPod pod : pods) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !pod.process().waitFor(left, TimeUnit.NANOSECONDS)) {
                    pod.kill();
                }
            }
        } catch (InterruptedException e) {
            pods.forEach(LocalPod::kill);
            Thread.currentThread().interrupt();
        } finally {
            supervisors.shutdownNow();
        }
    }

    // ---- the Deployment controller's part (on the reconciler thread) ----

    private void reconcile(Deployment deployment) {
        if (deployment.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String hash = templateHash(deployment);
        int desired = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        Workload workload = workloads.computeIfAbsent(key(deployment), k -> new Workload(deployment));
        workload.deployment = deployment;
        boolean changed = false;
        for (Replica replica : List.copyOf(workload.replicas)) {
            if (!replica.hash.equals(hash)) {
                stop(replica);
                changed = true;
            }
        }
        while (workload.replicas.size() > desired) {
            stop(workload.replicas.get(workload.replicas.size() - 1));
            changed = true;
        }
        while (workload.replicas.size() < desired) {
            startReplica(workload, hash);
            changed = true;
        }
        Long generation = deployment.getMetadata().getGeneration();
        boolean observed = deployment.getStatus() != null
                && generation != null
                && generation.equals(deployment.getStatus().getObservedGeneration());
        if (changed || !observed) {
            writeDeploymentStatus(workload);
        }
        if (changed) {
            notifyListener();
        }
    }

    private void deleted(String key) {
        Workload workload = workloads.remove(key);
        if (workload != null) {
            List.copyOf(workload.replicas).forEach(this::stop);
            notifyListener();
        }
    }

    /** Someone deleted a replica's pod: the ReplicaSet replaces it. */
    private void podDeleted(Pod pod) {
        for (Workload workload : workloads.values()) {
            for (Replica replica : List.copyOf(workload.replicas)) {
                if (replica.podName.equals(pod.getMetadata().getName())
                        && !replica.stopping
                        && workload.namespace().equals(pod.getMetadata().getNamespace())) {
                    LOG.log(Level.INFO, "pod {0}/{1} deleted: replacing it", workload.namespace(), replica.podName);
                    stop(replica);
                    startReplica(workload, replica.hash);
                    writeDeploymentStatus(workload);
                    notifyListener();
                }
            }
        }
    }

    private void startReplica(Workload workload, String hash) {
        Deployment deployment = workload.deployment;
        String podName = deployment.getMetadata().getName() + "-" + hash + "-" + LocalNode.randomSuffix();
        // the sensors program binds it only once its JVM is up: a port outside the ephemeral range stays free
        Replica replica = new Replica(workload, podName, hash, FreePorts.next());
        workload.replicas.add(replica);
        Pod pod = createPod(deployment, podName, hash);
        replica.supervisor = supervisors.submit(() -> supervise(replica, pod));
    }

    /** Marks the replica stopping, sends SIGTERM (SIGKILL after the grace) and deletes its pod object. */
    private void stop(Replica replica) {
        replica.markStopping();
        replica.workload.replicas.remove(replica);
        supervisors.execute(() -> terminate(replica));
        try {
            client.pods()
                    .inNamespace(replica.workload.namespace())
                    .withName(replica.podName)
                    .withGracePeriod(0)
                    .delete();
        } catch (KubernetesClientException e) {
            LOG.log(
                    Level.WARNING,
                    "could not delete pod {0}/{1}: {2}",
                    replica.workload.namespace(),
                    replica.podName,
                    e.getMessage());
        }
    }

    private void terminate(Replica replica) {
        LocalPod local = replica.markStopping();
        if (local != null && local.isAlive()) {
            local.terminate();
            try {
                if (!local.process().waitFor(TERMINATION_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    local.kill();
                }
            } catch (InterruptedException e) {
                local.kill();
                Thread.currentThread().interrupt();
            }
        }
        Future<?> supervisor = replica.supervisor;
        if (supervisor != null) {
            supervisor.cancel(true);
        }
    }

    // ---- the kubelet's part (one supervisor thread per replica) ----

    private void supervise(Replica replica, Pod pod) {
        try {
            while (!replica.stopping) {
                LocalPod local;
                try {
                    local = LocalPod.prepare(
                            client, pod, workRoot.resolve(replica.workload.namespace() + "_" + replica.podName));
                } catch (PodSetupException e) {
                    updatePodStatus(
                            replica, status -> waiting(status, pod, PodSetupException.REASON, e.getMessage(), null));
                    sleep(CONFIG_RETRY); // the kubelet retries: the Secret may be created later
                    continue;
                }
                if (CUSTOM_IMAGE_TYPE.equals(local.environment().get("SQUALL_SENSOR_TYPE"))) {
                    updatePodStatus(
                            replica,
                            status -> waiting(
                                    status,
                                    pod,
                                    CREATE_CONTAINER_ERROR,
                                    "image "
                                            + local.container().getImage()
                                            + ": custom sensor images need a container runtime; the "
                                            + "local stack runs only the built-in sensors (webhook, poll, kubernetes-events)",
                                    null));
                    return;
                }
                ContainerStateTerminated terminated = runOnce(replica, local);
                if (terminated == null || replica.stopping) {
                    return;
                }
                replica.restarts++;
                Duration backoff = backoff(replica.restarts);
                LOG.log(
                        Level.WARNING,
                        "sensor pod {0}/{1} exited with {2}, restarting in {3}s; log {4}",
                        replica.workload.namespace(),
                        replica.podName,
                        terminated.getExitCode(),
                        backoff.toSeconds(),
                        local.log());
                updatePodStatus(
                        replica,
                        status -> waiting(
                                status,
                                pod,
                                CRASH_LOOP,
                                "back-off " + backoff.toSeconds() + "s restarting failed container="
                                        + local.container().getName() + " pod=" + replica.podName,
                                terminated));
                writeDeploymentStatus(replica.workload);
                notifyListener();
                sleep(backoff);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (!replica.stopping) {
                LOG.log(
                        Level.ERROR,
                        "local kubelet: sensor pod " + replica.workload.namespace() + "/" + replica.podName + " failed",
                        e);
            }
        }
    }

    /** Runs the process until it exits, probing readiness; returns how it ended, null when the replica stopped first. */
    private ContainerStateTerminated runOnce(Replica replica, LocalPod local) throws IOException, InterruptedException {
        long logOffset = Files.exists(local.log()) ? Files.size(local.log()) : 0;
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("QUARKUS_HTTP_PORT", Integer.toString(replica.port));
        if (kubeconfig != null) {
            extra.put("KUBECONFIG", kubeconfig.toString());
        } else {
            extra.put("SQUALL_LEADER_ELECTION", "false");
        }
        Process process = replica.start(local, command, extra);
        if (process == null) {
            return null;
        }
        replica.endpoint = endpoint(replica, local);
        String startedAt = LocalNode.now();
        updatePodStatus(replica, status -> running(status, local.container(), startedAt, false, replica));
        Optional<Probe> probe =
                Optional.ofNullable(local.container().getReadinessProbe()).filter(p -> p.getHttpGet() != null);
        while (!process.waitFor(
                replica.ready ? periodMillis(probe) : NOT_READY_PROBE.toMillis(), TimeUnit.MILLISECONDS)) {
            boolean ready = probe.map(p -> probe(replica.port, p)).orElse(true);
            if (ready != replica.ready && !replica.stopping) {
                replica.ready = ready;
                updatePodStatus(replica, status -> running(status, local.container(), startedAt, ready, replica));
                writeDeploymentStatus(replica.workload);
                notifyListener();
            }
        }
        boolean wasReady = replica.ready;
        replica.ready = false;
        if (wasReady && !replica.stopping) {
            writeDeploymentStatus(replica.workload);
            notifyListener();
        }
        int code = process.exitValue();
        return new ContainerStateTerminatedBuilder()
                .withExitCode(code)
                .withReason(code == 0 ? "Completed" : "Error")
                .withMessage(tail(local.log(), logOffset))
                .withStartedAt(startedAt)
                .withFinishedAt(LocalNode.now())
                .build();
    }

    private boolean probe(int port, Probe probe) {
        String path = Optional.ofNullable(probe.getHttpGet().getPath()).orElse("/");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(
                        Optional.ofNullable(probe.getTimeoutSeconds()).orElse(1).longValue()))
                .GET()
                .build();
        try {
            int code =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return code >= 200 && code < 400;
        } catch (IOException e) {
            return false; // not listening yet, or hung: not ready, as for the kubelet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long periodMillis(Optional<Probe> probe) {
        return probe.map(Probe::getPeriodSeconds).orElse(10) * 1000L;
    }

    /** The kubelet's restart back-off: 10 s doubling up to 5 minutes. */
    static Duration backoff(int restarts) {
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(restarts - 1, 5));
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    private Endpoint endpoint(Replica replica, LocalPod local) {
        Map<String, String> env = local.environment();
        String sensor = env.getOrDefault(
                "SQUALL_SENSOR_NAME", replica.workload.deployment.getMetadata().getName());
        String type = env.getOrDefault("SQUALL_SENSOR_TYPE", "");
        String path = "webhook".equals(type) ? webhookPath(sensor, env.get("SQUALL_SENSOR_CONFIG")) : null;
        return new Endpoint(
                replica.workload.namespace(), sensor, type, replica.podName, replica.port, path, local.log());
    }

    /** As the sensors program reads it: webhook config "path", else the sensor's name ({@link WebhookPaths}). */
    static String webhookPath(String sensor, String configJson) {
        String path = null;
        if (configJson != null && !configJson.isBlank()) {
            try {
                JsonNode configured = JSON.readTree(configJson).path("path");
                path = configured.isTextual() ? configured.asText() : null;
            } catch (IOException e) {
                throw new UncheckedIOException("SQUALL_SENSOR_CONFIG is not JSON: " + e.getMessage(), e);
            }
        }
        return WebhookPaths.of(path, sensor);
    }

    // ---- objects and status ----

    private Pod createPod(Deployment deployment, String podName, String hash) {
        Pod pod = PodObjects.fromTemplate(
                deployment,
                "apps/v1",
                "Deployment",
                deployment.getSpec().getTemplate(),
                podName,
                Map.of(TEMPLATE_HASH_LABEL, hash));
        Pod created = client.pods().resource(pod).create();
        String now = LocalNode.now();
        return client.pods().resource(created).editStatus(p -> {
            p.setStatus(new PodStatus());
            p.getStatus().setPhase("Pending");
            p.getStatus().setConditions(List.of(podCondition("PodScheduled", true, now)));
            return p;
        });
    }

    private void updatePodStatus(Replica replica, UnaryOperator<PodStatus> change) {
        if (replica.stopping) {
            return;
        }
        PodObjects.editPodStatus(client, replica.workload.namespace(), replica.podName, change);
    }

    private static PodStatus running(
            PodStatus status, Container container, String startedAt, boolean ready, Replica replica) {
        String now = LocalNode.now();
        status.setPhase("Running");
        status.setStartTime(Optional.ofNullable(status.getStartTime()).orElse(startedAt));
        status.setPodIP("127.0.0.1");
        status.setHostIP("127.0.0.1");
        status.setConditions(List.of(
                podCondition("PodScheduled", true, now),
                podCondition("Initialized", true, now),
                podCondition("ContainersReady", ready, now),
                podCondition("Ready", ready, now)));
        var lastState = Optional.ofNullable(status.getContainerStatuses()).orElse(List.of()).stream()
                .findFirst()
                .map(c -> c.getLastState())
                .orElse(null); // how the previous run ended, kept across the restart
        status.setContainerStatuses(List.of(PodObjects.containerStatus(container, ready, true)
                .withRestartCount(replica.restarts)
                .withNewState()
                .withNewRunning(startedAt)
                .endState()
                .withLastState(lastState)
                .build()));
        return status;
    }

    private static PodStatus waiting(
            PodStatus status, Pod pod, String reason, String message, ContainerStateTerminated last) {
        Container container = pod.getSpec().getContainers().get(0);
        String now = LocalNode.now();
        status.setPhase(last == null ? "Pending" : "Running");
        status.setConditions(List.of(
                podCondition("PodScheduled", true, now),
                podCondition("Initialized", true, now),
                podCondition("ContainersReady", false, now),
                podCondition("Ready", false, now)));
        int restarts = Optional.ofNullable(status.getContainerStatuses()).orElse(List.of()).stream()
                .findFirst()
                .map(c -> Optional.ofNullable(c.getRestartCount()).orElse(0))
                .orElse(0);
        var builder = PodObjects.containerStatus(container, false, false)
                .withRestartCount(last == null ? restarts : restarts + 1)
                .withNewState()
                .withNewWaiting(message, reason)
                .endState();
        if (last != null) {
            builder.withNewLastState().withTerminated(last).endLastState();
        }
        status.setContainerStatuses(List.of(builder.build()));
        return status;
    }

    private static PodCondition podCondition(String type, boolean value, String at) {
        return new PodConditionBuilder()
                .withType(type)
                .withStatus(value ? "True" : "False")
                .withLastTransitionTime(at)
                .build();
    }

    /** replicas, updated/ready/available counts and the Available and Progressing conditions, as the controller writes them. */
    private synchronized void writeDeploymentStatus(Workload workload) {
        Deployment deployment = workload.deployment;
        int desired = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        List<Replica> replicas = List.copyOf(workload.replicas);
        int ready = (int) replicas.stream().filter(r -> r.ready).count();
        String now = LocalNode.now();
        boolean available = ready >= desired;
        DeploymentCondition availableCondition = new DeploymentConditionBuilder()
                .withType("Available")
                .withStatus(available ? "True" : "False")
                .withReason(available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                .withMessage(
                        available
                                ? "Deployment has minimum availability."
                                : "Deployment does not have minimum availability.")
                .withLastUpdateTime(now)
                .withLastTransitionTime(now)
                .build();
        DeploymentCondition progressing = new DeploymentConditionBuilder()
                .withType("Progressing")
                .withStatus("True")
                .withReason(available ? "NewReplicaSetAvailable" : "ReplicaSetUpdated")
                .withMessage("local replicas of \"" + deployment.getMetadata().getName() + "\"")
                .withLastUpdateTime(now)
                .withLastTransitionTime(now)
                .build();
        PodObjects.editStatusUnlessGone(
                client.apps()
                        .deployments()
                        .inNamespace(workload.namespace())
                        .withName(deployment.getMetadata().getName()),
                d -> {
                    DeploymentStatus status = new DeploymentStatus();
                    status.setObservedGeneration(d.getMetadata().getGeneration());
                    status.setReplicas(replicas.size());
                    status.setUpdatedReplicas(replicas.size());
                    status.setReadyReplicas(ready);
                    status.setAvailableReplicas(ready);
                    status.setUnavailableReplicas(Math.max(0, desired - ready));
                    status.setConditions(List.of(availableCondition, progressing));
                    d.setStatus(status);
                    return d;
                });
    }

    private void notifyListener() {
        try {
            listener.accept(endpoints());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "endpoint listener failed", e);
        }
    }

    // ---- helpers ----

    private static String templateHash(Deployment deployment) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Serialization.asJson(deployment.getSpec().getTemplate())
                            .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The last output of one run, as Kubernetes' FallbackToLogsOnError would put in the termination message. */
    private static String tail(Path log, long from) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(from, file.length() - LOG_TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).strip();
        }
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    private static String key(Deployment deployment) {
        return deployment.getMetadata().getNamespace() + "/"
                + deployment.getMetadata().getName();
    }

    /** One Deployment's replicas. */
    private static final class Workload {
        volatile Deployment deployment;
        final List<Replica> replicas = new CopyOnWriteArrayList<>();

        Workload(Deployment deployment) {
            this.deployment = deployment;
        }

        String namespace() {
            return deployment.getMetadata().getNamespace();
        }
    }

    /** One pod of a Deployment: its process comes and goes (restarts), its name, port and template hash stay. */
    private static final class Replica {
        final Workload workload;
        final String podName;
        final String hash;
        final int port;
        volatile LocalPod local;
        volatile Endpoint endpoint;
        volatile boolean ready;
        volatile boolean stopping;
        volatile Future<?> supervisor;
        int restarts;

        Replica(Workload workload, String podName, String hash, int port) {
            this.workload = workload;
            this.podName = podName;
            this.hash = hash;
            this.port = port;
        }

        /** Starts the pod's process unless the replica is stopping (then null): no process starts after a stop. */
        synchronized Process start(LocalPod pod, List<String> command, Map<String, String> env) throws IOException {
            if (stopping) {
                return null;
            }
            local = pod;
            return pod.start(command, env);
        }

        /** From now on nothing starts; returns the pod whose process may still run. */
        synchronized LocalPod markStopping() {
            stopping = true;
            ready = false;
            return local;
        }
    }
}
