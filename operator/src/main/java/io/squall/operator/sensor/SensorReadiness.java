package io.squall.operator.sensor;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.squall.api.v1alpha1.Sensor;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Whether a valid Sensor is running, from its Deployment and pods: ready when every desired replica is ready;
 * otherwise the reason the Deployment (pods cannot be created) or a pod (ImagePullBackOff, CrashLoopBackOff, ...)
 * gives, so that `kubectl get sensors` says why instead of just 0/1.
 *
 * @param ready whether the Ready condition is True
 */
public record SensorReadiness(int replicas, int readyReplicas, boolean ready, String reason, String message) {

    public static final String AVAILABLE = "Available";
    public static final String PROGRESSING = "Progressing";
    public static final String SCALED_TO_ZERO = "ScaledToZero";
    public static final String SECRET_NOT_FOUND = "SecretNotFound";
    public static final String UNSCHEDULABLE = "Unschedulable";
    public static final String FAILED_CREATE = "FailedCreate";

    /** Container waiting reasons that mean the sensor cannot start without a change by someone. */
    static final Set<String> STUCK = Set.of(
            "ImagePullBackOff",
            "ErrImagePull",
            "InvalidImageName",
            "CrashLoopBackOff",
            "CreateContainerConfigError",
            "CreateContainerError",
            "RunContainerError");

    /** "1/1": ready/desired, the READY column. */
    public String readyText() {
        return readyReplicas + "/" + replicas;
    }

    /**
     * @param deployment    the sensor's Deployment, empty until it is created
     * @param pods          the pods of the Deployment (any ReplicaSet)
     * @param secretMissing whether spec.secretRef names a Secret that does not exist (asked only when not ready)
     */
    public static SensorReadiness assess(
            Sensor sensor, Optional<Deployment> deployment, List<Pod> pods, BooleanSupplier secretMissing) {
        int replicas = SensorDeploymentDependentResource.replicas(sensor.getSpec());
        int readyReplicas = deployment
                .map(Deployment::getStatus)
                .map(s -> s.getReadyReplicas())
                .orElse(0);
        String counts = readyReplicas + "/" + replicas + " replicas ready";
        if (replicas == 0) {
            return new SensorReadiness(
                    0, readyReplicas, false, SCALED_TO_ZERO, "spec.replicas is 0: the sensor is stopped");
        }
        if (readyReplicas >= replicas) {
            return new SensorReadiness(replicas, readyReplicas, true, AVAILABLE, counts);
        }
        if (secretMissing.getAsBoolean()) {
            return new SensorReadiness(
                    replicas,
                    readyReplicas,
                    false,
                    SECRET_NOT_FOUND,
                    "spec.secretRef: Secret \""
                            + sensor.getSpec().secretRef + "\" not found in namespace \""
                            + sensor.getMetadata().getNamespace()
                            + "\" (" + counts + ")");
        }
        Optional<DeploymentCondition> replicaFailure =
                deployment.map(Deployment::getStatus).map(DeploymentStatus::getConditions).orElse(List.of()).stream()
                        .filter(c -> "ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus()))
                        .findFirst();
        if (replicaFailure.isPresent()) {
            // no pod to ask: e.g. the ServiceAccount of a poll sensor is missing, or a quota is exhausted
            return new SensorReadiness(
                    replicas,
                    readyReplicas,
                    false,
                    text(replicaFailure.get().getReason(), FAILED_CREATE),
                    text(replicaFailure.get().getMessage(), "pods cannot be created") + " (" + counts + ")");
        }
        Optional<PodProblem> problem = pods.stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
                .map(SensorReadiness::problem)
                .flatMap(Optional::stream)
                .findFirst();
        return problem.map(p -> new SensorReadiness(
                        replicas,
                        readyReplicas,
                        false,
                        p.reason(),
                        "pod " + p.pod() + ": " + p.message() + " (" + counts + ")"))
                .orElseGet(() -> new SensorReadiness(replicas, readyReplicas, false, PROGRESSING, counts));
    }

    record PodProblem(String pod, String reason, String message) {}

    /** The first stuck container of the pod, else a failed scheduling. */
    static Optional<PodProblem> problem(Pod pod) {
        String name = pod.getMetadata().getName();
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        Stream<ContainerStatus> containers = Stream.concat(
                Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).orElse(List.of()).stream(),
                Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()).stream());
        Optional<PodProblem> stuck = containers
                .filter(c -> c.getState() != null
                        && c.getState().getWaiting() != null
                        && STUCK.contains(c.getState().getWaiting().getReason()))
                .findFirst()
                .map(c -> new PodProblem(name, c.getState().getWaiting().getReason(), describe(c)));
        if (stuck.isPresent()) {
            return stuck;
        }
        return Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of()).stream()
                .filter(c -> "PodScheduled".equals(c.getType())
                        && "False".equals(c.getStatus())
                        && UNSCHEDULABLE.equals(c.getReason()))
                .findFirst()
                .map((PodCondition c) ->
                        new PodProblem(name, UNSCHEDULABLE, text(c.getMessage(), "cannot be scheduled")));
    }

    /** The waiting message; for a crash loop, how the last run ended (its exit code says more than the back-off). */
    private static String describe(ContainerStatus container) {
        ContainerStateWaiting waiting = container.getState().getWaiting();
        StringBuilder text = new StringBuilder(waiting.getReason());
        if (waiting.getMessage() != null && !waiting.getMessage().isBlank()) {
            text.append(": ").append(waiting.getMessage());
        }
        ContainerStateTerminated last = container.getLastState() == null
                ? null
                : container.getLastState().getTerminated();
        if (last != null) {
            text.append("; last run exited with code ").append(last.getExitCode());
            if (last.getReason() != null) {
                text.append(" (").append(last.getReason()).append(')');
            }
            if (last.getMessage() != null && !last.getMessage().isBlank()) {
                text.append(": ").append(last.getMessage().strip());
            }
        }
        return text.toString();
    }

    private static String text(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }
}
