package io.squall.local;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.squall.api.v1alpha1.Names;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Plays the Job controller and the kubelet for runner Jobs ({@link Names#RUNNER_SELECTOR}) on an API server (real
 * or mock), so the operator's execution lifecycle runs end to end without a cluster: for each new runner Job it
 * creates the pod object, sets the pod up as a {@link LocalPod} (volumes, environment), starts the REAL runner jar
 * as a local process, and writes pod and Job status the way Kubernetes does (Running; Succeeded/Complete on exit 0;
 * Failed/BackoffLimitExceeded otherwise; DeadlineExceeded at activeDeadlineSeconds; OOMKilled;
 * CreateContainerConfigError when a Secret or key is missing). Deleting a Job deletes its pods; deleting a pod
 * sends SIGTERM to its process (the runner reports "canceled"); {@link #evict} does the same and marks the pod
 * Evicted.
 *
 * <p>Failure modes that need a real node are chosen by image name, for tests: {@value #IMAGE_PULL_BACKOFF} (the pod
 * never starts), {@value #OOM_KILLED} (the runner is killed right after start and reported OOMKilled),
 * {@value #CRASH} (a process that exits 3 without a result), {@value #EXIT_0_NO_RESULT} (exits 0 without a result),
 * {@value #HANG} (a runner that never reports, stopped only by the Job's deadline); {@link #kill} SIGKILLs a running
 * pod.
 */
public final class LocalJobExecutor implements AutoCloseable {

    /** The system property the operator's tests set to runner-image/target/squall-runner.jar. */
    public static final String RUNNER_JAR_PROPERTY = "squall-test.runner-jar";

    public static final String IMAGE_PULL_BACKOFF = "squall/test:imagepullbackoff";
    public static final String OOM_KILLED = "squall/test:oomkilled";
    public static final String CRASH = "squall/test:crash";
    public static final String EXIT_0_NO_RESULT = "squall/test:exit0";
    public static final String HANG = "squall/test:hang";

    private static final System.Logger LOG = System.getLogger(LocalJobExecutor.class.getName());
    private static final long TERMINATION_GRACE_SECONDS = 30;

    private final KubernetesClient client;
    private final Path runnerJar;
    private final Path workRoot;
    private final boolean ownsWorkRoot;
    private final Semaphore slots;
    private final ExecutorService pods = Executors.newCachedThreadPool(LocalNode.daemon("local-kubelet"));
    private final ScheduledExecutorService timers =
            Executors.newScheduledThreadPool(1, LocalNode.daemon("local-kubelet-timer"));
    private final Map<String, RunningPod> running = new ConcurrentHashMap<>();
    private final Set<String> seenJobs = ConcurrentHashMap.newKeySet();
    private final AtomicInteger started = new AtomicInteger();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    /** A pod whose process runs (or is about to). */
    private static final class RunningPod {
        final String namespace;
        final String podName;
        final String jobName;
        volatile LocalPod local;
        volatile boolean podDeleted;
        volatile boolean deadlineExceeded;
        volatile boolean oomKilled;
        /** Set when the node evicts the pod: the message its status gets. */
        volatile String evictedFor;

        RunningPod(String namespace, String podName, String jobName) {
            this.namespace = namespace;
            this.podName = podName;
            this.jobName = jobName;
        }
    }

    /**
     * For tests: the runner jar of {@value #RUNNER_JAR_PROPERTY}, pods in a temporary directory deleted on close.
     *
     * @param maxRunning pods running at once (a small node); more wait Pending
     */
    public LocalJobExecutor(KubernetesClient client, int maxRunning) {
        this(client, runnerJar(), createTempDirectory(), true, maxRunning);
    }

    /**
     * @param runnerJar  runner-image/target/squall-runner.jar (with its lib/ beside it)
     * @param workRoot   where each pod gets a directory {@code <namespace>_<pod>} with its log (kept)
     * @param maxRunning pods running at once (a small node); more wait Pending
     */
    public LocalJobExecutor(KubernetesClient client, Path runnerJar, Path workRoot, int maxRunning) {
        this(client, requireRunner(runnerJar), workRoot, false, maxRunning);
    }

    private LocalJobExecutor(
            KubernetesClient client, Path runnerJar, Path workRoot, boolean ownsWorkRoot, int maxRunning) {
        this.client = client;
        this.runnerJar = runnerJar;
        this.workRoot = workRoot;
        this.ownsWorkRoot = ownsWorkRoot;
        this.slots = new Semaphore(maxRunning);
    }

    /** The runner jar the build points at ({@value #RUNNER_JAR_PROPERTY}), with an instruction when it is not built. */
    public static Path runnerJar() {
        String property = System.getProperty(RUNNER_JAR_PROPERTY);
        if (property == null || property.isBlank()) {
            throw new IllegalStateException("system property " + RUNNER_JAR_PROPERTY + " is not set: run the tests "
                    + "through Maven (the operator pom sets it to runner-image/target/squall-runner.jar)");
        }
        return requireRunner(Path.of(property));
    }

    private static Path requireRunner(Path jar) {
        if (!Files.isRegularFile(jar) || !Files.isDirectory(jar.resolveSibling("lib"))) {
            throw new IllegalStateException("the runner is not built: " + jar + " (and its lib/) not found; run "
                    + "`cd runner-image && mvn -B -q package -DskipTests` first");
        }
        return jar;
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("squall-kubelet-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public LocalJobExecutor start() {
        informers.add(client.batch()
                .v1()
                .jobs()
                .inAnyNamespace()
                .withLabelSelector(Names.RUNNER_SELECTOR)
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
        informers.add(client.pods()
                .inAnyNamespace()
                .withLabelSelector(Names.RUNNER_SELECTOR)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {}

                    @Override
                    public void onUpdate(Pod oldPod, Pod newPod) {
                        if (newPod.getMetadata().getDeletionTimestamp() != null) {
                            podDeleted(newPod); // a graceful deletion: the kubelet's cue to stop the containers
                        }
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
                .filter(p -> p.namespace.equals(namespace) && p.jobName.equals(jobName) && p.local != null)
                .forEach(p -> p.local.kill());
    }

    /**
     * Evicts the running pod of a Job as the kubelet does under node pressure: SIGTERM to the runner (which reports
     * "canceled"), then the pod Failed with reason Evicted and {@code message}, and the Job Failed.
     */
    public void evict(String namespace, String jobName, String message) {
        running.values().stream()
                .filter(p -> p.namespace.equals(namespace) && p.jobName.equals(jobName) && p.local != null)
                .forEach(p -> {
                    p.evictedFor = message;
                    p.local.terminate();
                });
    }

    /** Whether a process of the Job runs now. */
    public boolean isRunning(String namespace, String jobName) {
        return running.values().stream()
                .anyMatch(p -> p.namespace.equals(namespace)
                        && p.jobName.equals(jobName)
                        && p.local != null
                        && p.local.isAlive());
    }

    /** The output (stdout and stderr) of a Job's pod, for assertions and failure diagnosis. */
    public String log(String namespace, String jobName) {
        try (Stream<Path> files = Files.list(workRoot)) {
            Path dir = files.filter(d -> d.getFileName().toString().startsWith(namespace + "_" + jobName + "-"))
                    .findFirst()
                    .orElse(null);
            return dir == null || !Files.exists(dir.resolve("output.log"))
                    ? ""
                    : Files.readString(dir.resolve("output.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        running.values().forEach(p -> {
            if (p.local != null) {
                p.local.kill();
            }
        });
        pods.shutdownNow();
        timers.shutdownNow();
        if (ownsWorkRoot) {
            try (Stream<Path> paths = Files.walk(workRoot)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not delete {0}: {1}", workRoot, e.getMessage());
            }
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
        client.pods()
                .inNamespace(job.getMetadata().getNamespace())
                .withLabel("job-name", job.getMetadata().getName())
                .delete();
    }

    private void podDeleted(Pod pod) {
        RunningPod current = running.get(
                key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
        if (current != null) {
            current.podDeleted = true;
            terminate(current);
        }
    }

    private void runJob(Job job) {
        String namespace = job.getMetadata().getNamespace();
        String jobName = job.getMetadata().getName();
        String podName = jobName + "-" + LocalNode.randomSuffix();
        RunningPod pod = new RunningPod(namespace, podName, jobName);
        running.put(key(namespace, podName), pod);
        try {
            Pod created = createPod(job, podName);
            String start = LocalNode.now();
            updateJobStatus(namespace, jobName, status -> {
                status.setStartTime(start);
                status.setActive(1);
                return status;
            });
            scheduleDeadline(job, pod);
            Container container = container(job);
            if (IMAGE_PULL_BACKOFF.equals(container.getImage())) {
                updatePodStatus(
                        pod,
                        status -> waiting(
                                status,
                                container,
                                "ImagePullBackOff",
                                "Back-off pulling image \"" + container.getImage() + "\""));
                return; // like a real node: Pending until someone deletes it
            }
            slots.acquire();
            try {
                run(job, pod, created, container);
            } finally {
                slots.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (PodSetupException e) {
            updatePodStatus(pod, status -> waiting(status, container(job), PodSetupException.REASON, e.getMessage()));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "local kubelet: pod " + namespace + "/" + podName + " failed to run", e);
        } finally {
            running.remove(key(namespace, podName));
            if (pod.local != null && !ownsWorkRoot) {
                pod.local.deleteVolumes(); // the request Secret does not outlive the pod on disk; the log does
            }
        }
    }

    private void run(Job job, RunningPod pod, Pod created, Container container)
            throws IOException, InterruptedException {
        LocalPod local = LocalPod.prepare(client, created, workRoot.resolve(pod.namespace + "_" + pod.podName));
        if (pod.podDeleted) {
            return;
        }
        pod.local = local;
        Map<String, String> token = LocalServiceAccountToken.mount(client, created, local.dir());
        Process process = local.start(command(container.getImage(), local), token);
        started.incrementAndGet();
        LOG.log(Level.DEBUG, "pod {0}/{1} started, log {2}", pod.namespace, pod.podName, local.log());
        String startedAt = LocalNode.now();
        updatePodStatus(pod, status -> {
            status.setPhase("Running");
            status.setStartTime(startedAt);
            status.setContainerStatuses(List.of(PodObjects.containerStatus(container, true, true)
                    .withNewState()
                    .withNewRunning(startedAt)
                    .endState()
                    .build()));
            return status;
        });
        if (OOM_KILLED.equals(container.getImage())) {
            pod.oomKilled = true;
            local.kill();
        }
        int exitCode = process.waitFor();
        LOG.log(Level.DEBUG, "pod {0}/{1} exited with {2}", pod.namespace, pod.podName, exitCode);
        finish(pod, container, exitCode, startedAt);
    }

    private void finish(RunningPod pod, Container container, int exitCode, String startedAt) {
        String finishedAt = LocalNode.now();
        boolean succeeded = exitCode == 0 && !pod.oomKilled && !pod.deadlineExceeded && pod.evictedFor == null;
        String reason = pod.oomKilled ? "OOMKilled" : exitCode == 0 ? "Completed" : "Error";
        int code = pod.oomKilled ? 137 : exitCode;
        if (!pod.podDeleted) {
            updatePodStatus(pod, status -> {
                status.setPhase(succeeded ? "Succeeded" : "Failed");
                if (pod.deadlineExceeded) {
                    status.setReason("DeadlineExceeded");
                    status.setMessage("Pod was active on the node longer than the specified deadline");
                } else if (pod.evictedFor != null) {
                    status.setReason("Evicted");
                    status.setMessage(pod.evictedFor);
                }
                status.setContainerStatuses(List.of(PodObjects.containerStatus(container, false, false)
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(code)
                        .withReason(reason)
                        .withStartedAt(startedAt)
                        .withFinishedAt(finishedAt)
                        .endTerminated()
                        .endState()
                        .build()));
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
                status.setConditions(List.of(
                        condition(
                                "SuccessCriteriaMet",
                                "CompletionsReached",
                                "Reached expected number of succeeded pods",
                                finishedAt),
                        condition(
                                "Complete",
                                "CompletionsReached",
                                "Reached expected number of succeeded pods",
                                finishedAt)));
            } else {
                status.setFailed(1);
                status.setConditions(List.of(
                        condition(
                                "FailureTarget",
                                "BackoffLimitExceeded",
                                "Job has reached the specified backoff limit",
                                finishedAt),
                        condition(
                                "Failed",
                                "BackoffLimitExceeded",
                                "Job has reached the specified backoff limit",
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
        timers.schedule(
                () -> {
                    if (!running.containsKey(key(pod.namespace, pod.podName))) {
                        return;
                    }
                    pod.deadlineExceeded = true;
                    String at = LocalNode.now();
                    updateJobStatus(pod.namespace, pod.jobName, status -> {
                        status.setActive(0);
                        status.setFailed(1);
                        status.setConditions(List.of(
                                condition(
                                        "FailureTarget",
                                        "DeadlineExceeded",
                                        "Job was active longer than specified deadline",
                                        at),
                                condition(
                                        "Failed",
                                        "DeadlineExceeded",
                                        "Job was active longer than specified deadline",
                                        at)));
                        return status;
                    });
                    terminate(pod);
                },
                deadline,
                TimeUnit.SECONDS);
    }

    /** SIGTERM, then SIGKILL after the termination grace period. */
    private void terminate(RunningPod pod) {
        LocalPod local = pod.local;
        if (local == null) {
            return;
        }
        local.terminate();
        timers.schedule(
                () -> {
                    if (local.isAlive()) {
                        local.kill();
                    }
                },
                TERMINATION_GRACE_SECONDS,
                TimeUnit.SECONDS);
    }

    private List<String> command(String image, LocalPod pod) {
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
        command.add(LocalNode.java());
        // the runner image's JVM flags (start-up over peak performance)
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto"));
        pod.mount("/tmp").ifPresent(tmp -> command.add("-Djava.io.tmpdir=" + tmp));
        command.add("-jar");
        command.add(runnerJar.toString());
        return command;
    }

    private Pod createPod(Job job, String podName) {
        Map<String, String> jobLabels = new LinkedHashMap<>();
        jobLabels.put("job-name", job.getMetadata().getName());
        jobLabels.put("batch.kubernetes.io/job-name", job.getMetadata().getName());
        Pod pod = PodObjects.fromTemplate(job, "batch/v1", "Job", job.getSpec().getTemplate(), podName, jobLabels);
        pod.setStatus(new PodStatusBuilder().withPhase("Pending").build());
        // no spec.nodeName: a real API server then deletes the pod at once instead of waiting for a kubelet's
        // confirmation (the informer sees the deletion, and this class stops the process)
        return client.pods().resource(pod).create();
    }

    private void updatePodStatus(RunningPod pod, UnaryOperator<PodStatus> change) {
        PodObjects.editPodStatus(client, pod.namespace, pod.podName, change);
    }

    private void updateJobStatus(String namespace, String jobName, UnaryOperator<JobStatus> change) {
        PodObjects.editStatusUnlessGone(
                client.batch().v1().jobs().inNamespace(namespace).withName(jobName), j -> {
                    j.setStatus(change.apply(j.getStatus() == null ? new JobStatus() : j.getStatus()));
                    return j;
                });
    }

    private static PodStatus waiting(PodStatus status, Container container, String reason, String message) {
        ContainerStatus waiting = PodObjects.containerStatus(container, false, false)
                .withNewState()
                .withNewWaiting(message, reason)
                .endState()
                .build();
        status.setPhase("Pending");
        status.setContainerStatuses(List.of(waiting));
        return status;
    }

    private static Container container(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static JobCondition condition(String type, String reason, String message, String at) {
        return new JobConditionBuilder()
                .withType(type)
                .withStatus("True")
                .withReason(reason)
                .withMessage(message)
                .withLastProbeTime(at)
                .withLastTransitionTime(at)
                .build();
    }

    private static String key(String namespace, String pod) {
        return namespace + "/" + pod;
    }
}
