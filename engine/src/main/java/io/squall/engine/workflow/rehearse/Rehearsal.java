package io.squall.engine.workflow.rehearse;

import io.squall.engine.workflow.ConductorSnapshot;
import io.squall.engine.workflow.Event;
import io.squall.engine.workflow.Statuses;
import io.squall.engine.workflow.TaskInstance;
import io.squall.engine.workflow.Values;
import io.squall.engine.workflow.WorkflowConductor;
import io.squall.engine.workflow.expr.Expressions;
import io.squall.engine.workflow.inspect.WorkflowInspector;
import io.squall.engine.workflow.spec.TaskSpec;
import io.squall.engine.workflow.spec.WorkflowSpec;
import io.squall.engine.workflow.state.TaskState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orquesta's rehearsal ({@code orquesta-rehearse}): runs a workflow against mocked action executions, round by
 * round exactly as {@code WorkflowRehearsal.assert_conducting_sequence} does (mark every returned task running,
 * then complete each with its mock; the conductor is serialised and restored between rounds), and compares the
 * result with the spec's expectations, with Orquesta's defaults.
 */
public final class Rehearsal {
    private final Expressions expressions;
    private final java.nio.file.Path baseDir;

    public Rehearsal(Expressions expressions) {
        this(expressions, null);
    }

    /** {@code baseDir}: where {@code result_path} of the mocks is resolved (the spec file's directory). */
    public Rehearsal(Expressions expressions, java.nio.file.Path baseDir) {
        this.expressions = expressions;
        this.baseDir = baseDir;
    }

    /** One stage: a first run ({@code conductor == null}) or a rerun of the conductor a previous stage left. */
    public record Stage(RehearsalOutcome outcome, WorkflowConductor conductor) {}

    /** Runs a first run from the test case's keys. */
    public Stage run(WorkflowSpec workflow, Map<String, Object> testCase) {
        return runStage(workflow, testCase, null);
    }

    /** Runs a rerun stage ({@code rerun_tasks}, mocks, expectations) on the conductor a previous stage left. */
    public Stage rerun(WorkflowConductor previous, Map<String, Object> stage) {
        return runStage(previous.spec(), stage, previous);
    }

    @SuppressWarnings("unchecked")
    private Stage runStage(WorkflowSpec workflow, Map<String, Object> testCase, WorkflowConductor previous) {
        List<String> mismatches = new ArrayList<>();
        List<List<Map<String, Object>>> dispatches = new ArrayList<>();
        MockExecutions mocks = new MockExecutions(testCase.get("mock_action_executions"), baseDir);
        for (MockExecutions.Mock m : mocks.all()) {
            if (!workflow.hasTask(m.taskId)) {
                throw new IllegalArgumentException("Task \"" + m.taskId + "\" does not exist.");
            }
            if (workflow.task(m.taskId).hasItems() && m.itemId == null) {
                throw new IllegalArgumentException(
                        "Mock action execution for with items task \"" + m.taskId + "\" is missing \"item_id\".");
            }
        }
        Map<String, Object> inspection =
                previous == null ? new WorkflowInspector(expressions).inspect(workflow) : Map.of();
        Object expectedInspection = testCase.getOrDefault("expected_inspection_errors", Map.of());
        if (!Values.pyEquals(inspection, expectedInspection == null ? Map.of() : expectedInspection)) {
            mismatches.add("The actual inspection errors " + Values.pyRepr(inspection) + " does not match expected "
                    + Values.pyRepr(expectedInspection) + ".");
        }
        if (expectedInspection instanceof Map<?, ?> m && !m.isEmpty()) {
            return new Stage(
                    new RehearsalOutcome(
                            List.of(), List.of(), null, List.of(), null, List.of(), inspection, dispatches, mismatches),
                    null);
        }
        WorkflowConductor conductor;
        if (previous == null) {
            conductor =
                    new WorkflowConductor(workflow, expressions, (Map<String, Object>) testCase.get("inputs"), null);
            conductor.requestWorkflowStatus(Statuses.RUNNING);
        } else {
            conductor = previous;
            List<WorkflowConductor.RerunRequest> requests = new ArrayList<>();
            if (testCase.get("rerun_tasks") instanceof List<?> l) {
                for (Object o : l) {
                    Map<String, Object> r = (Map<String, Object>) o;
                    requests.add(new WorkflowConductor.RerunRequest(
                            String.valueOf(r.get("task_id")),
                            r.get("route") instanceof Number n ? n.intValue() : 0,
                            Values.truthy(r.get("reset_items"))));
                }
            }
            conductor.requestWorkflowRerun(requests);
            if (!Statuses.RESUMING.equals(conductor.getWorkflowStatus())) {
                mismatches.add("The workflow status after the rerun request is \"" + conductor.getWorkflowStatus()
                        + "\", not \"resuming\".");
            }
        }
        Map<String, List<Object>> accumulated = new LinkedHashMap<>();
        List<TaskInstance> run = conductor.getNextTasks();
        dispatches.add(describe(run));
        String snapshot = conductor.snapshot().toJson();
        while (!run.isEmpty()) {
            conductor = WorkflowConductor.restore(ConductorSnapshot.fromJson(snapshot), expressions);
            List<int[]> seqIds = new ArrayList<>();
            for (TaskInstance t : run) {
                conductor.updateTaskState(t.id(), t.route(), Event.action(Statuses.RUNNING, null));
                seqIds.add(new int[] {conductor.workflowState().sequence.size() - 1});
            }
            for (int i = 0; i < run.size(); i++) {
                TaskInstance t = run.get(i);
                int seqId = seqIds.get(i)[0];
                if (t.hasItems() && t.itemsCount() == 0) {
                    // nothing to run: the task succeeds at once with no results, as the operator completes it
                    conductor.updateTaskState(t.id(), t.route(), Event.action(Statuses.SUCCEEDED, List.of()));
                    continue;
                }
                MockExecutions.Mock mock = mocks.next(t.id(), seqId);
                if (mock == null) {
                    mock = mocks.next(t.id(), null);
                }
                if (mock == null) {
                    mock = new MockExecutions.Mock(t.id());
                } else {
                    mock.iterPos++;
                }
                TaskSpec task = workflow.task(t.id());
                Event event;
                if (!task.hasItems()) {
                    event = Event.action(mock.status, mock.result);
                } else {
                    List<Object> acc = accumulated.computeIfAbsent(t.id(), k -> new ArrayList<>());
                    if (mock.itemId == null) {
                        mock.itemId = acc.size();
                    }
                    while (acc.size() <= mock.itemId) {
                        acc.add(null);
                    }
                    acc.set(mock.itemId, mock.result);
                    event = Event.item(mock.itemId, mock.status, mock.result, Values.copy(acc));
                }
                conductor.updateTaskState(t.id(), t.route(), event);
            }
            run = conductor.getNextTasks();
            dispatches.add(describe(run));
            snapshot = conductor.snapshot().toJson();
        }
        if (conductor.isCompleted()) {
            conductor.renderWorkflowOutput();
        }
        RehearsalOutcome outcome = compare(conductor, testCase, inspection, dispatches, mismatches);
        return new Stage(outcome, conductor);
    }

    private static List<Map<String, Object>> describe(List<TaskInstance> tasks) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TaskInstance t : tasks) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", t.id());
            d.put("route", (long) t.route());
            if (t.delay() != null) {
                d.put("delay", (long) t.delay());
            }
            if (t.itemsCount() != null) {
                d.put("items_count", (long) t.itemsCount());
                d.put("concurrency", t.concurrency() == null ? null : (long) t.concurrency());
            }
            List<Map<String, Object>> actions = new ArrayList<>();
            for (TaskInstance.ActionSpec a : t.actions()) {
                Map<String, Object> am = new LinkedHashMap<>();
                am.put("action", a.action());
                am.put("input", a.input());
                if (a.itemId() != null) {
                    am.put("item_id", (long) a.itemId());
                }
                actions.add(am);
            }
            d.put("actions", actions);
            out.add(d);
        }
        return out;
    }

    private static String friendly(String id, int route) {
        return route > 0 ? id + "__r" + route : id;
    }

    private static String full(String name) {
        return name.contains("__r") ? name : name + "__r0";
    }

    @SuppressWarnings("unchecked")
    private static RehearsalOutcome compare(
            WorkflowConductor conductor,
            Map<String, Object> testCase,
            Map<String, Object> inspection,
            List<List<Map<String, Object>>> dispatches,
            List<String> mismatches) {
        List<TaskState> sequence = conductor.workflowState().sequence;
        List<String> actual = sequence.stream().map(t -> t.id + "__r" + t.route).toList();
        List<String> actualFriendly =
                sequence.stream().map(t -> friendly(t.id, t.route)).toList();
        List<String> expected = ((List<Object>) testCase.getOrDefault("expected_task_sequence", List.of()))
                .stream().map(String::valueOf).toList();
        if (!actual.equals(expected.stream().map(Rehearsal::full).toList())) {
            mismatches.add("The actual task sequence " + Values.pyRepr(actualFriendly) + " does not match expected "
                    + Values.pyRepr(expected) + ".");
        }
        List<List<String>> routes = conductor.workflowState().routes;
        Object expectedRoutes = testCase.getOrDefault("expected_routes", List.of(List.of()));
        if (!Values.pyEquals(routes, expectedRoutes)) {
            mismatches.add("The actual routes " + Values.pyRepr(routes) + " does not match expected "
                    + Values.pyRepr(expectedRoutes) + ".");
        }
        String status = conductor.getWorkflowStatus();
        Object expectedStatus = testCase.get("expected_workflow_status");
        String es = expectedStatus == null || "".equals(expectedStatus)
                ? Statuses.SUCCEEDED
                : String.valueOf(expectedStatus);
        if (!status.equals(es)) {
            mismatches.add("The actual workflow status \"" + status + "\" does not match expected \"" + es + "\".");
        }
        if (testCase.get("expected_errors") != null
                && !Values.pyEquals(conductor.errors(), testCase.get("expected_errors"))) {
            mismatches.add("The actual workflow errors " + Values.pyRepr(conductor.errors())
                    + " does not match expected " + Values.pyRepr(testCase.get("expected_errors")) + ".");
        }
        Map<String, Object> output = conductor.getWorkflowOutput();
        if (testCase.get("expected_output") != null && !Values.pyEquals(output, testCase.get("expected_output"))) {
            mismatches.add("The actual workflow output " + Values.pyRepr(output) + " does not match expected "
                    + Values.pyRepr(testCase.get("expected_output")) + ".");
        }
        List<TaskState> terms = conductor.terminalTasks();
        List<String> termFriendly =
                terms.stream().map(t -> friendly(t.id, t.route)).toList();
        if (testCase.get("expected_term_tasks") instanceof List<?> et) {
            List<String> a =
                    terms.stream().map(t -> t.id + "__r" + t.route).sorted().toList();
            List<String> e = et.stream()
                    .map(String::valueOf)
                    .map(Rehearsal::full)
                    .sorted()
                    .toList();
            if (!a.equals(e)) {
                mismatches.add("The actual terminal tasks "
                        + Values.pyRepr(termFriendly.stream().sorted().toList()) + " does not match expected "
                        + Values.pyRepr(
                                et.stream().map(String::valueOf).sorted().toList()) + ".");
            }
        }
        return new RehearsalOutcome(
                actualFriendly,
                routes,
                status,
                conductor.errors(),
                output,
                termFriendly,
                inspection,
                dispatches,
                mismatches);
    }
}
