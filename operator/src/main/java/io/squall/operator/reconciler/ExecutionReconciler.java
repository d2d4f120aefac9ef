package io.squall.operator.reconciler;

import java.util.List;
import java.util.Set;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.operator.status.StatusWriter;
import io.squall.operator.validation.ExecutionValidator;
import io.squall.operator.validation.Validation;

/**
 * Executions, in three steps so the lifecycle can grow here: observe (a finished execution is history and
 * is left alone), validate (the target exists), reconcile (for now: a new execution is Requested).
 */
@ControllerConfiguration(name = ExecutionReconciler.NAME)
public class ExecutionReconciler implements Reconciler<Execution> {

    public static final String NAME = "execution";

    private final StatusWriter statusWriter;

    public ExecutionReconciler(StatusWriter statusWriter) {
        this.statusWriter = statusWriter;
    }

    @Override
    public List<EventSource<?, Execution>> prepareEventSources(EventSourceContext<Execution> context) {
        return ReferenceWatch.eventSources(context,
                execution -> target(execution, ActionKind.Action),
                execution -> target(execution, ActionKind.Workflow));
    }

    @Override
    public UpdateControl<Execution> reconcile(Execution execution, Context<Execution> context) {
        if (isFinished(execution)) {
            // the Action may be gone by now; a finished run keeps the status it ended with
            return UpdateControl.noUpdate();
        }
        String namespace = execution.getMetadata().getNamespace();
        Validation validation = ExecutionValidator.validate(execution.getSpec(), namespace,
                ReferenceWatch.lookup(context, namespace));
        return statusWriter.write(execution, ExecutionStatus::new, validation, status -> {
            if (status.phase == null) {
                status.phase = ExecutionPhase.Requested;
            }
        });
    }

    private static boolean isFinished(Execution execution) {
        return execution.getStatus() != null && execution.getStatus().phase != null
                && execution.getStatus().phase.isFinal();
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
