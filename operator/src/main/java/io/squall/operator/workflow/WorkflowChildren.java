package io.squall.operator.workflow;

import java.util.Set;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.Names;

/**
 * The Execution controller's informer on child Executions (those labelled {@value Names#LABEL_PARENT}), each mapped
 * to its parent by the annotation with the parent's full name. A child's status change therefore reconciles its
 * parent at once: that is the event that moves a workflow, no polling and no requeue. After a restart the informer
 * lists every child, so a child that finished (or vanished) while the operator was away is noticed.
 */
public final class WorkflowChildren {

    public static final String NAME = "workflow-children";

    private WorkflowChildren() {
    }

    public static InformerEventSource<Execution, Execution> eventSource(EventSourceContext<Execution> context) {
        var configuration = InformerEventSourceConfiguration.from(Execution.class, Execution.class)
                .withName(NAME)
                .withNamespacesInheritedFromController()
                .withLabelSelector(Names.LABEL_PARENT)
                .withSecondaryToPrimaryMapper((Execution child) -> {
                    String parent = parentName(child);
                    return parent == null ? Set.of() : Set.of(new ResourceID(parent, child.getMetadata().getNamespace()));
                })
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    public static String parentName(Execution child) {
        var annotations = child.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(Names.ANNOTATION_PARENT);
    }

    /** Owned by this very parent (same uid, so not a namesake's leftover). */
    public static boolean isChildOf(Execution child, Execution parent) {
        return parent.getMetadata().getName().equals(parentName(child))
                && child.getMetadata().getOwnerReferences() != null && child.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> parent.getMetadata().getUid().equals(o.getUid()));
    }
}
