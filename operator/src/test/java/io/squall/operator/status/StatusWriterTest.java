package io.squall.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.squall.api.v1alpha1.Workflow;
import io.squall.api.v1alpha1.WorkflowStatus;
import io.squall.operator.validation.Validation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StatusWriterTest {

    private final StatusWriter writer =
            new StatusWriter(Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));

    private static Workflow workflow(long generation) {
        Workflow workflow = new Workflow();
        workflow.setMetadata(new ObjectMetaBuilder()
                .withName("w")
                .withNamespace("ns")
                .withGeneration(generation)
                .build());
        return workflow;
    }

    @Test
    void firstWritePatchesStatusWithDetailsAndReady() {
        Workflow workflow = workflow(1);
        var control = writer.write(workflow, WorkflowStatus::new, new Validation(), s -> s.taskCount = 2);
        assertThat(control.isPatchStatus()).isTrue();
        assertThat(workflow.getStatus().taskCount).isEqualTo(2);
        assertThat(workflow.getStatus().observedGeneration).isEqualTo(1L);
        assertThat(ReadyCondition.find(workflow.getStatus().conditions).getStatus())
                .isEqualTo("True");
    }

    @Test
    void unchangedStatusIsNotWrittenAgain() {
        Workflow workflow = workflow(1);
        writer.write(workflow, WorkflowStatus::new, new Validation(), s -> s.taskCount = 2);
        var again = writer.write(workflow, WorkflowStatus::new, new Validation(), s -> s.taskCount = 2);
        assertThat(again.isNoUpdate()).isTrue();
    }

    @Test
    void newGenerationIsWritten() {
        Workflow workflow = workflow(1);
        writer.write(workflow, WorkflowStatus::new, new Validation());
        workflow.getMetadata().setGeneration(2L);
        assertThat(writer.write(workflow, WorkflowStatus::new, new Validation()).isPatchStatus())
                .isTrue();
        assertThat(workflow.getStatus().observedGeneration).isEqualTo(2L);
    }

    @Test
    void aReconcileErrorMakesReadyFalseWithTheMessageAndTheNextWriteClearsIt() {
        Workflow workflow = workflow(1);
        writer.write(workflow, WorkflowStatus::new, new Validation(), s -> s.taskCount = 2);

        var control =
                writer.writeError(workflow, WorkflowStatus::new, new IllegalStateException("informer not synced"));

        assertThat(control.getResource()).containsSame(workflow);
        var ready = ReadyCondition.find(workflow.getStatus().conditions);
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo(ReconcileErrors.REASON);
        assertThat(ready.getMessage()).isEqualTo("reconcile failed, retrying: informer not synced");
        assertThat(workflow.getStatus().taskCount).isEqualTo(2);
        // the same error again writes nothing
        assertThat(writer.writeError(workflow, WorkflowStatus::new, new IllegalStateException("informer not synced"))
                        .getResource())
                .isEmpty();

        writer.write(workflow, WorkflowStatus::new, new Validation(), s -> s.taskCount = 2);
        assertThat(ReconcileErrors.isShown(workflow.getStatus())).isFalse();
    }

    @Test
    void anErrorWithoutAMessageIsNamedByItsClass() {
        Workflow workflow = workflow(1);
        writer.writeError(workflow, WorkflowStatus::new, new NullPointerException());
        assertThat(ReadyCondition.find(workflow.getStatus().conditions).getMessage())
                .isEqualTo("reconcile failed, retrying: java.lang.NullPointerException");
    }
}
