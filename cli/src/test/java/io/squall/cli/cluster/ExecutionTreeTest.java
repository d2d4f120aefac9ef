package io.squall.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.squall.api.messages.InjectedTriggerId;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionContext;
import io.squall.api.v1alpha1.ExecutionSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionTreeTest {

    private static Execution execution(String name, String uid, String created, String parent, String triggerId) {
        Execution e = new Execution();
        e.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace("ns")
                .withUid(uid)
                .withCreationTimestamp(created)
                .build());
        e.setSpec(new ExecutionSpec());
        e.getSpec().context = new ExecutionContext();
        e.getSpec().context.parentExecution = parent;
        e.getSpec().context.triggerId = triggerId;
        return e;
    }

    private static List<String> lines(List<ExecutionTree.Node> nodes, String indent) {
        List<String> lines = new ArrayList<>();
        for (ExecutionTree.Node n : nodes) {
            lines.add(indent + n.name() + (n.link() == null ? "" : " " + n.link()));
            lines.addAll(lines(n.children(), indent + "  "));
        }
        return lines;
    }

    @Test
    void tasksUnderTheirWorkflowAndAnInjectedTriggersExecutionUnderItsInjectorInCreationOrder() {
        String pulse = new InjectedTriggerId("ns", "gov-pulse", "uid-pulse", 1).id();
        List<Execution> all = List.of(
                execution("scaleup", "u3", "2026-01-01T00:00:03Z", null, pulse),
                execution("gov-pulse", "uid-pulse", "2026-01-01T00:00:02Z", "gov", "timer-1"),
                execution("gov", "u1", "2026-01-01T00:00:01Z", null, "timer-1"),
                execution("alert", "u0", "2026-01-01T00:00:00Z", null, "alert-1"),
                execution("gov-b", "u4", "2026-01-01T00:00:02Z", "gov", "timer-1"));

        assertThat(lines(ExecutionTree.of(all), ""))
                .containsExactly("alert", "gov", "  gov-b TASK", "  gov-pulse TASK", "    scaleup TRIGGER");
    }

    @Test
    void aNamesakeOfTheInjectorIsNotItsParentAndACycleIsShownNotLost() {
        String injected = new InjectedTriggerId("ns", "pulse", "uid-of-the-deleted-one", 1).id();
        List<Execution> namesake = List.of(
                execution("pulse", "uid-of-a-new-one", "2026-01-01T00:00:00Z", null, null),
                execution("scaleup", "u2", "2026-01-01T00:00:01Z", null, injected));
        assertThat(lines(ExecutionTree.of(namesake), "")).containsExactly("pulse", "scaleup");

        List<Execution> cycle = List.of(
                execution("a", "ua", "2026-01-01T00:00:00Z", "b", null),
                execution("b", "ub", "2026-01-01T00:00:01Z", "a", null));
        assertThat(lines(ExecutionTree.of(cycle), "")).containsExactly("a", "  b TASK");
    }
}
