package io.squall.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionSpec;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.api.v1alpha1.ExecutionTarget;
import io.squall.operator.execution.ExecutionEvents;
import io.squall.operator.execution.ExecutionStatusUpdater;
import io.squall.operator.execution.ExecutionTransitions.Transition;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A workflow's status summaries: a phase change written at once, summaries within a phase when it rests. */
@EnableKubernetesMockClient(crud = true)
class WorkflowStatusWritesTest {

    static KubernetesClient client;

    private final AtomicInteger writes = new AtomicInteger();
    private final List<ExecutionPhase> transitions = new CopyOnWriteArrayList<>();
    private WorkflowStatusWrites statusWrites;

    @BeforeEach
    void writer() {
        ExecutionStatusUpdater counting =
                new ExecutionStatusUpdater(client, new ExecutionEvents(client, Clock.systemUTC())) {
                    @Override
                    public Optional<Written> update(
                            Execution current, Function<Execution, Optional<Transition>> transition) {
                        Optional<Written> written = super.update(current, transition);
                        written.ifPresent(w -> writes.incrementAndGet());
                        return written;
                    }
                };
        statusWrites = new WorkflowStatusWrites(counting);
    }

    @AfterEach
    void stop() {
        statusWrites.stop();
    }

    private Execution workflowExecution(String name) {
        Execution execution = new Execution();
        execution.getMetadata().setName(name);
        execution.getMetadata().setNamespace("ns");
        execution.setSpec(new ExecutionSpec());
        execution.getSpec().action = new ExecutionTarget();
        execution.getSpec().action.kind = ActionKind.Workflow;
        execution.getSpec().action.name = "wf";
        Execution created = client.resource(execution).create();
        created.setStatus(new ExecutionStatus());
        created.getStatus().phase = ExecutionPhase.Requested;
        return client.resource(created).updateStatus();
    }

    private void summary(Execution execution, ExecutionPhase phase, String progress) {
        statusWrites.write(
                execution,
                phase,
                copy -> {
                    ExecutionPhase before = copy.getStatus().phase;
                    copy.getStatus().phase = phase;
                    copy.getStatus().progress = progress;
                    return before == phase
                            ? Optional.empty()
                            : Optional.of(new Transition("Normal", phase.name(), progress));
                },
                written -> transitions.add(written.getStatus().phase));
    }

    private ExecutionStatus status(String name) {
        return client.resources(Execution.class)
                .inNamespace("ns")
                .withName(name)
                .get()
                .getStatus();
    }

    @Test
    void aNewPhaseIsWrittenBeforeTheStepEndsWithItsTransition() {
        Execution execution = workflowExecution("phases");

        summary(execution, ExecutionPhase.Running, "0/3");
        assertThat(status("phases").phase).as("written on the step's thread").isEqualTo(ExecutionPhase.Running);
        summary(execution, ExecutionPhase.Pausing, "1/3");
        assertThat(status("phases").phase).isEqualTo(ExecutionPhase.Pausing);
        summary(execution, ExecutionPhase.Succeeded, "3/3");

        assertThat(status("phases").phase).isEqualTo(ExecutionPhase.Succeeded);
        assertThat(transitions)
                .containsExactly(ExecutionPhase.Running, ExecutionPhase.Pausing, ExecutionPhase.Succeeded);
        assertThat(writes.get()).isEqualTo(3);
    }

    @Test
    void summariesWithinAPhaseAreWrittenOnceTheWorkflowRestsTheLatestOnly() {
        Execution execution = workflowExecution("moving");
        summary(execution, ExecutionPhase.Running, "0/50");
        Execution running = client.resources(Execution.class)
                .inNamespace("ns")
                .withName("moving")
                .get();

        for (int done = 1; done <= 50; done++) {
            summary(running, ExecutionPhase.Running, done + "/50");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> "50/50".equals(status("moving").progress));
        assertThat(writes.get())
                .as("the phase change, then the last summary (and at most one on the way)")
                .isBetween(2, 3);
        assertThat(transitions).containsExactly(ExecutionPhase.Running);
    }

    @Test
    void aSummaryStillPendingIsSupersededByTheFinalStatus() throws Exception {
        Execution execution = workflowExecution("ending");
        summary(execution, ExecutionPhase.Running, "0/2");
        Execution running = client.resources(Execution.class)
                .inNamespace("ns")
                .withName("ending")
                .get();
        summary(running, ExecutionPhase.Running, "1/2");

        summary(running, ExecutionPhase.Failed, "2/2");
        Thread.sleep(WorkflowStatusWrites.QUIET.toMillis() * 4); // the superseded summary's time has passed

        assertThat(status("ending").phase).isEqualTo(ExecutionPhase.Failed);
        assertThat(status("ending").progress).isEqualTo("2/2");
        assertThat(writes.get()).isEqualTo(2);
    }
}
