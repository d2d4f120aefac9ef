package io.squall.operator.execution;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.nats.client.JetStreamApiException;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.RetrySpec;
import io.squall.api.v1alpha1.RunnerType;
import io.squall.api.v1alpha1.ScriptRef;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.datastore.OperatorDatastore;
import io.squall.operator.execution.ExecutionTransitions.AttemptEnd;
import io.squall.operator.execution.ExecutionTransitions.Transition;
import io.squall.engine.datastore.KvBucket;
import io.squall.engine.template.TemplateRenderer;
import io.squall.operator.nats.NatsConnector;
import io.squall.operator.nats.NatsUnavailableException;
import io.squall.operator.rules.ApiErrors;
import io.squall.operator.status.ReadyCondition;
import io.squall.operator.trigger.OperatorTriggerPublisher;
import io.squall.operator.validation.ExecutionValidator;
import io.squall.operator.validation.Validation;
import io.squall.operator.workflow.WorkflowEngine;

/**
 * One reconcile of an Execution, level-based (it looks at the Execution, its Job and pod as they are now, so
 * after an operator restart every running execution is picked up where it is):
 * <ol>
 * <li>finished: publish its core.action.completed trigger once; nothing else changes a finished execution;</li>
 * <li>{@code spec.cancel}: delete the Job, end Canceled;</li>
 * <li>Scheduled/Running: read the Job and pod (whatever became of the Action meanwhile). Running pod → Running.
 * A runner that exited 0 has published its result, which the results consumer applies; if it has not arrived
 * within squall.executions.result-grace the stream is read directly, then the attempt fails. A failed Job
 * (OOMKilled, evicted, exit code, deadline → TimedOut), a deleted Job, or a pod that cannot start its
 * container for squall.executions.image-pull-grace ends the attempt with that reason, unless the stream holds
 * the attempt's result after all. A Job still unfinished well after its deadline (no Job controller?) ends
 * TimedOut, so nothing stays Running forever;</li>
 * <li>invalid (the Action does not exist yet), or a target this operator cannot run (ExecutionTargets: a Workflow
 * until the workflow engine, a runner type the runner image lacks): stay Requested, Ready=False saying why, one
 * Warning Event;</li>
 * <li>Requested: start the next attempt (request Secret + Job) once a retry delay has passed.</li>
 * </ol>
 */
@ApplicationScoped
public class ExecutionLifecycle {

    private static final Logger LOG = Logger.getLogger(ExecutionLifecycle.class);
    /** How long a rule-created execution may wait for its secret-parameter Secret to appear. */
    static final Duration PARAMETER_SECRET_WAIT = Duration.ofSeconds(30);
    /** How often a Delayed execution looks for a free slot of its concurrency policy. */
    static final Duration DELAYED_RECHECK = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final SquallConfig config;
    private final ExecutionStatusUpdater updater;
    private final ResultStore results;
    private final ResultApplier applier;
    private final NatsConnector nats;
    private final OperatorTriggerPublisher triggers;
    private final Clock clock;
    private final WorkflowEngine workflows;
    private final TemplateRenderer renderer;
    private final OperatorDatastore datastore;
    private final InOperatorRunners inOperator;
    private final ConcurrencySlots slots;
    private final Inquiries inquiries;

    public ExecutionLifecycle(KubernetesClient client, SquallConfig config, ExecutionStatusUpdater updater,
            ResultStore results, ResultApplier applier, NatsConnector nats,
            OperatorTriggerPublisher triggers, Clock clock, TemplateRenderer renderer, WorkflowEngine workflows,
            OperatorDatastore datastore, InOperatorRunners inOperator, ConcurrencySlots slots, Inquiries inquiries) {
        this.datastore = datastore;
        this.inquiries = inquiries;
        this.slots = slots;
        this.inOperator = inOperator;
        this.client = client;
        this.config = config;
        this.updater = updater;
        this.results = results;
        this.applier = applier;
        this.nats = nats;
        this.triggers = triggers;
        this.clock = clock;
        this.renderer = renderer;
        this.workflows = workflows;
    }

    public UpdateControl<Execution> reconcile(Execution execution, ClusterView view) {
        if (ExecutionTransitions.isFinal(execution.getStatus())) {
            return finished(execution, view);
        }
        ActionKind kind = execution.getSpec().action.kind == null ? ActionKind.Action : execution.getSpec().action.kind;
        if (kind == ActionKind.Workflow && !ExecutionTransitions.isRequested(execution.getStatus())) {
            // a started workflow: the workflow engine conducts it to its end (cancel and pause included)
            return workflows.reconcile(execution, view.workflow(execution.getSpec().action.name), view);
        }
        if (Boolean.TRUE.equals(execution.getSpec().cancel)) {
            return cancel(execution, view);
        }
        if (execution.getStatus() != null && execution.getStatus().phase == ExecutionPhase.Pending) {
            // an open inquiry: a response to check, or its expiry to wait for
            return inquiries.reconcile(execution, t -> write(execution, view, t))
                    .map(after -> UpdateControl.<Execution>noUpdate().rescheduleAfter(after))
                    .orElseGet(UpdateControl::noUpdate);
        }
        Optional<Action> action = view.action(execution.getSpec().action.name);
        if (ExecutionTransitions.isInProgress(execution.getStatus())) {
            // an attempt that runs is watched to its end even if its Action is changed or deleted meanwhile
            return observe(execution, action.map(a -> a.getSpec().retry).orElse(null), view);
        }
        String namespace = execution.getMetadata().getNamespace();
        Validation validation = ExecutionValidator.validate(execution.getSpec(), namespace, view.references());
        if (!validation.isValid()) {
            // a missing Action or Workflow may still be applied: the execution waits, Requested, saying so
            Instant now = clock.instant();
            write(execution, view, copy -> ExecutionTransitions.notStarted(copy, false, validation.reason(),
                    validation.message(), now));
            return UpdateControl.noUpdate();
        }
        Optional<ExecutionTargets.CannotRun> cannotRun = ExecutionTargets.check(kind, execution.getSpec().action.name,
                kind == ActionKind.Action ? action.orElse(null) : null, config.runner().types(), nats.isEnabled());
        if (cannotRun.isPresent()) {
            Instant now = clock.instant();
            write(execution, view, copy -> ExecutionTransitions.notStarted(copy, false, cannotRun.get().reason(),
                    cannotRun.get().message(), now));
            return UpdateControl.noUpdate();
        }
        if (kind == ActionKind.Workflow) {
            Instant now = clock.instant();
            write(execution, view, copy -> {
                ReadyCondition.apply(copy.getStatus() == null ? newStatus(copy) : copy.getStatus(),
                        copy.getMetadata().getGeneration(), validation, now);
                return Optional.empty();
            });
            return workflows.reconcile(execution, view.workflow(execution.getSpec().action.name), view);
        }
        if (action.isEmpty()) {
            // valid, so the Action exists, but this view does not hold it yet: its event reconciles again
            write(execution, view, copy -> {
                ReadyCondition.apply(copy.getStatus() == null ? newStatus(copy) : copy.getStatus(),
                        copy.getMetadata().getGeneration(), validation, clock.instant());
                if (copy.getStatus().phase == null) {
                    copy.getStatus().phase = ExecutionPhase.Requested;
                }
                return Optional.empty();
            });
            return UpdateControl.noUpdate();
        }
        String enforcementError = annotation(execution, Names.ENFORCEMENT_ERROR_ANNOTATION);
        if (enforcementError != null) {
            // the rules engine could not render its parameters: it never runs (the engine writes the same transition)
            Instant now = clock.instant();
            write(execution, view, copy -> ExecutionTransitions.failedToStart(copy, enforcementError, now));
            return UpdateControl.noUpdate();
        }
        return start(execution, action.get(), validation, view);
    }

    private UpdateControl<Execution> start(Execution execution, Action action, Validation validation, ClusterView view) {
        Instant now = clock.instant();
        Optional<Instant> retryAt = ExecutionTransitions.retryAt(execution, action.getSpec().retry);
        if (retryAt.isPresent() && now.isBefore(retryAt.get())) {
            return UpdateControl.<Execution>noUpdate().rescheduleAfter(Duration.between(now, retryAt.get()));
        }
        int attempt = ExecutionTransitions.attempts(execution.getStatus()) + 1;
        if (action.getSpec().concurrency != null && action.getSpec().concurrency.limit != null) {
            ConcurrencySlots.Decision decision = slots.admit(execution, attempt, action,
                    view.executionsOf(action.getMetadata().getName()), name -> Optional.ofNullable(client
                            .resources(Execution.class).inNamespace(execution.getMetadata().getNamespace())
                            .withName(name).get()));
            if (decision instanceof ConcurrencySlots.Wait wait) {
                write(execution, view, copy -> ExecutionTransitions.delayed(copy, wait.message(), now));
                return UpdateControl.<Execution>noUpdate().rescheduleAfter(DELAYED_RECHECK);
            }
            if (decision instanceof ConcurrencySlots.Refuse refuse) {
                write(execution, view, copy -> ExecutionTransitions.canceledByPolicy(copy, refuse.message(), now));
                return UpdateControl.noUpdate();
            }
        }
        Job job;
        try {
            if (Boolean.FALSE.equals(action.getSpec().enabled)) {
                throw new ExecutionSetupException("Action " + action.getMetadata().getName()
                        + " is disabled (spec.enabled: false)");
            }
            checkScript(execution, action.getSpec());
            Optional<Secret> parameters = parameterSecret(execution);
            if (parameters.isEmpty() && hasMaskedParameter(execution) && youngerThan(execution, PARAMETER_SECRET_WAIT)) {
                // the rules engine creates the Secret with the Execution; give it a moment
                return UpdateControl.<Execution>noUpdate().rescheduleAfter(Duration.ofSeconds(2));
            }
            ExecutionRequest request = ExecutionRequests.build(execution, action, attempt, parameters.orElse(null),
                    ParameterSecretSources.read(client, execution, action.getSpec()), renderer,
                    datastore.lookup(execution.getMetadata().getNamespace(), user(execution)));
            request = PackConfigSources.withConfig(request, client, action.getSpec());
            if (action.getSpec().runner == RunnerType.INQUIRER) {
                return openInquiry(execution, request, view);
            }
            if (action.getSpec().runner != null && action.getSpec().runner.runsInOperator()) {
                return runInOperator(execution, action, request, validation, view);
            }
            Secret secret = RequestSecretBuilder.desired(execution, request, RunnerNatsCredentials.from(config.nats()));
            job = RunnerJobBuilder.desired(execution, action, attempt, RunnerSettings.from(config),
                    secret.getData().keySet());
            createOwned(execution, secret);
            job = createOwned(execution, job);
            view.jobCreated(execution, job);
        } catch (ExecutionSetupException e) {
            write(execution, view, copy -> {
                ReadyCondition.apply(copy.getStatus() == null ? newStatus(copy) : copy.getStatus(),
                        copy.getMetadata().getGeneration(), validation, now);
                return ExecutionTransitions.failedToStart(copy, e.getMessage(), now);
            });
            return UpdateControl.noUpdate();
        }
        String jobName = job.getMetadata().getName();
        write(execution, view, copy -> {
            ReadyCondition.apply(copy.getStatus() == null ? newStatus(copy) : copy.getStatus(),
                    copy.getMetadata().getGeneration(), validation, now);
            return ExecutionTransitions.scheduled(copy, attempt, jobName, now);
        });
        return UpdateControl.<Execution>noUpdate().rescheduleAfter(stuckAfter(job));
    }

    /** A kv or trigger action: the operator runs it now and writes the outcome; no Job, no pod. */
    private UpdateControl<Execution> runInOperator(Execution execution, Action action, ExecutionRequest request,
            Validation validation, ClusterView view) {
        ExecutionResult result;
        try {
            result = inOperator.run(action.getSpec().runner, execution, request);
        } catch (KvBucket.Unavailable | NatsUnavailableException | IOException | JetStreamApiException e) {
            Duration again = config.nats().retryInterval();
            LOG.warnf("Execution %s/%s: NATS (the datastore or the trigger stream) is unavailable (%s); trying again in %ss",
                    execution.getMetadata().getNamespace(), execution.getMetadata().getName(), e.getMessage(),
                    again.toSeconds());
            return UpdateControl.<Execution>noUpdate().rescheduleAfter(again);
        }
        Instant now = clock.instant();
        ExecutionPhase phase = result.outcome() == ExecutionResult.Outcome.succeeded ? ExecutionPhase.Succeeded
                : ExecutionPhase.Failed;
        AttemptEnd end = new AttemptEnd(request.attempt(), phase, result.error(), result.result(), false, null,
                result.finishedAt());
        write(execution, view, copy -> {
            ReadyCondition.apply(copy.getStatus() == null ? newStatus(copy) : copy.getStatus(),
                    copy.getMetadata().getGeneration(), validation, now);
            return ExecutionTransitions.ranInOperator(copy, end, action.getSpec().retry, now);
        });
        return UpdateControl.noUpdate();
    }

    private UpdateControl<Execution> openInquiry(Execution execution, ExecutionRequest request, ClusterView view) {
        try {
            inquiries.open(execution, request, t -> write(execution, view, t));
            return UpdateControl.noUpdate();
        } catch (IOException | JetStreamApiException | NatsUnavailableException e) {
            Duration again = config.nats().retryInterval();
            LOG.warnf("Execution %s/%s: the %s trigger could not be published (%s); trying again in %ss",
                    execution.getMetadata().getNamespace(), execution.getMetadata().getName(), Inquiries.TRIGGER_TYPE,
                    e.getMessage(), again.toSeconds());
            return UpdateControl.<Execution>noUpdate().rescheduleAfter(again);
        }
    }

    private static String user(Execution execution) {
        return execution.getSpec().context == null ? null : execution.getSpec().context.user;
    }

    private UpdateControl<Execution> observe(Execution execution, RetrySpec retry, ClusterView view) {
        Instant now = clock.instant();
        ExecutionStatus status = execution.getStatus();
        int attempt = ExecutionTransitions.attempts(status);
        String namespace = execution.getMetadata().getNamespace();
        Optional<Job> cached = view.job(status.jobName);
        Job job = cached.orElseGet(() -> client.batch().v1().jobs().inNamespace(namespace).withName(status.jobName).get());
        if (job == null) {
            return endUnlessReported(execution, retry, view, ExecutionPhase.Failed,
                    "Job " + status.jobName + " was deleted before attempt " + attempt + " reported a result");
        }
        JobObservation observation = JobObservation.of(job, view.pods(status.jobName), now);
        if (observation instanceof JobObservation.Running running) {
            write(execution, view, copy -> ExecutionTransitions.running(copy, attempt, running.podName(), now));
        } else if (observation instanceof JobObservation.StartFailing failing) {
            Instant giveUp = failing.since().plus(config.executions().imagePullGrace());
            if (now.isBefore(giveUp)) {
                return UpdateControl.<Execution>noUpdate().rescheduleAfter(Duration.between(now, giveUp));
            }
            deleteJob(namespace, status.jobName);
            return end(execution, retry, view, ExecutionPhase.Failed, "pod " + failing.podName() + " could not start "
                    + "its container for " + config.executions().imagePullGrace().toSeconds() + "s: " + failing.reason()
                    + (failing.message() == null ? "" : ": " + failing.message()));
        } else if (observation instanceof JobObservation.Completed completed) {
            Instant giveUp = completed.at().plus(config.executions().resultGrace());
            if (now.isBefore(giveUp)) {
                // the results consumer normally applies the result long before this
                return UpdateControl.<Execution>noUpdate().rescheduleAfter(Duration.between(now, giveUp));
            }
            return endUnlessReported(execution, retry, view, ExecutionPhase.Failed, "the runner of attempt " + attempt
                    + " exited 0 but its result did not arrive within " + config.executions().resultGrace().toSeconds()
                    + "s");
        } else if (observation instanceof JobObservation.Failed failed) {
            return endUnlessReported(execution, retry, view,
                    failed.timedOut() ? ExecutionPhase.TimedOut : ExecutionPhase.Failed, failed.reason());
        }
        Instant stuck = jobStart(job).plus(stuckAfter(job));
        if (!now.isBefore(stuck)) {
            deleteJob(namespace, status.jobName);
            return end(execution, retry, view, ExecutionPhase.TimedOut, "Job " + status.jobName
                    + " did not finish within " + stuckAfter(job).toSeconds()
                    + "s (its activeDeadlineSeconds plus a grace); it was deleted");
        }
        return UpdateControl.<Execution>noUpdate().rescheduleAfter(Duration.between(now, stuck));
    }

    /** The attempt ended without a result as far as the Job can tell: look in the stream before failing it. */
    private UpdateControl<Execution> endUnlessReported(Execution execution, RetrySpec retry, ClusterView view,
            ExecutionPhase phase, String reason) {
        int attempt = ExecutionTransitions.attempts(execution.getStatus());
        try {
            Optional<ExecutionResult> reported = results.isEnabled()
                    ? results.lastResult(execution.getMetadata().getNamespace(), execution.getMetadata().getName())
                            .filter(result -> result.attempt() == attempt)
                    : Optional.empty();
            if (reported.isPresent()) {
                LOG.infof("Execution %s/%s: attempt %d ended, its result was read from the stream",
                        execution.getMetadata().getNamespace(), execution.getMetadata().getName(), attempt);
                applier.apply(reported.get(), execution, retry);
                return UpdateControl.noUpdate();
            }
        } catch (IOException | JetStreamApiException | NatsUnavailableException e) {
            Duration again = config.nats().retryInterval();
            LOG.warnf("Execution %s/%s: attempt %d ended (%s) but NATS cannot tell whether it reported (%s); "
                    + "checking again in %ss", execution.getMetadata().getNamespace(), execution.getMetadata().getName(),
                    attempt, reason, e.getMessage(), again.toSeconds());
            return UpdateControl.<Execution>noUpdate().rescheduleAfter(again);
        }
        return end(execution, retry, view, phase, reason);
    }

    private UpdateControl<Execution> end(Execution execution, RetrySpec retry, ClusterView view, ExecutionPhase phase,
            String reason) {
        Instant now = clock.instant();
        AttemptEnd end = new AttemptEnd(ExecutionTransitions.attempts(execution.getStatus()), phase, reason, null,
                false, null, now);
        write(execution, view, copy -> ExecutionTransitions.attemptEnded(copy, end, retry, now));
        return UpdateControl.noUpdate();
    }

    /**
     * Canceled is written before the Job is deleted: the runner's own "canceled" report (its pod gets SIGTERM, the
     * runner kills the action's processes) then finds a finished execution and changes nothing, so the outcome never
     * depends on which write lands first.
     */
    private UpdateControl<Execution> cancel(Execution execution, ClusterView view) {
        Instant now = clock.instant();
        write(execution, view, copy -> ExecutionTransitions.canceled(copy, now));
        if (ExecutionTransitions.isInProgress(execution.getStatus())) {
            // a failed delete throws: the retried reconcile finds the execution Canceled and stops the Job there
            deleteJob(execution.getMetadata().getNamespace(), execution.getStatus().jobName);
        }
        return UpdateControl.noUpdate();
    }

    /** A finished execution: its core.action.completed trigger, once (the trigger id makes a repeat harmless). */
    private UpdateControl<Execution> finished(Execution execution, ClusterView view) {
        slots.release(execution);
        stopCanceledJob(execution, view);
        if (!nats.isEnabled() || Conditions.isTrue(execution.getStatus(), Conditions.TRIGGER_PUBLISHED)) {
            return UpdateControl.noUpdate();
        }
        var trigger = ActionCompletedTrigger.of(execution, view.action(execution.getSpec().action.name).orElse(null));
        try {
            triggers.publish(trigger);
        } catch (IOException | JetStreamApiException e) {
            Duration retry = config.nats().retryInterval();
            LOG.warnf("Execution %s/%s: %s trigger not published (%s); retrying in %ss",
                    execution.getMetadata().getNamespace(), execution.getMetadata().getName(), trigger.type(),
                    e.getMessage(), retry.toSeconds());
            return UpdateControl.<Execution>noUpdate().rescheduleAfter(retry);
        }
        write(execution, view, copy -> ExecutionTransitions.triggerPublished(copy, trigger.id(), clock.instant()));
        return UpdateControl.noUpdate();
    }

    /** Through the one writer, which also records the Event and deletes the request Secrets of a final phase. */
    private void write(Execution execution, ClusterView view, Function<Execution, Optional<Transition>> transition) {
        updater.update(execution, transition);
    }

    /** Creates an attempt's object; one left by an earlier reconcile is ours, one of a deleted namesake is removed. */
    private <T extends HasMetadata> T createOwned(Execution execution, T desired) {
        try {
            return client.resource(desired).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != ApiErrors.CONFLICT) {
                throw e;
            }
        }
        T existing = client.resource(desired).get();
        if (existing != null && existing.getMetadata().getOwnerReferences() != null && existing.getMetadata()
                .getOwnerReferences().stream().anyMatch(o -> execution.getMetadata().getUid().equals(o.getUid()))) {
            return existing;
        }
        client.resource(desired).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        throw new IllegalStateException(desired.getKind() + " " + desired.getMetadata().getName()
                + " belonged to an earlier Execution of the same name; deleted it, retrying");
    }

    private void checkScript(Execution execution, ActionSpec spec) {
        ScriptRef ref = spec.scriptRef;
        if (ref == null) {
            return;
        }
        String namespace = execution.getMetadata().getNamespace();
        ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(ref.configMap).get();
        if (configMap == null) {
            throw new ExecutionSetupException("spec.scriptRef.configMap: ConfigMap " + ref.configMap
                    + " not found in namespace " + namespace);
        }
        boolean hasKey = configMap.getData() != null && configMap.getData().containsKey(ref.key)
                || configMap.getBinaryData() != null && configMap.getBinaryData().containsKey(ref.key);
        if (!hasKey) {
            throw new ExecutionSetupException("spec.scriptRef.key: ConfigMap " + ref.configMap + " has no key " + ref.key);
        }
    }

    private Optional<Secret> parameterSecret(Execution execution) {
        if (!hasMaskedParameter(execution)) {
            return Optional.empty();
        }
        return Optional.ofNullable(client.secrets().inNamespace(execution.getMetadata().getNamespace())
                .withName(Names.secretParametersName(execution.getMetadata().getName())).get());
    }

    private static boolean hasMaskedParameter(Execution execution) {
        return execution.getSpec().parameters != null && execution.getSpec().parameters.values().stream()
                .anyMatch(v -> v != null && v.isTextual() && Names.MASK.equals(v.asText()));
    }

    private boolean youngerThan(Execution execution, Duration age) {
        String created = execution.getMetadata().getCreationTimestamp();
        return created == null || Instant.parse(created).plus(age).isAfter(clock.instant());
    }

    /** Past this, a Job that has not finished is considered stuck (its deadline should have stopped it). */
    private Duration stuckAfter(Job job) {
        Long deadline = job.getSpec() == null ? null : job.getSpec().getActiveDeadlineSeconds();
        Duration grace = config.executions().deadlineGrace().multipliedBy(2);
        return deadline == null ? Duration.ofHours(24) : Duration.ofSeconds(deadline).plus(grace);
    }

    private Instant jobStart(Job job) {
        String start = job.getStatus() != null && job.getStatus().getStartTime() != null ? job.getStatus().getStartTime()
                : job.getMetadata().getCreationTimestamp();
        return start == null ? clock.instant() : Instant.parse(start);
    }

    /** A canceled execution's Job still running (also after a failed delete or a restart) is deleted. */
    private void stopCanceledJob(Execution execution, ClusterView view) {
        ExecutionStatus status = execution.getStatus();
        if (status.phase == ExecutionPhase.Canceled && status.jobName != null
                && view.job(status.jobName).filter(job -> !JobObservation.isFinished(job)).isPresent()) {
            // the pod gets SIGTERM: the runner kills the action's processes
            deleteJob(execution.getMetadata().getNamespace(), status.jobName);
        }
    }

    private void deleteJob(String namespace, String name) {
        client.batch().v1().jobs().inNamespace(namespace).withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }

    private static String annotation(Execution execution, String key) {
        var annotations = execution.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    private static ExecutionStatus newStatus(Execution execution) {
        execution.setStatus(new ExecutionStatus());
        return execution.getStatus();
    }
}
