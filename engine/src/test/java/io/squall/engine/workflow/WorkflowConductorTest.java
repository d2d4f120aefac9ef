package io.squall.engine.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.engine.template.KvLookup;
import io.squall.engine.workflow.expr.Expressions;
import io.squall.engine.workflow.spec.WorkflowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The conductor driven by hand, as the operator drives it: what the rehearsal format cannot express (pause, resume,
 * cancel), state persistence, error fields, and a with-items of 10,000 items.
 */
class WorkflowConductorTest {
    private static final Expressions EXPR = Expressions.standard(KvLookup.of(Map.of("asg.web.min", "2")));

    private static final String SEQUENCE = """
            version: 1.0
            input: [name]
            tasks:
              task1:
                action: core.echo
                input: {message: "{{ ctx().name }}"}
                next:
                  - when: "{{ succeeded() }}"
                    publish: [{greeting: "{{ result() }}"}]
                    do: task2
              task2:
                action: core.echo
                input: {message: "{{ ctx().greeting }}!"}
            output:
              - greeting: "{{ ctx().greeting }}"
            """;

    private static WorkflowConductor start(String yaml, Map<String, Object> inputs) {
        WorkflowConductor c = new WorkflowConductor(WorkflowSpec.parse(yaml), EXPR, inputs, null);
        c.requestWorkflowStatus(Statuses.RUNNING);
        return c;
    }

    private static TaskInstance only(List<TaskInstance> tasks) {
        assertThat(tasks).hasSize(1);
        return tasks.get(0);
    }

    private static void run(WorkflowConductor c, TaskInstance t, String status, Object result) {
        c.updateTaskState(t.id(), t.route(), Event.action(Statuses.RUNNING, null));
        c.updateTaskState(t.id(), t.route(), Event.action(status, result));
    }

    @Test
    void sequentialTasksPassPublishedValuesAndRenderOutput() {
        WorkflowConductor c = start(SEQUENCE, Map.of("name", "Stanley"));
        TaskInstance t1 = only(c.getNextTasks());
        assertThat(t1.actions().get(0).input()).isEqualTo(Map.of("message", "Stanley"));
        run(c, t1, Statuses.SUCCEEDED, "Hi Stanley");
        TaskInstance t2 = only(c.getNextTasks());
        assertThat(t2.id()).isEqualTo("task2");
        assertThat(t2.actions().get(0).input()).isEqualTo(Map.of("message", "Hi Stanley!"));
        run(c, t2, Statuses.SUCCEEDED, null);
        assertThat(c.getWorkflowStatus()).isEqualTo(Statuses.SUCCEEDED);
        c.renderWorkflowOutput();
        assertThat(c.getWorkflowOutput()).isEqualTo(Map.of("greeting", "Hi Stanley"));
        assertThat(c.getNextTasks()).isEmpty();
    }

    @Test
    void pauseLetsTheRunningTaskFinishAndStartsNothingUntilResumed() {
        WorkflowConductor c = start(SEQUENCE, Map.of("name", "a"));
        TaskInstance t1 = only(c.getNextTasks());
        c.updateTaskState(t1.id(), t1.route(), Event.action(Statuses.RUNNING, null));
        c.requestWorkflowStatus(Statuses.PAUSING);
        assertThat(c.getWorkflowStatus()).isEqualTo(Statuses.PAUSING);
        c.updateTaskState(t1.id(), t1.route(), Event.action(Statuses.SUCCEEDED, "x"));
        assertThat(c.getWorkflowStatus()).isEqualTo(Statuses.PAUSED);
        assertThat(c.getNextTasks()).as("nothing new starts while paused").isEmpty();
        c.requestWorkflowStatus(Statuses.RESUMING);
        assertThat(c.getWorkflowStatus()).isEqualTo(Statuses.RESUMING);
        TaskInstance t2 = only(c.getNextTasks());
        assertThat(t2.id()).isEqualTo("task2");
        run(c, t2, Statuses.SUCCEEDED, null);
        assertThat(c.getWorkflowStatus()).isEqualTo(Statuses.SUCCEEDED);
    }

    @Test
    void pauseWithNothingRunningPausesAtOnce() {
        WorkflowConductor c = start(SEQUENCE, Map.of("name", "a"));
        c.requestWorkflowStatus(Statuses.PAUSING);
        assertThat(c.getWorkflowStatus()).isEqualTo(Statuses.PAUSED);
    }

    @Test
    void cancelWaitsForTheRunningTaskThenEndsCanceled() {
        WorkflowConductor c = start(SEQUENCE, Map.of("name", "a"));
        TaskInstance t1 = only(c.getNextTasks());
        c.updateTaskState(t1.id(), t1.route(), Event.action(Statuses.RUNNING, null));
        c.requestWorkflowStatus(Statuses.CANCELING);
        assertThat(c.getWorkflowStatus()).isEqualTo(Statuses.CANCELING);
        c.updateTaskState(t1.id(), t1.route(), Event.action(Statuses.SUCCEEDED, "x"));
        assertThat(c.getWorkflowStatus()).isEqualTo(Statuses.CANCELED);
        assertThat(c.getNextTasks()).isEmpty();
    }

    @Test
    void aPausedActionPausesTheWorkflowWhenNothingElseRuns() {
        WorkflowConductor c = start(SEQUENCE, Map.of("name", "a"));
        TaskInstance t1 = only(c.getNextTasks());
        c.updateTaskState(t1.id(), t1.route(), Event.action(Statuses.RUNNING, null));
        c.updateTaskState(t1.id(), t1.route(), Event.action(Statuses.PAUSED, null));
        assertThat(c.getWorkflowStatus()).isEqualTo(Statuses.PAUSED);
    }

    @Test
    void aWorkflowThatIsRunningCannotBeRerun() {
        WorkflowConductor c = start(SEQUENCE, Map.of("name", "a"));
        assertThatThrownBy(() -> c.requestWorkflowRerun(List.of()))
                .isInstanceOf(WorkflowException.class)
                .hasMessage("Unable to rerun workflow because it is not in a completed state.");
    }

    @Test
    void theWholeStateSurvivesJsonAndGoesOnIdentically() {
        WorkflowConductor c = start(SEQUENCE, Map.of("name", "a"));
        TaskInstance t1 = only(c.getNextTasks());
        c.updateTaskState(t1.id(), t1.route(), Event.action(Statuses.RUNNING, null));
        String json = c.snapshot().toJson();
        WorkflowConductor restored = WorkflowConductor.restore(ConductorSnapshot.fromJson(json), EXPR);
        assertThat(restored.snapshot().toJson()).isEqualTo(json);
        restored.updateTaskState("task1", 0, Event.action(Statuses.SUCCEEDED, "hello"));
        assertThat(only(restored.getNextTasks()).actions().get(0).input()).isEqualTo(Map.of("message", "hello!"));
    }

    @Test
    void anExpressionErrorNamesTheTaskTheFieldAndTheExpression() {
        WorkflowConductor c = start("""
                version: 1.0
                tasks:
                  task1:
                    action: core.noop
                    next:
                      - when: "{{ succeeded() }}"
                        publish: [{x: "{{ ctx('nope') }}"}]
                        do: task2
                  task2:
                    action: core.noop
                """, Map.of());
        run(c, only(c.getNextTasks()), Statuses.SUCCEEDED, null);
        assertThat(c.getWorkflowStatus()).isEqualTo(Statuses.FAILED);
        assertThat(c.errorsWithFields()).singleElement().satisfies(e -> {
            assertThat(e)
                    .containsEntry("task_id", "task1")
                    .containsEntry("task_transition_id", "task2__t0")
                    .containsEntry("field", "tasks.task1.next[0].publish.x");
            assertThat((String) e.get("message"))
                    .isEqualTo("JinjaEvaluationException: Unable to evaluate expression "
                            + "'{{ ctx('nope') }}'. VariableUndefinedError: The variable \"nope\" is undefined.");
        });
        WorkflowConductor restored = WorkflowConductor.restore(
                ConductorSnapshot.fromJson(c.snapshot().toJson()), EXPR);
        assertThat(restored.errorsWithFields().get(0)).containsEntry("field", "tasks.task1.next[0].publish.x");
    }

    @Test
    void failFastLetsRunningBranchesFinishButStartsNoNewTask() {
        WorkflowConductor c = start("""
                version: 1.0
                tasks:
                  a: {action: core.noop, next: [{when: "{{ succeeded() }}", do: a2}]}
                  b: {action: core.noop, next: [{when: "{{ succeeded() }}", do: b2}]}
                  a2: {action: core.noop}
                  b2: {action: core.noop}
                """, Map.of());
        List<TaskInstance> roots = c.getNextTasks();
        assertThat(roots).extracting(TaskInstance::id).containsExactly("a", "b");
        roots.forEach(t -> c.updateTaskState(t.id(), t.route(), Event.action(Statuses.RUNNING, null)));
        c.updateTaskState("a", 0, Event.action(Statuses.FAILED, "boom"));
        assertThat(c.getWorkflowStatus()).isEqualTo(Statuses.FAILED);
        c.updateTaskState("b", 0, Event.action(Statuses.SUCCEEDED, null));
        assertThat(c.getNextTasks())
                .as("b2 is not started once the workflow failed")
                .isEmpty();
        assertThat(c.errors())
                .extracting(e -> e.get("message"))
                .containsExactly("Execution failed. See result for details.");
    }

    @Test
    void datastoreValuesAreReadWithSt2kv() {
        WorkflowConductor c = start("""
                version: 1.0
                tasks:
                  t:
                    action: core.echo
                    input: {min: "{{ st2kv('system.asg.web.min') }}"}
                """, Map.of());
        assertThat(only(c.getNextTasks()).actions().get(0).input()).isEqualTo(Map.of("min", "2"));
    }

    @Test
    void tenThousandItemsKeepTheStateSmall() {
        WorkflowConductor c = start(
                """
                version: 1.0
                input: [xs]
                tasks:
                  each:
                    action: core.echo
                    with: {items: "x in {{ ctx().xs }}", concurrency: 500}
                    input: {message: "{{ item('x') }}"}
                    next: [{when: "{{ succeeded() }}", publish: [{results: "{{ result() }}"}]}]
                output: [{count: "{{ ctx().results | length }}"}]
                """,
                Map.of(
                        "xs",
                        java.util.stream.IntStream.range(0, 10_000)
                                .boxed()
                                .map(i -> (Object) (long) i)
                                .toList()));
        String kib = "x".repeat(1024);
        List<Object> accumulated = new ArrayList<>();
        int dispatched = 0;
        List<TaskInstance> next = c.getNextTasks();
        while (!next.isEmpty()) {
            TaskInstance t = only(next);
            assertThat(t.actions().size()).isLessThanOrEqualTo(500);
            for (TaskInstance.ActionSpec a : t.actions()) {
                c.updateTaskState(t.id(), t.route(), Event.item(a.itemId(), Statuses.RUNNING, null, null));
            }
            for (TaskInstance.ActionSpec a : t.actions()) {
                while (accumulated.size() <= a.itemId()) {
                    accumulated.add(null);
                }
                accumulated.set(a.itemId(), kib);
                c.updateTaskState(t.id(), t.route(), Event.item(a.itemId(), Statuses.SUCCEEDED, kib, accumulated));
                dispatched++;
            }
            next = c.getNextTasks();
        }
        assertThat(dispatched).isEqualTo(10_000);
        assertThat(c.getWorkflowStatus()).isEqualTo(Statuses.SUCCEEDED);
        c.renderWorkflowOutput();
        assertThat(c.getWorkflowOutput()).isEqualTo(Map.of("count", 10_000L));
        int size = c.snapshot().toJsonBytes().length;
        // the published list of 10,000 x 1 KiB results, once, plus the input and ~10 bytes per item status
        assertThat(size).isLessThan(12 << 20);
    }
}
