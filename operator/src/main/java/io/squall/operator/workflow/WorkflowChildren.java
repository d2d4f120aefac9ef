package io.squall.operator.workflow;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.Names;
import java.util.EnumSet;
import java.util.Set;

/**
 * The Execution controller's informer on child Executions (those labelled {@value Names#LABEL_PARENT}), each mapped
 * to its parent by the annotation with the parent's full name. A child's status change therefore reconciles its
 * parent at once: that is the event that moves a workflow, no polling and no requeue. Only the changes the parent
 * acts on are events ({@link #movesParent(Execution, Execution)}). After a restart every parent is reconciled over
 * the children the informer lists, so a child that finished (or vanished) while the operator was away is noticed.
 */
public final class WorkflowChildren {

    public static final String NAME = "workflow-children";

    private WorkflowChildren() {}

    public static InformerEventSource<Execution, Execution> eventSource(EventSourceContext<Execution> context) {
        var configuration = InformerEventSourceConfiguration.from(Execution.class, Execution.class)
                .withName(NAME)
                .withNamespacesInheritedFromController()
                .withLabelSelector(Names.LABEL_PARENT)
                .withSecondaryToPrimaryMapper((Execution child) -> {
                    String parent = parentName(child);
                    return parent == null
                            ? Set.of()
                            : Set.of(new ResourceID(parent, child.getMetadata().getNamespace()));
                })
                .withOnAddFilter(WorkflowChildren::movesParent)
                .withOnUpdateFilter((after, before) -> movesParent(before, after)) // JOSDK passes (new, old)
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    /**
     * The changes of a child its parent acts on: it finished, or it entered or left a paused or pending phase (a
     * paused sub-workflow, an inquiry). Its other writes (Scheduled, Running, the Job's name, conditions) would each
     * reconcile the parent for nothing and hold up the reconcile that the child's end asks for.
     */
    /**
     * A child seen for the first time (just created by its parent, or listed after a restart, when every parent is
     * reconciled anyway) moves its parent only if it has already ended or waits.
     */
    static boolean movesParent(Execution added) {
        ExecutionPhase now = phase(added);
        return now != null && now.isFinal() || WAITING.contains(now);
    }

    static boolean movesParent(Execution before, Execution after) {
        ExecutionPhase was = phase(before);
        ExecutionPhase now = phase(after);
        if (was == now) {
            return false;
        }
        return now != null && now.isFinal() || WAITING.contains(now) || WAITING.contains(was);
    }

    private static final Set<ExecutionPhase> WAITING =
            EnumSet.of(ExecutionPhase.Pending, ExecutionPhase.Pausing, ExecutionPhase.Paused);

    private static ExecutionPhase phase(Execution execution) {
        return execution.getStatus() == null ? null : execution.getStatus().phase;
    }

    public static String parentName(Execution child) {
        var annotations = child.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(Names.ANNOTATION_PARENT);
    }

    /** Owned by this very parent (same uid, so not a namesake's leftover). */
    public static boolean isChildOf(Execution child, Execution parent) {
        return parent.getMetadata().getName().equals(parentName(child))
                && child.getMetadata().getOwnerReferences() != null
                && child.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> parent.getMetadata().getUid().equals(o.getUid()));
    }
}
