package io.squall.operator.reconciler;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.squall.api.v1alpha1.Rule;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Tells the timer controller that a Rule is gone. JOSDK calls a reconciler for deletions only with a finalizer
 * or with triggerReconcilerOnAllEvents, and QOSDK 7.4.0 never turns the latter on (it implements
 * isTriggerReconcilerOnAllEvents(), JOSDK 5.2 asks triggerReconcilerOnAllEvents()); a finalizer would block
 * deleting Rules whenever the operator is down. So this informer on Rules passes deletions on and nothing else.
 */
final class RuleDeletionEventSource extends InformerEventSource<Rule, Rule> {

    static final String NAME = "timer-rule-deletions";

    private final Consumer<Rule> onDeleted;

    RuleDeletionEventSource(EventSourceContext<Rule> context, Consumer<Rule> onDeleted) {
        super(
                InformerEventSourceConfiguration.from(Rule.class, Rule.class)
                        .withName(NAME)
                        .withNamespacesInheritedFromController()
                        .withSecondaryToPrimaryMapper((Rule rule) -> Set.of(ResourceID.fromResource(rule)))
                        // the controller's own informer already triggers reconciles for the rest
                        .withOnAddFilter(rule -> false)
                        .withOnUpdateFilter((newRule, oldRule) -> false)
                        .withOnDeleteFilter((rule, finalStateUnknown) -> false)
                        .build(),
                context);
        this.onDeleted = onDeleted;
    }

    @Override
    public void onDelete(Rule rule, boolean finalStateUnknown) {
        onDeleted.accept(rule);
        super.onDelete(rule, finalStateUnknown);
    }
}
