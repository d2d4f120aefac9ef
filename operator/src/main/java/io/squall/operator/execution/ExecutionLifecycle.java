package io.squall.operator.execution;

import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.Names;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.nats.NatsConnector;
import io.squall.operator.validation.ExecutionValidator;
import io.squall.operator.validation.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The steps of one reconcile of an Execution that has not finished, level-based (it looks at the Execution, its Job
 * and pod as they are now, so after an operator restart every running execution is picked up where it is); which
 * kind goes where is {@code ExecutionReconciler}'s choice, a finished one is {@link ExecutionCompletion}'s:
 * <ol>
 * <li>{@code spec.cancel}: end Canceled, stop the Job ({@link AttemptObserver#cancel});</li>
 * <li>Pending: an open inquiry, a response to check or its expiry to wait for ({@link Inquiries});</li>
 * <li>Scheduled/Running: the attempt is watched to its end ({@link AttemptObserver}), whatever became of the
 * Action meanwhile;</li>
 * <li>invalid (the Action does not exist yet), or a target this operator cannot run (ExecutionTargets: a runner
 * type the runner image lacks, no NATS for a workflow): stay Requested, Ready=False saying why, one Warning
 * Event;</li>
 * <li>Requested: the next attempt starts ({@link AttemptStarter}); a Workflow is handed to the workflow
 * engine ({@link #admitWorkflow}).</li>
 * </ol>
 */
@ApplicationScoped
public class ExecutionLifecycle {

    private final SquallConfig config;
    private final ExecutionStatusUpdater updater;
    private final NatsConnector nats;
    private final Clock clock;
    private final Inquiries inquiries;
    private final AttemptStarter starter;
    private final AttemptObserver observer;

    public ExecutionLifecycle(
            SquallConfig config,
            ExecutionStatusUpdater updater,
            NatsConnector nats,
            Clock clock,
            Inquiries inquiries,
            AttemptStarter starter,
            AttemptObserver observer) {
        this.config = config;
        this.updater = updater;
        this.nats = nats;
        this.clock = clock;
        this.inquiries = inquiries;
        this.starter = starter;
        this.observer = observer;
    }

    /** An Action's Execution that has not finished. */
    public UpdateControl<Execution> reconcile(Execution execution, ClusterView view) {
        if (Boolean.TRUE.equals(execution.getSpec().cancel)) {
            return observer.cancel(execution, view);
        }
        if (execution.getStatus() != null && execution.getStatus().phase == ExecutionPhase.Pending) {
            // an open inquiry: a response to check, or its expiry to wait for
            return inquiries
                    .reconcile(execution, t -> updater.update(execution, t))
                    .map(after -> UpdateControl.<Execution>noUpdate().rescheduleAfter(after))
                    .orElseGet(UpdateControl::noUpdate);
        }
        Optional<Action> action = view.action(execution.getSpec().action.name);
        if (ExecutionTransitions.isInProgress(execution.getStatus())) {
            // an attempt that runs is watched to its end even if its Action is changed or deleted meanwhile
            return observer.observe(
                    execution, action.map(a -> a.getSpec().retry).orElse(null), view);
        }
        Optional<Validation> validation = admit(execution, ActionKind.Action, action, view);
        if (validation.isEmpty()) {
            return UpdateControl.noUpdate();
        }
        if (action.isEmpty()) {
            // valid, so the Action exists, but this view does not hold it yet: its event reconciles again
            updater.update(execution, copy -> {
                ExecutionTransitions.validated(copy, validation.get(), clock.instant());
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
            updater.update(execution, copy -> ExecutionTransitions.failedToStart(copy, enforcementError, now));
            return UpdateControl.noUpdate();
        }
        return starter.start(execution, action.get(), validation.get(), view);
    }

    /**
     * A Workflow's Execution not started yet: true when the workflow engine may start it (valid, runnable, Ready
     * written); false when it was canceled first or waits, Requested, saying why.
     */
    public boolean admitWorkflow(Execution execution, ClusterView view) {
        if (Boolean.TRUE.equals(execution.getSpec().cancel)) {
            observer.cancel(execution, view);
            return false;
        }
        Optional<Validation> validation = admit(execution, ActionKind.Workflow, Optional.empty(), view);
        if (validation.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        updater.update(execution, copy -> {
            ExecutionTransitions.validated(copy, validation.get(), now);
            return Optional.empty();
        });
        return true;
    }

    /** The validation of a runnable Execution, or empty when it waits, Requested, with the reason written. */
    private Optional<Validation> admit(
            Execution execution, ActionKind kind, Optional<Action> action, ClusterView view) {
        Validation validation = ExecutionValidator.validate(
                execution.getSpec(), execution.getMetadata().getNamespace(), view.references());
        if (!validation.isValid()) {
            // a missing Action or Workflow may still be applied: the execution waits, Requested, saying so
            Instant now = clock.instant();
            updater.update(
                    execution,
                    copy -> ExecutionTransitions.notStarted(
                            copy, false, validation.reason(), validation.message(), now));
            return Optional.empty();
        }
        Optional<ExecutionTargets.CannotRun> cannotRun = ExecutionTargets.check(
                kind,
                execution.getSpec().action.name,
                action.orElse(null),
                config.runner().types(),
                nats.isEnabled());
        if (cannotRun.isPresent()) {
            Instant now = clock.instant();
            updater.update(
                    execution,
                    copy -> ExecutionTransitions.notStarted(
                            copy,
                            false,
                            cannotRun.get().reason(),
                            cannotRun.get().message(),
                            now));
            return Optional.empty();
        }
        return Optional.of(validation);
    }

    private static String annotation(Execution execution, String key) {
        var annotations = execution.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}
