package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.api.v1alpha1.Names;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutionHistoryTest {

    private static final Instant NOW = Instant.parse("2026-03-08T00:00:00Z");

    private static Execution execution(String namespace, String name, ExecutionPhase phase, String endTime) {
        Execution execution = Fixtures.execution(name, "  action: {name: act}");
        execution.getMetadata().setNamespace(namespace);
        execution.setStatus(new ExecutionStatus());
        execution.getStatus().phase = phase;
        execution.getStatus().endTime = endTime;
        return execution;
    }

    private static List<String> names(List<Execution> executions) {
        return executions.stream()
                .map(e -> e.getMetadata().getNamespace() + "/" + e.getMetadata().getName())
                .toList();
    }

    @Test
    void finishedExecutionsOlderThanTheTtlGo() {
        List<Execution> all = List.of(
                execution("a", "old", ExecutionPhase.Succeeded, "2026-02-28T00:00:00Z"),
                execution("a", "recent", ExecutionPhase.Failed, "2026-03-07T12:00:00Z"),
                execution("a", "old-but-running", ExecutionPhase.Running, null));

        assertThat(names(ExecutionHistory.toDelete(all, NOW, Duration.ofDays(7), 1000)))
                .containsExactly("a/old");
    }

    @Test
    void beyondTheCountTheOldestGoPerNamespace() {
        List<Execution> all = List.of(
                execution("a", "a1", ExecutionPhase.Succeeded, "2026-03-07T01:00:00Z"),
                execution("a", "a2", ExecutionPhase.Succeeded, "2026-03-07T02:00:00Z"),
                execution("a", "a3", ExecutionPhase.Canceled, "2026-03-07T03:00:00Z"),
                execution("a", "a4", ExecutionPhase.Running, null),
                execution("b", "b1", ExecutionPhase.TimedOut, "2026-03-07T01:00:00Z"));

        assertThat(names(ExecutionHistory.toDelete(all, NOW, Duration.ofDays(7), 2)))
                .containsExactly("a/a1");
        assertThat(names(ExecutionHistory.toDelete(all, NOW, Duration.ofDays(7), 0)))
                .containsExactlyInAnyOrder("a/a1", "a/a2", "a/a3", "b/b1");
    }

    @Test
    void anExecutionThatFailedBeforeStartingCountsFromItsCreation() {
        Execution never = execution("a", "never", ExecutionPhase.Failed, null);

        assertThat(ExecutionHistory.toDelete(
                        List.of(never), Instant.parse("2026-01-02T03:06:00Z"), Duration.ofMinutes(1), 10))
                .containsExactly(never);
    }

    @Test
    void theFinishedTasksOfARunningWorkflowStayUntilItFinishes() {
        Execution running = execution("a", "wf-running", ExecutionPhase.Running, null);
        Execution done = execution("a", "wf-done", ExecutionPhase.Succeeded, "2026-02-28T00:00:00Z");
        Execution taskOfRunning = execution("a", "task-1", ExecutionPhase.Succeeded, "2026-02-28T00:00:00Z");
        taskOfRunning
                .getMetadata()
                .setAnnotations(new java.util.HashMap<>(Map.of(Names.ANNOTATION_PARENT, "wf-running")));
        Execution taskOfDone = execution("a", "task-2", ExecutionPhase.Succeeded, "2026-02-28T00:00:00Z");
        taskOfDone.getMetadata().setAnnotations(new java.util.HashMap<>(Map.of(Names.ANNOTATION_PARENT, "wf-done")));
        // a namesake parent in another namespace does not protect it
        Execution runningElsewhere = execution("b", "wf-running", ExecutionPhase.Running, null);

        assertThat(names(ExecutionHistory.toDelete(
                        List.of(running, done, taskOfRunning, taskOfDone, runningElsewhere),
                        NOW,
                        Duration.ofDays(7),
                        1000)))
                .containsExactlyInAnyOrder("a/wf-done", "a/task-2");
        assertThat(names(ExecutionHistory.toDelete(List.of(running, taskOfRunning), NOW, Duration.ofDays(7), 0)))
                .isEmpty();
    }
}
