package io.squall.operator.validation;

import java.util.List;

import io.squall.api.v1alpha1.TaskSpec;
import io.squall.api.v1alpha1.TransitionSpec;
import io.squall.api.v1alpha1.WorkflowSpec;
import io.squall.operator.workflow.WorkflowGraph;

/** Checks a Workflow: a start task exists, transitions lead to known tasks, task actions exist. */
public final class WorkflowValidator {

    private WorkflowValidator() {
    }

    public static Validation validate(WorkflowSpec spec, String namespace, ReferenceLookup references) {
        Validation validation = new Validation();
        if (spec == null || spec.tasks == null || spec.tasks.isEmpty()) {
            return validation.problem(Reasons.MISSING_FIELD, "spec.tasks", "at least one task is required");
        }
        if (WorkflowGraph.of(spec).startTasks().isEmpty()) {
            validation.problem(Reasons.NO_START_TASK, "spec.tasks",
                    "no start task: every task is the target of some next.do, so the workflow cannot begin");
        }
        spec.tasks.forEach((name, task) -> task(name, task, spec, validation));
        validation.addAll(ParameterValidator.validate("spec.parameters", spec.parameters));
        spec.tasks.forEach((name, task) -> {
            if (task != null && task.action != null && !references.existsAsActionOrWorkflow(task.action)) {
                validation.problem(Reasons.ACTION_NOT_FOUND, "spec.tasks." + name + ".action",
                        "Action or Workflow \"" + task.action + "\" not found in namespace \"" + namespace + "\"");
            }
        });
        return validation;
    }

    private static void task(String name, TaskSpec task, WorkflowSpec spec, Validation validation) {
        List<TransitionSpec> next = WorkflowGraph.transitions(task);
        for (int i = 0; i < next.size(); i++) {
            for (String target : WorkflowGraph.targets(next.get(i))) {
                if (!spec.tasks.containsKey(target) && !WorkflowGraph.ENGINE_COMMANDS.contains(target)) {
                    validation.problem(Reasons.UNKNOWN_TASK, "spec.tasks." + name + ".next[" + i + "].do",
                            "task \"" + target + "\" is not defined (tasks: " + spec.tasks.keySet()
                                    + "; engine commands: continue, fail, noop, retry)");
                }
            }
        }
    }
}
