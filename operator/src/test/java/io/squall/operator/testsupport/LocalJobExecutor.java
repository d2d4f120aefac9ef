package io.squall.operator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.squall.operator.execution.RunnerNames;

/**
 * Plays the Job controller and the kubelet for runner Jobs on a (mock) API server, so the operator's
 * execution lifecycle runs end to end without a cluster: for each new runner Job it creates the pod object,
 * materialises the pod's volumes (Secret and ConfigMap keys, emptyDirs) in a temporary directory, resolves
 * its environment (values, secretKeyRefs; mount paths rewritten to that directory), starts the REAL runner
 * jar ({@link #runnerJar()}) as a local process with that environment, and writes pod and Job status the
 * way Kubernetes does (Running; Succeeded/Complete on exit 0; Failed/BackoffLimitExceeded otherwise;
 * DeadlineExceeded at activeDeadlineSeconds; OOMKilled). Deleting a Job deletes its pods; deleting a pod
 * sends SIGTERM to its process (the runner reports "canceled"). Failure modes that need a real node are
 * chosen by image name: {@value #IMAGE_PULL_BACKOFF} (the pod never starts), {@value #OOM_KILLED} (the
 * runner is killed right after start and reported OOMKilled), {@value #CRASH} (a process that exits 3 without
 * a result), {@value #EXIT_0_NO_RESULT} (exits 0 without a result), {@value #HANG} (a runner that never
 * reports, stopped only by the Job's deadline); {@link #kill} SIGKILLs a running pod.
 */
public final class LocalJobExecutor implements AutoCloseable {

    public static final String RUNNER_JAR_PROPERTY = "squall-test.runner-jar";
    public static final String IMAGE_PULL_BACKOFF = "squall/test:imagepullbackoff";
    public static final String OOM_KILLED = "squall/test:oomkilled";
    public static final String CRASH = "squall/test:crash";
    public static final String EXIT_0_NO_RESULT = "squall/test:exit0";
    public static final String HANG = "squall/test:hang";

    private static final Logger LOG = Logger.getLogger(LocalJobExecutor.class);
    private static final long TERMINATION_GRACE_SECONDS = 30;

    private final KubernetesClient client;
    private final Path runnerJar;
    private final Path workRoot;
    private final Semaphore slots;
    private final ExecutorService pods = Executors.newCachedThreadPool(daemon("local-kubelet"));
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, daemon("local-kubelet-timer"));
    private final Map<String, RunningPod> running = new ConcurrentHashMap<>();
    private final Set<String> seenJobs = ConcurrentHashMap.newKeySet();
    private final AtomicInteger started = new AtomicInteger();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    /** A pod whose process runs (or is about to). */
    private static final class RunningPod {
        final String namespace;
        final String podName;
        final String jobName;
        volatile Process process;
        volatile boolean podDeleted;
        volatile boolean deadlineExceeded;
        volatile boolean oomKilled;

        RunningPod(String namespace, String podName, String jobName) {
            this.namespace = namespace;
            this.podName = podName;
            this.jobName = jobName;
        }
    }

    /** @param maxRunning pods running at once (a small node); more wait Pending */
    public LocalJobExecutor(KubernetesClient client, int maxRunning) {
        this.client = client;
        this.runnerJar = runnerJar();
        this.slots = new Semaphore(maxRunning);
        try {
            this.workRoot = Files.createTempDirectory("squall-kubelet-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The runner jar the build points at (squall-test.runner-jar), with an instruction when it is not built. */
    public static Path runnerJar() {
        String property = System.getProperty(RUNNER_JAR_PROPERTY);
        if (property == null || property.isBlank()) {
            throw new IllegalStateException("system property " + RUNNER_JAR_PROPERTY + " is not set: run the tests "
                    + "through Maven (the operator pom sets it to runner-image/target/squall-runner.jar)");
        }
        Path jar = Path.of(property);
        if (!Files.isRegularFile(jar) || !Files.isDirectory(jar.resolveSibling("lib"))) {
            throw new IllegalStateException("the runner is not built: " + jar + " (and its lib/) not found; run "
                    + "`cd runner-image && mvn -B -q package -DskipTests` first");
        }
        return jar;
    }

    public LocalJobExecutor start() {
        informers.add(client.batch().v1().jobs().inAnyNamespace().withLabelSelector(RunnerNames.RUNNER_SELECTOR)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Job job) {
                        jobAdded(job);
                    }

                    @Override
                    public void onUpdate(Job oldJob, Job newJob) {
                        jobAdded(newJob);
                    }

                    @Override
                    public void onDelete(Job job, boolean deletedFinalStateUnknown) {
                        jobDeleted(job);
                    }
                }));
        informers.add(client.pods().inAnyNamespace().withLabelSelector(RunnerNames.RUNNER_SELECTOR)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                    }

                    @Override
                    public void onUpdate(Pod oldPod, Pod newPod) {
                    }

                    @Override
                    public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                        podDeleted(pod);
                    }
                }));
        return this;
    }

    /** Pods started since creation. */
    public int startedPods() {
        return started.get();
    }

    /** SIGKILLs the running pod of a Job (its whole process tree), as when a node dies under it. */
    public void kill(String namespace, String jobName) {
        running.values().stream()
                .filter(p -> p.namespace.equals(namespace) && p.jobName.equals(jobName) && p.process != null)
                .forEach(p -> killTree(p.process));
    }

    /** Whether a process of the Job runs now. */
    public boolean isRunning(String namespace, String jobName) {
        return running.values().stream().anyMatch(p -> p.namespace.equals(namespace) && p.jobName.equals(jobName)
                && p.process != null && p.process.isAlive());
    }

    /** The output (stdout and stderr) of a Job's pod, for assertions and failure diagnosis. */
    public String log(String namespace, String jobName) {
        try (Stream<Path> files = Files.list(workRoot)) {
            Path dir = files.filter(d -> d.getFileName().toString().startsWith(namespace + "_" + jobName + "-"))
                    .findFirst().orElse(null);
            return dir == null || !Files.exists(dir.resolve("output.log")) ? ""
                    : Files.readString(dir.resolve("output.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        running.values().forEach(p -> {
            if (p.process != null) {
                killTree(p.process);
            }
        });
        pods.shutdownNow();
        timers.shutdownNow();
        try (Stream<Path> paths = Files.walk(workRoot)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", workRoot, e.getMessage());
        }
    }

    private void jobAdded(Job job) {
        boolean fresh = job.getStatus() == null || job.getStatus().getStartTime() == null;
        if (fresh && seenJobs.add(job.getMetadata().getUid())) {
            pods.execute(() -> runJob(job));
        }
    }

    private void jobDeleted(Job job) {
        // the garbage collector's part: a deleted Job's pods go too (and get SIGTERM)
        client.pods().inNamespace(job.getMetadata().getNamespace()).withLabel("job-name", job.getMetadata().getName())
                .delete();
    }

    private void podDeleted(Pod pod) {
        RunningPod current = running.get(key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
        if (current != null) {
            current.podDeleted = true;
            terminate(current);
        }
    }

    private void runJob(Job job) {
        String namespace = job.getMetadata().getNamespace();
        String jobName = job.getMetadata().getName();
        String podName = jobName + "-" + randomSuffix();
        RunningPod pod = new RunningPod(namespace, podName, jobName);
        running.put(key(namespace, podName), pod);
        try {
            createPod(job, podName);
            String start = now();
            updateJobStatus(namespace, jobName, status -> {
                status.setStartTime(start);
                status.setActive(1);
                return status;
            });
            scheduleDeadline(job, pod);
            Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
            if (IMAGE_PULL_BACKOFF.equals(container.getImage())) {
                updatePodStatus(pod, status -> waiting(status, container, "ImagePullBackOff",
                        "Back-off pulling image \"" + container.getImage() + "\""));
                return; // like a real node: Pending until someone deletes it
            }
            slots.acquire();
            try {
                run(job, pod, container);
            } finally {
                slots.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (PodSetupException e) {
            updatePodStatus(pod, status -> waiting(status, container(job), "CreateContainerConfigError", e.getMessage()));
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "local kubelet: pod %s/%s failed to run", namespace, podName);
        } finally {
            running.remove(key(namespace, podName));
        }
    }

    private void run(Job job, RunningPod pod, Container container) throws IOException, InterruptedException {
        Path podDir = Files.createDirectories(workRoot.resolve(pod.namespace + "_" + pod.podName));
        Map<String, Path> mounts = materializeVolumes(job, container, podDir);
        Map<String, String> env = environment(job, container, mounts);
        List<String> command = command(container.getImage(), mounts);
        ProcessBuilder builder = new ProcessBuilder(command).directory(podDir.toFile())
                .redirectErrorStream(true).redirectOutput(podDir.resolve("output.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SQUALL_"));
        builder.environment().putAll(env);
        if (pod.podDeleted) {
            return;
        }
        pod.process = builder.start();
        started.incrementAndGet();
        String startedAt = now();
        updatePodStatus(pod, status -> {
            status.setPhase("Running");
            status.setStartTime(startedAt);
            status.setContainerStatuses(List.of(new ContainerStatusBuilder().withName(container.getName())
                    .withImage(container.getImage()).withReady(true).withStarted(true)
                    .withNewState().withNewRunning(startedAt).endState().build()));
            return status;
        });
        if (OOM_KILLED.equals(container.getImage())) {
            pod.oomKilled = true;
            killTree(pod.process);
        }
        int exitCode = pod.process.waitFor();
        finish(job, pod, container, exitCode, startedAt);
    }

    private void finish(Job job, RunningPod pod, Container container, int exitCode, String startedAt) {
        String finishedAt = now();
        boolean succeeded = exitCode == 0 && !pod.oomKilled && !pod.deadlineExceeded;
        String reason = pod.oomKilled ? "OOMKilled" : exitCode == 0 ? "Completed" : "Error";
        int code = pod.oomKilled ? 137 : exitCode;
        if (!pod.podDeleted) {
            updatePodStatus(pod, status -> {
                status.setPhase(succeeded ? "Succeeded" : "Failed");
                if (pod.deadlineExceeded) {
                    status.setReason("DeadlineExceeded");
                    status.setMessage("Pod was active on the node longer than the specified deadline");
                }
                status.setContainerStatuses(List.of(new ContainerStatusBuilder().withName(container.getName())
                        .withImage(container.getImage()).withReady(false).withStarted(false)
                        .withNewState().withNewTerminated().withExitCode(code).withReason(reason)
                        .withStartedAt(startedAt).withFinishedAt(finishedAt).endTerminated().endState().build()));
                return status;
            });
        }
        if (pod.deadlineExceeded) {
            return; // the Job was failed when the deadline passed
        }
        // a deleted pod whose runner still exited 0 (it reported "canceled") completes the Job, as in Kubernetes
        updateJobStatus(pod.namespace, pod.jobName, status -> {
            status.setActive(0);
            if (succeeded) {
                status.setSucceeded(1);
                status.setCompletionTime(finishedAt);
                status.setConditions(List.of(condition("SuccessCriteriaMet", "CompletionsReached",
                        "Reached expected number of succeeded pods", finishedAt),
                        condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods",
                                finishedAt)));
            } else {
                status.setFailed(1);
                status.setConditions(List.of(condition("FailureTarget", "BackoffLimitExceeded",
                        "Job has reached the specified backoff limit", finishedAt),
                        condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit",
                                finishedAt)));
            }
            return status;
        });
    }

    /** At activeDeadlineSeconds the Job controller fails the Job and terminates its pod. */
    private void scheduleDeadline(Job job, RunningPod pod) {
        Long deadline = job.getSpec().getActiveDeadlineSeconds();
        if (deadline == null) {
            return;
        }
        timers.schedule(() -> {
            if (!running.containsKey(key(pod.namespace, pod.podName))) {
                return;
            }
            pod.deadlineExceeded = true;
            String at = now();
            updateJobStatus(pod.namespace, pod.jobName, status -> {
                status.setActive(0);
                status.setFailed(1);
                status.setConditions(List.of(
                        condition("FailureTarget", "DeadlineExceeded", "Job was active longer than specified deadline", at),
                        condition("Failed", "DeadlineExceeded", "Job was active longer than specified deadline", at)));
                return status;
            });
            terminate(pod);
        }, deadline, TimeUnit.SECONDS);
    }

    /** SIGTERM, then SIGKILL after the termination grace period. */
    private void terminate(RunningPod pod) {
        Process process = pod.process;
        if (process == null) {
            return;
        }
        process.destroy();
        timers.schedule(() -> {
            if (process.isAlive()) {
                killTree(process);
            }
        }, TERMINATION_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    private List<String> command(String image, Map<String, Path> mounts) {
        if (CRASH.equals(image)) {
            return List.of("bash", "-c", "echo 'simulated crash' >&2; exit 3");
        }
        if (EXIT_0_NO_RESULT.equals(image)) {
            return List.of("bash", "-c", "echo 'exits 0 without publishing a result'");
        }
        if (HANG.equals(image)) {
            return List.of("sleep", "3600");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the runner image's JVM flags (start-up over peak performance)
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto"));
        Path tmp = mounts.get("/tmp");
        if (tmp != null) {
            command.add("-Djava.io.tmpdir=" + tmp);
        }
        command.add("-jar");
        command.add(runnerJar.toString());
        return command;
    }

    private Map<String, Path> materializeVolumes(Job job, Container container, Path podDir) throws IOException {
        Map<String, Volume> volumes = new HashMap<>();
        job.getSpec().getTemplate().getSpec().getVolumes().forEach(v -> volumes.put(v.getName(), v));
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = volumes.get(mount.getName());
            if (volume == null) {
                throw new PodSetupException("volume " + mount.getName() + " not found");
            }
            Path dir = Files.createDirectories(podDir.resolve("volumes").resolve(mount.getName()));
            String namespace = job.getMetadata().getNamespace();
            if (volume.getSecret() != null) {
                Secret secret = client.secrets().inNamespace(namespace).withName(volume.getSecret().getSecretName()).get();
                if (secret == null) {
                    throw new PodSetupException("secret \"" + volume.getSecret().getSecretName() + "\" not found");
                }
                writeKeys(dir, decode(secret), volume.getSecret().getItems());
            } else if (volume.getConfigMap() != null) {
                ConfigMap configMap = client.configMaps().inNamespace(namespace)
                        .withName(volume.getConfigMap().getName()).get();
                if (configMap == null) {
                    throw new PodSetupException("configmap \"" + volume.getConfigMap().getName() + "\" not found");
                }
                Map<String, byte[]> data = new HashMap<>();
                if (configMap.getData() != null) {
                    configMap.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
                }
                if (configMap.getBinaryData() != null) {
                    configMap.getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
                }
                writeKeys(dir, data, volume.getConfigMap().getItems());
            } else if (volume.getEmptyDir() == null) {
                throw new PodSetupException("volume " + mount.getName() + ": only secret, configMap and emptyDir are "
                        + "supported by the local kubelet");
            }
            mounts.put(mount.getMountPath(), dir);
        }
        return mounts;
    }

    private static void writeKeys(Path dir, Map<String, byte[]> data, List<KeyToPath> items) throws IOException {
        if (items == null || items.isEmpty()) {
            for (var entry : data.entrySet()) {
                Files.write(dir.resolve(entry.getKey()), entry.getValue());
            }
            return;
        }
        for (KeyToPath item : items) {
            byte[] value = data.get(item.getKey());
            if (value == null) {
                throw new PodSetupException("key " + item.getKey() + " not found");
            }
            Path file = dir.resolve(item.getPath());
            Files.createDirectories(file.getParent());
            Files.write(file, value);
        }
    }

    private Map<String, String> environment(Job job, Container container, Map<String, Path> mounts) {
        Map<String, String> env = new LinkedHashMap<>();
        String namespace = job.getMetadata().getNamespace();
        for (EnvVar var : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            String value;
            if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
                var ref = var.getValueFrom().getSecretKeyRef();
                Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
                byte[] bytes = secret == null ? null : decode(secret).get(ref.getKey());
                if (bytes == null) {
                    if (Boolean.TRUE.equals(ref.getOptional())) {
                        continue;
                    }
                    throw new PodSetupException("secret \"" + ref.getName() + "\" key \"" + ref.getKey() + "\" not found");
                }
                value = new String(bytes, StandardCharsets.UTF_8);
            } else if (var.getValueFrom() != null) {
                throw new PodSetupException("env " + var.getName() + ": only value and secretKeyRef are supported");
            } else {
                value = var.getValue() == null ? "" : var.getValue();
            }
            env.put(var.getName(), rewritePaths(value, mounts));
        }
        Path tmp = mounts.get("/tmp");
        if (tmp != null) {
            env.put("TMPDIR", tmp.toString());
        }
        return env;
    }

    /** A value naming a file under a mount path names the same file under the local directory. */
    private static String rewritePaths(String value, Map<String, Path> mounts) {
        return mounts.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Path> e) -> e.getKey().length()).reversed())
                .filter(e -> value.equals(e.getKey()) || value.startsWith(e.getKey() + "/"))
                .findFirst()
                .map(e -> e.getValue() + value.substring(e.getKey().length()))
                .orElse(value);
    }

    private static Map<String, byte[]> decode(Secret secret) {
        Map<String, byte[]> data = new HashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        return data;
    }

    private void createPod(Job job, String podName) {
        var template = job.getSpec().getTemplate();
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        labels.put("job-name", job.getMetadata().getName());
        labels.put("batch.kubernetes.io/job-name", job.getMetadata().getName());
        Pod pod = new PodBuilder()
                .withNewMetadata()
                    .withName(podName)
                    .withNamespace(job.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withAnnotations(template.getMetadata().getAnnotations())
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                            .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid())
                            .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withSpec(template.getSpec())
                .withNewStatus().withPhase("Pending").endStatus()
                .build();
        client.pods().resource(pod).create();
    }

    private void updatePodStatus(RunningPod pod, UnaryOperator<PodStatus> change) {
        try {
            client.pods().inNamespace(pod.namespace).withName(pod.podName).editStatus(p -> {
                p.setStatus(change.apply(p.getStatus() == null ? new PodStatus() : p.getStatus()));
                return p;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private void updateJobStatus(String namespace, String jobName, UnaryOperator<JobStatus> change) {
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(jobName).editStatus(j -> {
                j.setStatus(change.apply(j.getStatus() == null ? new JobStatus() : j.getStatus()));
                return j;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) { // the Job was deleted meanwhile
                throw e;
            }
        }
    }

    private static PodStatus waiting(PodStatus status, Container container, String reason, String message) {
        ContainerStatus waiting = new ContainerStatusBuilder().withName(container.getName())
                .withImage(container.getImage()).withReady(false).withStarted(false)
                .withNewState().withNewWaiting(message, reason).endState().build();
        status.setPhase("Pending");
        status.setContainerStatuses(List.of(waiting));
        return status;
    }

    private static Container container(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static JobCondition condition(String type, String reason, String message, String at) {
        return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                .withLastProbeTime(at).withLastTransitionTime(at).build();
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String key(String namespace, String pod) {
        return namespace + "/" + pod;
    }

    private static String randomSuffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return suffix.toString();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The pod cannot be set up (a missing Secret or ConfigMap key): Kubernetes says CreateContainerConfigError. */
    private static final class PodSetupException extends RuntimeException {
        PodSetupException(String message) {
            super(message);
        }
    }
}
