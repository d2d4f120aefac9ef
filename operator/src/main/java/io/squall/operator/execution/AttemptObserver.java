package io.squall.operator.execution;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.nats.client.JetStreamApiException;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.api.v1alpha1.RetrySpec;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.execution.ExecutionTransitions.AttemptEnd;
import io.squall.operator.execution.result.ResultApplier;
import io.squall.operator.execution.result.ResultStore;
import io.squall.operator.execution.runner.JobObservation;
import io.squall.operator.nats.NatsUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Watches an attempt that runs: what its Job and pod show (JobObservation) and what that makes of the attempt.
 * Running pod → Running. A runner that exited 0 has published its result, which the results consumer applies; if
 * it has not arrived within squall.executions.result-grace the stream is read directly, then the attempt fails. A
 * failed Job (OOMKilled, evicted, exit code, deadline → TimedOut), a deleted Job, or a pod that cannot start its
 * container for squall.executions.image-pull-grace ends the attempt with that reason, unless the stream holds the
 * attempt's result after all. A Job still unfinished well after its deadline (no Job controller?) ends TimedOut, so
 * nothing stays Running forever. Also stops an attempt: {@code spec.cancel}.
 */
@ApplicationScoped
public class AttemptObserver {

    private static final Logger LOG = Logger.getLogger(AttemptObserver.class);

    private final KubernetesClient client;
    private final SquallConfig config;
    private final ExecutionStatusUpdater updater;
    private final ResultStore results;
    private final ResultApplier applier;
    private final Clock clock;

    public AttemptObserver(
            KubernetesClient client,
            SquallConfig config,
            ExecutionStatusUpdater updater,
            ResultStore results,
            ResultApplier applier,
            Clock clock) {
        this.client = client;
        this.config = config;
        this.updater = updater;
        this.results = results;
        this.applier = applier;
        this.clock = clock;
    }

    public UpdateControl<Execution> observe(Execution execution, RetrySpec retry, ClusterView view) {
        Instant now = clock.instant();
        ExecutionStatus status = execution.getStatus();
        int attempt = ExecutionTransitions.attempts(status);
        String namespace = execution.getMetadata().getNamespace();
        Optional<Job> cached = view.job(status.jobName);
        Job job = cached.orElseGet(() -> client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withName(status.jobName)
                .get());
        if (job == null) {
            return endUnlessReported(
                    execution,
                    retry,
                    view,
                    ExecutionPhase.Failed,
                    "Job " + status.jobName + " was deleted before attempt " + attempt + " reported a result");
        }
        JobObservation observation = JobObservation.of(job, view.pods(status.jobName), now);
        if (observation instanceof JobObservation.Running running) {
            updater.update(execution, copy -> ExecutionTransitions.running(copy, attempt, running.podName(), now));
        } else if (observation instanceof JobObservation.StartFailing failing) {
            Instant giveUp = failing.since().plus(config.executions().imagePullGrace());
            if (now.isBefore(giveUp)) {
                return UpdateControl.<Execution>noUpdate().rescheduleAfter(Duration.between(now, giveUp));
            }
            stopJob(namespace, status.jobName);
            return end(
                    execution,
                    retry,
                    view,
                    ExecutionPhase.Failed,
                    "pod " + failing.podName() + " could not start "
                            + "its container for "
                            + config.executions().imagePullGrace().toSeconds() + "s: " + failing.reason()
                            + (failing.message() == null ? "" : ": " + failing.message()));
        } else if (observation instanceof JobObservation.Completed completed) {
            Instant giveUp = completed.at().plus(config.executions().resultGrace());
            if (now.isBefore(giveUp)) {
                // the results consumer normally applies the result long before this
                return UpdateControl.<Execution>noUpdate().rescheduleAfter(Duration.between(now, giveUp));
            }
            return endUnlessReported(
                    execution,
                    retry,
                    view,
                    ExecutionPhase.Failed,
                    "the runner of attempt " + attempt
                            + " exited 0 but its result did not arrive within "
                            + config.executions().resultGrace().toSeconds()
                            + "s");
        } else if (observation instanceof JobObservation.Failed failed) {
            return endUnlessReported(
                    execution,
                    retry,
                    view,
                    failed.timedOut() ? ExecutionPhase.TimedOut : ExecutionPhase.Failed,
                    failed.reason());
        }
        Instant stuck = jobStart(job).plus(stuckAfter(job, config));
        if (!now.isBefore(stuck)) {
            stopJob(namespace, status.jobName);
            return end(
                    execution,
                    retry,
                    view,
                    ExecutionPhase.TimedOut,
                    "Job " + status.jobName
                            + " did not finish within "
                            + stuckAfter(job, config).toSeconds()
                            + "s (its activeDeadlineSeconds plus a grace); it was deleted");
        }
        return UpdateControl.<Execution>noUpdate().rescheduleAfter(Duration.between(now, stuck));
    }

    /** The attempt ended without a result as far as the Job can tell: look in the stream before failing it. */
    private UpdateControl<Execution> endUnlessReported(
            Execution execution, RetrySpec retry, ClusterView view, ExecutionPhase phase, String reason) {
        int attempt = ExecutionTransitions.attempts(execution.getStatus());
        try {
            Optional<ExecutionResult> reported = results.isEnabled()
                    ? results.lastResult(
                                    execution.getMetadata().getNamespace(),
                                    execution.getMetadata().getName())
                            .filter(result -> result.attempt() == attempt)
                    : Optional.empty();
            if (reported.isPresent()) {
                LOG.infof(
                        "Execution %s/%s: attempt %d ended, its result was read from the stream",
                        execution.getMetadata().getNamespace(),
                        execution.getMetadata().getName(),
                        attempt);
                applier.apply(reported.get(), execution, retry);
                return UpdateControl.noUpdate();
            }
        } catch (IOException | JetStreamApiException | NatsUnavailableException e) {
            Duration again = config.nats().retryInterval();
            LOG.warnf(
                    "Execution %s/%s: attempt %d ended (%s) but NATS cannot tell whether it reported (%s); "
                            + "checking again in %ss",
                    execution.getMetadata().getNamespace(),
                    execution.getMetadata().getName(),
                    attempt,
                    reason,
                    e.getMessage(),
                    again.toSeconds());
            return UpdateControl.<Execution>noUpdate().rescheduleAfter(again);
        }
        return end(execution, retry, view, phase, reason);
    }

    private UpdateControl<Execution> end(
            Execution execution, RetrySpec retry, ClusterView view, ExecutionPhase phase, String reason) {
        Instant now = clock.instant();
        AttemptEnd end = new AttemptEnd(
                ExecutionTransitions.attempts(execution.getStatus()), phase, reason, null, false, null, now);
        updater.update(execution, copy -> ExecutionTransitions.attemptEnded(copy, end, retry, now));
        return UpdateControl.noUpdate();
    }

    /**
     * Canceled is written before the Job is deleted: the runner's own "canceled" report (its pod gets SIGTERM, the
     * runner kills the action's processes) then finds a finished execution and changes nothing, so the outcome never
     * depends on which write lands first.
     */
    public UpdateControl<Execution> cancel(Execution execution, ClusterView view) {
        Instant now = clock.instant();
        updater.update(execution, copy -> ExecutionTransitions.canceled(copy, now));
        if (ExecutionTransitions.isInProgress(execution.getStatus())) {
            // a failed delete throws: the retried reconcile finds the execution Canceled and stops the Job there
            stopJob(execution.getMetadata().getNamespace(), execution.getStatus().jobName);
        }
        return UpdateControl.noUpdate();
    }

    /** Deletes a runner Job (its pod gets SIGTERM: the runner kills the action's processes). */
    public void stopJob(String namespace, String name) {
        client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();
    }

    /** Past this, a Job that has not finished is considered stuck (its deadline should have stopped it). */
    static Duration stuckAfter(Job job, SquallConfig config) {
        Long deadline = job.getSpec() == null ? null : job.getSpec().getActiveDeadlineSeconds();
        Duration grace = config.executions().deadlineGrace().multipliedBy(2);
        return deadline == null
                ? Duration.ofHours(24)
                : Duration.ofSeconds(deadline).plus(grace);
    }

    private Instant jobStart(Job job) {
        String start = job.getStatus() != null && job.getStatus().getStartTime() != null
                ? job.getStatus().getStartTime()
                : job.getMetadata().getCreationTimestamp();
        return start == null ? clock.instant() : Instant.parse(start);
    }
}
