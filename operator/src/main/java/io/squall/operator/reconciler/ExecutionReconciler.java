package io.squall.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.operator.execution.ExecutionCompletion;
import io.squall.operator.execution.ExecutionHistorySweeper;
import io.squall.operator.execution.ExecutionLifecycle;
import io.squall.operator.execution.ExecutionStatusUpdater;
import io.squall.operator.execution.ExecutionTransitions;
import io.squall.operator.execution.runner.RunnerInformers;
import io.squall.operator.status.ReadyCondition;
import io.squall.operator.status.ReconcileErrors;
import io.squall.operator.validation.ExecutionValidator;
import io.squall.operator.validation.Validation;
import io.squall.operator.workflow.OwnStatusEchoFilter;
import io.squall.operator.workflow.WorkflowChildren;
import io.squall.operator.workflow.WorkflowEngine;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Executions, by kind: a finished one to {@link ExecutionCompletion}, a Workflow's to the {@link WorkflowEngine}
 * (once {@link ExecutionLifecycle#admitWorkflow} admits it), an Action's to the {@link ExecutionLifecycle} over its
 * runner Jobs and pods. Not generation-aware: the results consumer writes only the status, and that
 * write must reconcile too (a retry to start, a trigger to publish). The lifecycle writes the status itself,
 * with optimistic locking, so the reconciler never patches it; an unexpected exception too is written through
 * {@link ExecutionStatusUpdater} (Ready=False, reason ReconcileError), and cleared by the next reconcile that
 * goes through.
 */
@ControllerConfiguration(
        name = ExecutionReconciler.NAME,
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = OwnStatusEchoFilter.class))
public class ExecutionReconciler implements Reconciler<Execution> {

    public static final String NAME = "execution";

    private static final Logger LOG = Logger.getLogger(ExecutionReconciler.class);

    private final ExecutionLifecycle lifecycle;
    private final ExecutionCompletion completion;
    private final WorkflowEngine workflows;
    private final ExecutionHistorySweeper history;
    private final ExecutionStatusUpdater updater;
    private final Clock clock;

    public ExecutionReconciler(
            ExecutionLifecycle lifecycle,
            ExecutionCompletion completion,
            WorkflowEngine workflows,
            ExecutionHistorySweeper history,
            ExecutionStatusUpdater updater,
            Clock clock) {
        this.lifecycle = lifecycle;
        this.completion = completion;
        this.workflows = workflows;
        this.history = history;
        this.updater = updater;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, Execution>> prepareEventSources(EventSourceContext<Execution> context) {
        List<EventSource<?, Execution>> sources = new ArrayList<>(ReferenceWatch.eventSources(
                context,
                execution -> target(execution, ActionKind.Action),
                execution -> target(execution, ActionKind.Workflow)));
        sources.addAll(RunnerInformers.eventSources(context));
        sources.add(WorkflowChildren.eventSource(context));
        history.attach(context.getPrimaryCache());
        return sources;
    }

    @Override
    public UpdateControl<Execution> reconcile(Execution execution, Context<Execution> context) {
        JosdkClusterView view = new JosdkClusterView(context, execution);
        UpdateControl<Execution> control = byKind(execution, view);
        if (ReconcileErrors.isShown(execution.getStatus())) {
            // a reconcile went through again: Ready says what it says without the error, whether the spec is valid
            Validation validation = ExecutionValidator.validate(
                    execution.getSpec(), execution.getMetadata().getNamespace(), view.references());
            updater.update(execution, copy -> {
                if (ReconcileErrors.isShown(copy.getStatus())) { // unless the lifecycle has just written Ready
                    ReadyCondition.apply(
                            copy.getStatus(), copy.getMetadata().getGeneration(), validation, clock.instant());
                }
                return Optional.empty();
            });
        }
        return control;
    }

    /** A finished Execution, a workflow (the workflow engine, once admitted), or an action (its runner Job). */
    private UpdateControl<Execution> byKind(Execution execution, JosdkClusterView view) {
        if (ExecutionTransitions.isFinal(execution.getStatus())) {
            return completion.finished(execution, view);
        }
        if (execution.getSpec().action.kind == ActionKind.Workflow) {
            if (ExecutionTransitions.isRequested(execution.getStatus()) && !lifecycle.admitWorkflow(execution, view)) {
                return UpdateControl.noUpdate();
            }
            // the workflow engine conducts it to its end (cancel and pause included)
            return workflows.reconcile(execution, view.workflow(execution.getSpec().action.name), view);
        }
        return lifecycle.reconcile(execution, view);
    }

    /**
     * An unexpected exception shows in the Ready condition, written by the one writer of Execution status (JOSDK
     * still retries, and logs the exception).
     */
    @Override
    public ErrorStatusUpdateControl<Execution> updateErrorStatus(
            Execution execution, Context<Execution> context, Exception e) {
        try {
            updater.update(execution, copy -> {
                if (copy.getStatus() == null) {
                    copy.setStatus(new ExecutionStatus());
                }
                ReconcileErrors.show(copy.getStatus(), copy.getMetadata().getGeneration(), e, clock.instant());
                return Optional.empty();
            });
        } catch (KubernetesClientException | IllegalStateException notWritten) {
            // the reconcile's own exception is what JOSDK logs and retries; this one only says why it is not shown
            LOG.warnf(
                    "Execution %s/%s: the reconcile error could not be written to its status: %s",
                    execution.getMetadata().getNamespace(),
                    execution.getMetadata().getName(),
                    notWritten.getMessage());
        }
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    private static Set<String> target(Execution execution, ActionKind kind) {
        var action = execution.getSpec() == null ? null : execution.getSpec().action;
        if (action == null || action.name == null) {
            return Set.of();
        }
        ActionKind actual = action.kind == null ? ActionKind.Action : action.kind;
        return actual == kind ? Set.of(action.name) : Set.of();
    }
}
