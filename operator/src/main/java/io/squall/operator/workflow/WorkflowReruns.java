package io.squall.operator.workflow;

import io.nats.client.JetStreamApiException;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.RerunSpec;
import io.squall.engine.workflow.ConductorSnapshot;
import io.squall.engine.workflow.WorkflowConductor;
import io.squall.engine.workflow.WorkflowConductor.RerunRequest;
import io.squall.engine.workflow.WorkflowException;
import io.squall.engine.workflow.expr.Expressions;
import io.squall.engine.workflow.state.TaskState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code spec.rerun}: a new workflow Execution that starts from an earlier, finished one's state (StackStorm's
 * {@code st2 execution re-run X --tasks t [--no-reset t]}): the conductor of X is restored and asked to rerun the
 * named tasks (every route they ran on), so what ran before them is reused — their results and published variables —
 * and only they and what follows run again, as children of the new Execution.
 */
final class WorkflowReruns {

    /** The re-run cannot start; the message names the field. */
    static final class RerunException extends Exception {
        RerunException(String message) {
            super(message);
        }
    }

    private WorkflowReruns() {}

    /** The new run, or empty when the earlier state cannot be read yet. */
    static Optional<WorkflowRun> start(Execution execution, WorkflowRunStore store, Expressions expressions)
            throws RerunException, IOException, JetStreamApiException {
        RerunSpec rerun = execution.getSpec().rerun;
        String namespace = execution.getMetadata().getNamespace();
        if (rerun.execution == null
                || rerun.execution.equals(execution.getMetadata().getName())) {
            throw new RerunException("spec.rerun.execution: name an earlier workflow Execution, not this one");
        }
        Optional<WorkflowRunStore.Stored> earlier = store.read(namespace, rerun.execution);
        if (earlier.isEmpty()) {
            throw new RerunException("spec.rerun.execution: the state of workflow Execution " + rerun.execution
                    + " is not in the JetStream bucket " + WorkflowRunStore.BUCKET + " (it never ran in namespace "
                    + namespace + ", or it was deleted with its Execution)");
        }
        WorkflowRun before = earlier.get().run();
        String workflow = execution.getSpec().action.name;
        if (before.workflow != null && !before.workflow.equals(workflow)) {
            throw new RerunException("spec.rerun.execution: " + rerun.execution + " ran Workflow " + before.workflow
                    + ", not " + workflow + " (spec.action.name)");
        }
        WorkflowConductor conductor =
                WorkflowConductor.restore(ConductorSnapshot.fromJson(before.conductor), expressions);
        List<RerunRequest> requests = requests(conductor, rerun);
        try {
            conductor.requestWorkflowRerun(requests);
        } catch (WorkflowException e) {
            throw new RerunException("spec.rerun: " + rerun.execution + ": " + e.getMessage());
        }
        WorkflowRun run = new WorkflowRun();
        run.workflow = workflow;
        run.rerunOf = rerun.execution;
        run.conductor = conductor.snapshot().toJson();
        run.tasks = new ArrayList<>(before.tasks);
        // a with-items task whose items are not reset keeps the results of the items that succeeded
        Set<String> keep = new LinkedHashSet<>();
        requests.stream().filter(r -> !r.resetItems()).forEach(r -> keep.add(WorkflowRun.key(r.taskId(), r.route())));
        before.itemResults.forEach((key, results) -> {
            if (keep.contains(key)) {
                run.itemResults.put(key, new ArrayList<>(results));
            }
        });
        return Optional.of(run);
    }

    private static List<RerunRequest> requests(WorkflowConductor conductor, RerunSpec rerun) throws RerunException {
        List<RerunRequest> requests = new ArrayList<>();
        if (rerun.tasks == null || rerun.tasks.isEmpty()) {
            return requests;
        }
        Set<String> noReset = rerun.noReset == null ? Set.of() : Set.copyOf(rerun.noReset);
        Map<String, List<Integer>> routes = new LinkedHashMap<>();
        for (TaskState t : conductor.workflowState().sequence) {
            routes.computeIfAbsent(t.id, k -> new ArrayList<>());
            if (!routes.get(t.id).contains(t.route)) {
                routes.get(t.id).add(t.route);
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String task : rerun.tasks) {
            List<Integer> ran = routes.get(task);
            if (ran == null) {
                unknown.add(task);
                continue;
            }
            ran.forEach(route -> requests.add(new RerunRequest(task, route, !noReset.contains(task))));
        }
        if (!unknown.isEmpty()) {
            throw new RerunException("spec.rerun.tasks: " + String.join(", ", unknown) + " did not run in "
                    + rerun.execution + " (tasks that ran: " + String.join(", ", routes.keySet()) + ")");
        }
        return requests;
    }
}
