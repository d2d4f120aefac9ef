package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionContext;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionSpec;
import io.squall.api.v1alpha1.ExecutionStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutionAuditLogTest {

    private static Execution execution(ExecutionPhase phase) {
        Execution e = new Execution();
        e.getMetadata().setNamespace("shop");
        e.getMetadata().setName("scaleup-1-add-node-2");
        e.getMetadata().setUid("u-1");
        e.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
        e.setSpec(new ExecutionSpec());
        e.getSpec().action = new io.squall.api.v1alpha1.ExecutionTarget();
        e.getSpec().action.kind = ActionKind.Workflow;
        e.getSpec().action.name = "asg-add-node";
        e.getSpec().context = new ExecutionContext();
        e.getSpec().context.rule = "scaleup";
        e.getSpec().context.triggerId = "injected.shop.governor-1-emit.u.1";
        e.getSpec().context.traceTag = "webhook-newrelic-1";
        e.getSpec().context.parentExecution = "scaleup-1";
        e.getSpec().context.rootExecution = "scaleup-1";
        e.getSpec().context.parentTask = "provision_new_nodes";
        e.getSpec().context.itemId = 2;
        e.setStatus(new ExecutionStatus());
        e.getStatus().phase = phase;
        e.getStatus().startTime = "2026-01-01T00:00:01Z";
        return e;
    }

    @Test
    void aPhaseChangeCarriesTheExecutionsLineage() {
        Map<String, String> fields =
                ExecutionAuditLog.fields(execution(ExecutionPhase.Succeeded), ExecutionPhase.Running);
        assertThat(fields)
                .containsEntry("event", "execution")
                .containsEntry("namespace", "shop")
                .containsEntry("execution", "scaleup-1-add-node-2")
                .containsEntry("phase", "Succeeded")
                .containsEntry("from", "Running")
                .containsEntry("kind", "Workflow")
                .containsEntry("action", "asg-add-node")
                .containsEntry("rule", "scaleup")
                .containsEntry("trigger_id", "injected.shop.governor-1-emit.u.1")
                .containsEntry("trace_tag", "webhook-newrelic-1")
                .containsEntry("parent", "scaleup-1")
                .containsEntry("root", "scaleup-1")
                .containsEntry("task", "provision_new_nodes")
                .containsEntry("item", "2")
                .containsEntry("start", "2026-01-01T00:00:01Z")
                .doesNotContainKey("end")
                .doesNotContainKey("error");
    }

    @Test
    void onlyAPhaseChangeIsAuditedAndItsTextHasEveryField() {
        assertThat(ExecutionAuditLog.change(execution(ExecutionPhase.Running), execution(ExecutionPhase.Running)))
                .isEmpty();
        Map<String, String> fields = ExecutionAuditLog.change(
                        execution(ExecutionPhase.Running), execution(ExecutionPhase.Failed))
                .orElseThrow();
        assertThat(fields).containsEntry("phase", "Failed").containsEntry("from", "Running");
        assertThat(ExecutionAuditLog.change(null, execution(ExecutionPhase.Requested))
                        .orElseThrow())
                .containsEntry("phase", "Requested")
                .doesNotContainKey("from");
        assertThat(ExecutionAuditLog.message(fields))
                .startsWith("event=execution namespace=shop ")
                .contains(
                        " execution=scaleup-1-add-node-2 ",
                        " phase=Failed from=Running ",
                        " parent=scaleup-1 ",
                        " trace_tag=webhook-newrelic-1 ");
    }
}
