package io.squall.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.squall.api.v1alpha1.Workflow;
import io.squall.api.v1alpha1.WorkflowStatus;
import io.squall.operator.status.StatusWriter;
import io.squall.operator.validation.WorkflowValidator;
import io.squall.operator.workflow.WorkflowGraph;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Validates Workflows and reports their task count and start tasks. */
@ControllerConfiguration(name = WorkflowReconciler.NAME)
public class WorkflowReconciler implements Reconciler<Workflow> {

    public static final String NAME = "workflow";

    private final StatusWriter statusWriter;

    public WorkflowReconciler(StatusWriter statusWriter) {
        this.statusWriter = statusWriter;
    }

    @Override
    public List<EventSource<?, Workflow>> prepareEventSources(EventSourceContext<Workflow> context) {
        // a task's action may name an Action or a (sub-)Workflow, so both kinds are watched under the same names
        return ReferenceWatch.eventSources(context, WorkflowReconciler::taskActions, WorkflowReconciler::taskActions);
    }

    @Override
    public UpdateControl<Workflow> reconcile(Workflow workflow, Context<Workflow> context) {
        String namespace = workflow.getMetadata().getNamespace();
        var validation =
                WorkflowValidator.validate(workflow.getSpec(), namespace, ReferenceWatch.lookup(context, namespace));
        WorkflowGraph graph = WorkflowGraph.of(workflow.getSpec());
        return statusWriter.write(workflow, WorkflowStatus::new, validation, status -> {
            status.taskCount = graph.taskCount();
            status.startTasks = graph.startTasks();
        });
    }

    /** An unexpected exception shows in the Ready condition (JOSDK still retries). */
    @Override
    public ErrorStatusUpdateControl<Workflow> updateErrorStatus(
            Workflow workflow, Context<Workflow> context, Exception e) {
        return statusWriter.writeError(workflow, WorkflowStatus::new, e);
    }

    private static Set<String> taskActions(Workflow workflow) {
        if (workflow.getSpec() == null || workflow.getSpec().tasks == null) {
            return Set.of();
        }
        return workflow.getSpec().tasks.values().stream()
                .filter(Objects::nonNull)
                .map(task -> task.action)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }
}
