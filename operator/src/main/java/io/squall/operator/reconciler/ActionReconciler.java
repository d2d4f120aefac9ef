package io.squall.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ActionStatus;
import io.squall.operator.status.StatusWriter;
import io.squall.operator.validation.ActionValidator;

/** Validates Actions and reports it in the Ready condition. */
@ControllerConfiguration(name = ActionReconciler.NAME)
public class ActionReconciler implements Reconciler<Action> {

    public static final String NAME = "action";

    private final StatusWriter statusWriter;

    public ActionReconciler(StatusWriter statusWriter) {
        this.statusWriter = statusWriter;
    }

    @Override
    public UpdateControl<Action> reconcile(Action action, Context<Action> context) {
        return statusWriter.write(action, ActionStatus::new, ActionValidator.validate(action.getSpec()));
    }

    /** An unexpected exception shows in the Ready condition (JOSDK still retries). */
    @Override
    public ErrorStatusUpdateControl<Action> updateErrorStatus(Action action, Context<Action> context, Exception e) {
        return statusWriter.writeError(action, ActionStatus::new, e);
    }
}
