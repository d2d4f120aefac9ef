package io.squall.operator.execution.result;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nats.client.JetStreamApiException;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.api.v1alpha1.RetrySpec;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.execution.ExecutionStatusUpdater;
import io.squall.operator.execution.ExecutionTransitions;
import io.squall.operator.execution.ExecutionTransitions.AttemptEnd;
import io.squall.operator.execution.runner.JobObservation;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Applies a runner's result to its Execution, idempotently: only the result of the attempt in progress
 * changes anything, so a redelivered result, a result of an old attempt or a result for a finished or deleted
 * Execution is ignored. A result of an attempt the status does not know yet (its Job was created but the
 * status write has not landed) is retried later rather than dropped.
 */
@ApplicationScoped
public class ResultApplier {

    public enum Applied {
        /** The status now shows the attempt's outcome. */
        APPLIED,
        /** Nothing to do: duplicate, old attempt, finished or deleted Execution. */
        IGNORED,
        /** The Execution's status is behind this result; try again later. */
        NOT_YET
    }

    public static final String TERMINATED =
            "the runner was terminated before the action finished (its pod was deleted, "
                    + "evicted or its node shut down)";

    private final KubernetesClient client;
    private final ExecutionStatusUpdater updater;
    private final ResultStore store;
    private final Duration resultGrace;
    private final Clock clock;

    public ResultApplier(
            KubernetesClient client,
            ExecutionStatusUpdater updater,
            ResultStore store,
            SquallConfig config,
            Clock clock) {
        this.client = client;
        this.resultGrace = config.executions().resultGrace();
        this.updater = updater;
        this.store = store;
        this.clock = clock;
    }

    /** Reads the Execution from the API server (never a cache: the decision must see the latest status). */
    public Applied apply(ExecutionResult result) throws IOException, JetStreamApiException {
        Execution execution = client.resources(Execution.class)
                .inNamespace(result.namespace())
                .withName(result.execution())
                .get();
        return execution == null ? Applied.IGNORED : apply(result, execution, retryPolicy(readAction(execution)));
    }

    /** @param retry the retry policy of the execution's Action (null: none) */
    public Applied apply(ExecutionResult result, Execution execution, RetrySpec retry)
            throws IOException, JetStreamApiException {
        ExecutionStatus status = execution.getStatus();
        if (ExecutionTransitions.isFinal(status)) {
            return Applied.IGNORED;
        }
        int current = ExecutionTransitions.attempts(status);
        if (result.attempt() > current) {
            return Applied.NOT_YET;
        }
        if (result.attempt() < current || !ExecutionTransitions.isInProgress(status)) {
            return Applied.IGNORED;
        }
        ExecutionPhase phase = phase(result, execution);
        String error = error(result, execution);
        if (result.outcome() == ExecutionResult.Outcome.canceled && phase == ExecutionPhase.Failed) {
            // stopped from outside: Kubernetes stops a Job at its activeDeadlineSeconds that way too
            Optional<String> deadline = deadlineExceeded(execution);
            if (deadline.isPresent()) {
                phase = ExecutionPhase.TimedOut;
                error = deadline.get();
            } else {
                Optional<String> stopped = stoppedBecause(execution, result);
                if (stopped.isEmpty()) {
                    return Applied.NOT_YET;
                }
                error = stopped.get();
            }
        }
        ResultStore.StatusResult shown = store.forStatus(result);
        AttemptEnd end = new AttemptEnd(
                result.attempt(), phase, error, shown.result(), shown.truncated(), shown.ref(), result.finishedAt());
        // the updater records the Event and, once final, deletes the request Secrets
        var written =
                updater.update(execution, copy -> ExecutionTransitions.attemptEnded(copy, end, retry, clock.instant()));
        return written.isPresent() ? Applied.APPLIED : Applied.IGNORED;
    }

    /** A canceled result the user did not ask for (spec.cancel) means the pod was stopped from outside: a failure. */
    static ExecutionPhase phase(ExecutionResult result, Execution execution) {
        return switch (result.outcome()) {
            case succeeded -> ExecutionPhase.Succeeded;
            case failed -> ExecutionPhase.Failed;
            case timedout -> ExecutionPhase.TimedOut;
            case canceled ->
                Boolean.TRUE.equals(execution.getSpec().cancel) ? ExecutionPhase.Canceled : ExecutionPhase.Failed;
        };
    }

    static String error(ExecutionResult result, Execution execution) {
        if (result.outcome() == ExecutionResult.Outcome.succeeded) {
            return null;
        }
        if (result.outcome() == ExecutionResult.Outcome.canceled && !Boolean.TRUE.equals(execution.getSpec().cancel)) {
            return TERMINATED;
        }
        return result.error() != null && !result.error().isBlank()
                ? result.error()
                : "the action ended " + result.outcome() + " without an error message";
    }

    /**
     * Why a runner nobody canceled was stopped: its pod's own account (Evicted, NodeShutdown...) or, when the pod
     * gives none (it was deleted), {@link #TERMINATED}. The kubelet writes the reason after the runner, which reports
     * on SIGTERM, has exited: empty (ask again later) while the pod still runs without one, within the result grace.
     */
    private Optional<String> stoppedBecause(Execution execution, ExecutionResult result) {
        Optional<Pod> pod = JobObservation.latest(client.pods()
                .inNamespace(execution.getMetadata().getNamespace())
                .withLabel("job-name", execution.getStatus().jobName)
                .list()
                .getItems());
        if (pod.isPresent()
                && pod.get().getStatus() != null
                && pod.get().getStatus().getReason() != null) {
            return Optional.of(
                    JobObservation.podFailure(pod.get()) + "; the runner was stopped before the action " + "finished");
        }
        boolean podStillRunning = pod.isPresent()
                && pod.get().getMetadata().getDeletionTimestamp() == null
                && !JobObservation.isTerminal(pod.get());
        Instant reported = result.finishedAt() == null ? clock.instant() : result.finishedAt();
        if (podStillRunning && clock.instant().isBefore(reported.plus(resultGrace))) {
            return Optional.empty();
        }
        return Optional.of(TERMINATED);
    }

    private Optional<String> deadlineExceeded(Execution execution) {
        Job job = client.batch()
                .v1()
                .jobs()
                .inNamespace(execution.getMetadata().getNamespace())
                .withName(execution.getStatus().jobName)
                .get();
        if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> "True".equals(c.getStatus()) && "DeadlineExceeded".equals(c.getReason()))
                .findFirst()
                .map(c -> JobObservation.deadlineExceeded(job));
    }

    private Action readAction(Execution execution) {
        return client.resources(Action.class)
                .inNamespace(execution.getMetadata().getNamespace())
                .withName(execution.getSpec().action.name)
                .get();
    }

    private static RetrySpec retryPolicy(Action action) {
        return action == null || action.getSpec() == null ? null : action.getSpec().retry;
    }
}
