package io.squall.operator.execution.runner;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an attempt's Job and pod say about it, read from their status only (a pure function, so every failure
 * mode has a unit test): still pending, running, failing to start (image pull, container config), completed
 * (the runner exited 0, so its result is on NATS), or failed with the reason a person needs (OOMKilled,
 * evicted, deadline exceeded, exit code, pod deleted).
 */
public sealed interface JobObservation {

    /** Waiting reasons of a container that will not start without a change (after a grace period). */
    Set<String> START_FAILURES = Set.of(
            "ErrImagePull",
            "ImagePullBackOff",
            "InvalidImageName",
            "ErrImageNeverPull",
            "CreateContainerConfigError",
            "CreateContainerError",
            "RunContainerError");

    record Pending() implements JobObservation {}

    record Running(String podName) implements JobObservation {}

    /** The pod cannot start its container since {@code since} (its creation). */
    record StartFailing(String podName, String reason, String message, Instant since) implements JobObservation {}

    /** The runner exited 0, which it does only after its result was stored by JetStream. */
    record Completed(Instant at) implements JobObservation {}

    /** The Job failed; {@code timedOut} when Kubernetes stopped it at activeDeadlineSeconds. */
    record Failed(String reason, boolean timedOut) implements JobObservation {}

    /** The Job has ended (completed or failed) or is being deleted: its pod no longer needs stopping. */
    static boolean isFinished(Job job) {
        return job.getMetadata().getDeletionTimestamp() != null
                || condition(job, "Complete")
                        .or(() -> condition(job, "SuccessCriteriaMet"))
                        .or(() -> condition(job, "Failed"))
                        .or(() -> condition(job, "FailureTarget"))
                        .isPresent();
    }

    static JobObservation of(Job job, Collection<Pod> pods, Instant now) {
        Optional<JobCondition> failed = condition(job, "Failed").or(() -> condition(job, "FailureTarget"));
        Optional<Pod> pod = latest(pods);
        if (condition(job, "Complete").isPresent()
                || condition(job, "SuccessCriteriaMet").isPresent()) {
            String at = job.getStatus().getCompletionTime();
            return new Completed(at == null ? now : Instant.parse(at));
        }
        if (failed.isPresent()) {
            JobCondition condition = failed.get();
            if ("DeadlineExceeded".equals(condition.getReason())) {
                return new Failed(deadlineExceeded(job), true);
            }
            return new Failed(
                    pod.map(JobObservation::podFailure)
                            .orElse("the Job failed (" + describe(condition) + ") and its pod is gone"),
                    false);
        }
        if (pod.isEmpty()) {
            return new Pending();
        }
        Pod current = pod.get();
        String phase = current.getStatus() == null ? null : current.getStatus().getPhase();
        if ("Failed".equals(phase)) {
            return new Failed(podFailure(current), false);
        }
        if ("Succeeded".equals(phase)) {
            return new Completed(now);
        }
        if ("Running".equals(phase)) {
            return new Running(current.getMetadata().getName());
        }
        Optional<ContainerStateWaiting> waiting = containerStatuses(current).stream()
                .map(s -> s.getState() == null ? null : s.getState().getWaiting())
                .filter(w -> w != null && START_FAILURES.contains(w.getReason()))
                .findFirst();
        if (waiting.isPresent()) {
            String created = current.getMetadata().getCreationTimestamp();
            return new StartFailing(
                    current.getMetadata().getName(),
                    waiting.get().getReason(),
                    waiting.get().getMessage(),
                    created == null ? now : Instant.parse(created));
        }
        return new Pending();
    }

    static String deadlineExceeded(Job job) {
        return "the Job ran longer than its activeDeadlineSeconds ("
                + job.getSpec().getActiveDeadlineSeconds() + "s: the action's timeout plus a grace)";
    }

    /** The newest of a Job's pods (the one its current state is about). */
    static Optional<Pod> latest(Collection<Pod> pods) {
        return pods.stream()
                .max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp() == null
                        ? ""
                        : p.getMetadata().getCreationTimestamp()));
    }

    /** The pod has ended (Succeeded or Failed): the kubelet has written all it will. */
    static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** Why a pod failed, in the words of its status: OOMKilled, Evicted, an exit code... */
    static String podFailure(Pod pod) {
        if (pod.getStatus() == null) {
            return "pod " + pod.getMetadata().getName() + " failed";
        }
        if (pod.getStatus().getReason() != null) {
            // Evicted, DeadlineExceeded, NodeLost, Shutdown...: the pod was stopped from outside
            return "pod " + pod.getMetadata().getName() + " " + pod.getStatus().getReason()
                    + (pod.getStatus().getMessage() == null
                            ? ""
                            : ": " + pod.getStatus().getMessage());
        }
        for (ContainerStatus container : containerStatuses(pod)) {
            ContainerStateTerminated terminated =
                    container.getState() == null ? null : container.getState().getTerminated();
            if (terminated != null) {
                String reason = terminated.getReason() == null ? "terminated" : terminated.getReason();
                String detail = "OOMKilled".equals(reason)
                        ? "OOMKilled: the runner container ran out of memory (exit code " + terminated.getExitCode()
                                + ")"
                        : "the runner exited with code " + terminated.getExitCode() + " (" + reason + ")";
                return detail + (terminated.getMessage() == null ? "" : ": " + terminated.getMessage())
                        + " without reporting a result";
            }
        }
        return "pod " + pod.getMetadata().getName() + " failed without a container state";
    }

    private static List<ContainerStatus> containerStatuses(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                ? List.of()
                : pod.getStatus().getContainerStatuses();
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst();
    }

    private static String describe(JobCondition condition) {
        return condition.getReason() + (condition.getMessage() == null ? "" : ": " + condition.getMessage());
    }
}
