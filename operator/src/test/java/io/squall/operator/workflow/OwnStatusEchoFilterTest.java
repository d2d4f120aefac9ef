package io.squall.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionSpec;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.api.v1alpha1.ExecutionTarget;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which updates of an Execution reconcile it: all but a running workflow's own status summary. */
class OwnStatusEchoFilterTest {

    private static Execution execution(ActionKind kind, long generation, ExecutionPhase phase, String progress) {
        Execution execution = new Execution();
        execution.setMetadata(new ObjectMetaBuilder()
                .withName("wf-1")
                .withNamespace("ns")
                .withGeneration(generation)
                .withLabels(Map.of("app", "x"))
                .build());
        execution.setSpec(new ExecutionSpec());
        execution.getSpec().action = new ExecutionTarget();
        execution.getSpec().action.kind = kind;
        execution.getSpec().action.name = "target";
        if (phase != null) {
            execution.setStatus(new ExecutionStatus());
            execution.getStatus().phase = phase;
            execution.getStatus().progress = progress;
        }
        return execution;
    }

    private static boolean reconciles(Execution before, Execution after) {
        return new OwnStatusEchoFilter().accept(after, before); // JOSDK's order: (new, old)
    }

    @Test
    void aRunningWorkflowsOwnSummaryDoesNotReconcileIt() {
        assertThat(reconciles(
                        execution(ActionKind.Workflow, 1, ExecutionPhase.Running, "1/3"),
                        execution(ActionKind.Workflow, 1, ExecutionPhase.Running, "2/3")))
                .isFalse();
        assertThat(reconciles(
                        execution(ActionKind.Workflow, 1, ExecutionPhase.Running, "2/3"),
                        execution(ActionKind.Workflow, 1, ExecutionPhase.Pausing, "2/3")))
                .isFalse();
    }

    @Test
    void anEndASpecChangeOrAMetadataChangeStillReconciles() {
        assertThat(reconciles(
                        execution(ActionKind.Workflow, 1, ExecutionPhase.Running, "2/3"),
                        execution(ActionKind.Workflow, 1, ExecutionPhase.Succeeded, "3/3")))
                .as("final")
                .isTrue();
        assertThat(reconciles(
                        execution(ActionKind.Workflow, 1, ExecutionPhase.Running, "2/3"),
                        execution(ActionKind.Workflow, 2, ExecutionPhase.Running, "2/3")))
                .as("spec.pause set")
                .isTrue();
        Execution annotated = execution(ActionKind.Workflow, 1, ExecutionPhase.Running, "2/3");
        annotated.getMetadata().setAnnotations(Map.of("note", "y"));
        assertThat(reconciles(execution(ActionKind.Workflow, 1, ExecutionPhase.Running, "2/3"), annotated))
                .isTrue();
        Execution deleted = execution(ActionKind.Workflow, 1, ExecutionPhase.Running, "2/3");
        deleted.getMetadata().setDeletionTimestamp("2026-12-04T00:00:00Z");
        assertThat(reconciles(execution(ActionKind.Workflow, 1, ExecutionPhase.Running, "2/3"), deleted))
                .isTrue();
        assertThat(reconciles(
                        execution(ActionKind.Workflow, 1, null, null),
                        execution(ActionKind.Workflow, 1, ExecutionPhase.Requested, null)))
                .as("first status")
                .isTrue();
    }

    @Test
    void anActionsStatusWriteAlwaysReconciles() {
        // the results consumer writes an action's result as status: what follows it happens on that reconcile
        assertThat(reconciles(
                        execution(ActionKind.Action, 1, ExecutionPhase.Running, null),
                        execution(ActionKind.Action, 1, ExecutionPhase.Running, "x")))
                .isTrue();
        assertThat(reconciles(
                        execution(null, 1, ExecutionPhase.Scheduled, null),
                        execution(null, 1, ExecutionPhase.Running, null)))
                .isTrue();
    }
}
