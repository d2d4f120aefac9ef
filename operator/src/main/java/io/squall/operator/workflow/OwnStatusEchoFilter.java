package io.squall.operator.workflow;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Execution;
import java.util.Objects;

/**
 * Drops the echo of a running workflow's own status summary: the Execution controller is not generation-aware (an
 * action's result arrives as a status write and must reconcile), but a workflow Execution's status is written by
 * its workflow engine, from the state the step just stored, so reconciling on that write only re-reads the state
 * and holds up the step a child's end asks for. A final status still reconciles (what follows the end), and so does
 * any change of spec (generation), labels, annotations, finalizers or deletion.
 */
public class OwnStatusEchoFilter implements OnUpdateFilter<Execution> {

    @Override
    public boolean accept(Execution after, Execution before) { // JOSDK passes (new, old)
        return !isEcho(before, after);
    }

    static boolean isEcho(Execution before, Execution after) {
        if (after.getSpec() == null
                || after.getSpec().action == null
                || after.getSpec().action.kind != ActionKind.Workflow) {
            return false;
        }
        if (after.getStatus() == null
                || after.getStatus().phase == null
                || after.getStatus().phase.isFinal()
                || before.getStatus() == null
                || before.getStatus().phase == null) {
            return false;
        }
        ObjectMeta was = before.getMetadata();
        ObjectMeta now = after.getMetadata();
        return Objects.equals(was.getGeneration(), now.getGeneration())
                && Objects.equals(was.getLabels(), now.getLabels())
                && Objects.equals(was.getAnnotations(), now.getAnnotations())
                && Objects.equals(was.getFinalizers(), now.getFinalizers())
                && Objects.equals(was.getDeletionTimestamp(), now.getDeletionTimestamp())
                && Objects.equals(was.getOwnerReferences(), now.getOwnerReferences());
    }
}
