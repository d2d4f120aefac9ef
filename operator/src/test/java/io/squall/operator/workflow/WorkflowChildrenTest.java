package io.squall.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionStatus;
import org.junit.jupiter.api.Test;

/** Which changes of a child reconcile its parent: those the workflow acts on, no others. */
class WorkflowChildrenTest {

    private static Execution child(ExecutionPhase phase, String jobName) {
        Execution execution = new Execution();
        if (phase != null || jobName != null) {
            execution.setStatus(new ExecutionStatus());
            execution.getStatus().phase = phase;
            execution.getStatus().jobName = jobName;
        }
        return execution;
    }

    @Test
    void aChildThatFinishesMovesItsParent() {
        for (ExecutionPhase end : new ExecutionPhase[] {
            ExecutionPhase.Succeeded,
            ExecutionPhase.Failed,
            ExecutionPhase.TimedOut,
            ExecutionPhase.Canceled,
            ExecutionPhase.Abandoned
        }) {
            assertThat(WorkflowChildren.movesParent(child(ExecutionPhase.Running, "j"), child(end, "j")))
                    .as(end.name())
                    .isTrue();
        }
        assertThat(WorkflowChildren.movesParent(child(null, null), child(ExecutionPhase.Failed, null)))
                .isTrue();
    }

    @Test
    void aChildThatWaitsOrStopsWaitingMovesItsParent() {
        assertThat(WorkflowChildren.movesParent(
                        child(ExecutionPhase.Running, null), child(ExecutionPhase.Pending, null)))
                .as("an inquiry")
                .isTrue();
        assertThat(WorkflowChildren.movesParent(
                        child(ExecutionPhase.Pausing, null), child(ExecutionPhase.Paused, null)))
                .as("a paused sub-workflow")
                .isTrue();
        assertThat(WorkflowChildren.movesParent(
                        child(ExecutionPhase.Paused, null), child(ExecutionPhase.Pausing, null)))
                .isTrue();
        assertThat(WorkflowChildren.movesParent(
                        child(ExecutionPhase.Pausing, null), child(ExecutionPhase.Running, null)))
                .as("resumed")
                .isTrue();
        assertThat(WorkflowChildren.movesParent(
                        child(ExecutionPhase.Pending, null), child(ExecutionPhase.Running, null)))
                .as("answered")
                .isTrue();
    }

    @Test
    void aChildSeenFirstMovesItsParentOnlyWhenItEndedOrWaits() {
        assertThat(WorkflowChildren.movesParent(child(null, null)))
                .as("just created")
                .isFalse();
        assertThat(WorkflowChildren.movesParent(child(ExecutionPhase.Running, "j")))
                .isFalse();
        assertThat(WorkflowChildren.movesParent(child(ExecutionPhase.Succeeded, "j")))
                .as("ended while away")
                .isTrue();
        assertThat(WorkflowChildren.movesParent(child(ExecutionPhase.Pending, null)))
                .as("an inquiry")
                .isTrue();
    }

    @Test
    void theChildsOtherWritesDoNotReconcileTheParent() {
        assertThat(WorkflowChildren.movesParent(child(null, null), child(ExecutionPhase.Requested, null)))
                .isFalse();
        assertThat(WorkflowChildren.movesParent(
                        child(ExecutionPhase.Requested, null), child(ExecutionPhase.Scheduled, "job")))
                .isFalse();
        assertThat(WorkflowChildren.movesParent(
                        child(ExecutionPhase.Scheduled, "job"), child(ExecutionPhase.Running, "job")))
                .isFalse();
        assertThat(WorkflowChildren.movesParent(
                        child(ExecutionPhase.Running, "job"), child(ExecutionPhase.Running, "job-2")))
                .as("same phase")
                .isFalse();
        assertThat(WorkflowChildren.movesParent(
                        child(ExecutionPhase.Succeeded, "job"), child(ExecutionPhase.Succeeded, "job")))
                .as("a final child written again")
                .isFalse();
    }
}
