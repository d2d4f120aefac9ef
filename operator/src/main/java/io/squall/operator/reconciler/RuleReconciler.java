package io.squall.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Rule;
import io.squall.api.v1alpha1.RuleStatus;
import io.squall.operator.status.StatusWriter;
import io.squall.operator.validation.RuleValidator;
import java.util.List;
import java.util.Set;

/** Validates Rules, re-checking them whenever the Action or Workflow they run appears, changes or goes away. */
@ControllerConfiguration(name = RuleReconciler.NAME)
public class RuleReconciler implements Reconciler<Rule> {

    public static final String NAME = "rule";

    private final StatusWriter statusWriter;

    public RuleReconciler(StatusWriter statusWriter) {
        this.statusWriter = statusWriter;
    }

    @Override
    public List<EventSource<?, Rule>> prepareEventSources(EventSourceContext<Rule> context) {
        return ReferenceWatch.eventSources(
                context, rule -> referenced(rule, ActionKind.Action), rule -> referenced(rule, ActionKind.Workflow));
    }

    @Override
    public UpdateControl<Rule> reconcile(Rule rule, Context<Rule> context) {
        String namespace = rule.getMetadata().getNamespace();
        var validation = RuleValidator.validate(rule.getSpec(), namespace, ReferenceWatch.lookup(context, namespace));
        return statusWriter.write(rule, RuleStatus::new, validation);
    }

    /** An unexpected exception shows in the Ready condition (JOSDK still retries). */
    @Override
    public ErrorStatusUpdateControl<Rule> updateErrorStatus(Rule rule, Context<Rule> context, Exception e) {
        return statusWriter.writeError(rule, RuleStatus::new, e);
    }

    private static Set<String> referenced(Rule rule, ActionKind kind) {
        var action = rule.getSpec() == null ? null : rule.getSpec().action;
        if (action == null || action.ref == null) {
            return Set.of();
        }
        ActionKind actual = action.kind == null ? ActionKind.Action : action.kind;
        return actual == kind ? Set.of(action.ref) : Set.of();
    }
}
