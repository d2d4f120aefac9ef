package io.squall.operator.reconciler;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Execution;
import io.squall.operator.execution.ExecutionHistorySweeper;
import io.squall.operator.execution.ExecutionLifecycle;
import io.squall.operator.execution.JosdkClusterView;
import io.squall.operator.execution.RunnerInformers;
import io.squall.operator.workflow.OwnStatusEchoFilter;
import io.squall.operator.workflow.WorkflowChildren;

/**
 * Executions: the lifecycle (io.squall.operator.execution.ExecutionLifecycle) over the Execution, its Action
 * and its runner Jobs and pods. Not generation-aware: the results consumer writes only the status, and that
 * write must reconcile too (a retry to start, a trigger to publish). The lifecycle writes the status itself,
 * with optimistic locking, so the reconciler never patches it.
 */
@ControllerConfiguration(name = ExecutionReconciler.NAME, generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = OwnStatusEchoFilter.class))
public class ExecutionReconciler implements Reconciler<Execution> {

    public static final String NAME = "execution";

    private final ExecutionLifecycle lifecycle;
    private final ExecutionHistorySweeper history;

    public ExecutionReconciler(ExecutionLifecycle lifecycle, ExecutionHistorySweeper history) {
        this.lifecycle = lifecycle;
        this.history = history;
    }

    @Override
    public List<EventSource<?, Execution>> prepareEventSources(EventSourceContext<Execution> context) {
        List<EventSource<?, Execution>> sources = new ArrayList<>(ReferenceWatch.eventSources(context,
                execution -> target(execution, ActionKind.Action),
                execution -> target(execution, ActionKind.Workflow)));
        sources.addAll(RunnerInformers.eventSources(context));
        sources.add(WorkflowChildren.eventSource(context));
        history.attach(context.getPrimaryCache());
        return sources;
    }

    @Override
    public UpdateControl<Execution> reconcile(Execution execution, Context<Execution> context) {
        return lifecycle.reconcile(execution, new JosdkClusterView(context, execution));
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
