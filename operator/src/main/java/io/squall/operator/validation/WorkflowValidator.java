package io.squall.operator.validation;

import io.squall.api.v1alpha1.WorkflowSpec;
import io.squall.engine.template.KvLookup;
import io.squall.engine.workflow.expr.Expressions;
import io.squall.engine.workflow.inspect.WorkflowInspector;
import io.squall.engine.workflow.spec.TaskSpec;
import io.squall.engine.workflow.spec.TransitionSpec;
import io.squall.operator.workflow.WorkflowGraph;
import java.util.List;
import java.util.Map;

/**
 * Checks a Workflow: Orquesta's inspection (syntax, semantics, expressions, variables used before assignment),
 * a start task exists, transitions lead to known tasks, and task actions exist in the namespace.
 */
public final class WorkflowValidator {
    private static final WorkflowInspector INSPECTOR = new WorkflowInspector(Expressions.standard(KvLookup.EMPTY));

    private WorkflowValidator() {}

    public static Validation validate(WorkflowSpec spec, String namespace, ReferenceLookup references) {
        Validation validation = new Validation();
        if (spec == null || spec.tasks == null || spec.tasks.isEmpty()) {
            return validation.problem(Reasons.MISSING_FIELD, "spec.tasks", "at least one task is required");
        }
        io.squall.engine.workflow.spec.WorkflowSpec orquesta = WorkflowGraph.orquesta(spec);
        if (orquesta.startTasks().isEmpty()) {
            validation.problem(
                    Reasons.NO_START_TASK,
                    "spec.tasks",
                    "no start task: every task is the target of some next.do, so the workflow cannot begin");
        }
        orquesta.tasks().forEach((name, task) -> targets(name, task, orquesta, validation));
        inspection(orquesta, validation);
        validation.addAll(ParameterValidator.validate("spec.parameters", spec.parameters));
        orquesta.tasks().forEach((name, task) -> {
            String action = task.action();
            if (action != null
                    && !action.contains("<%")
                    && !action.contains("{{")
                    && !references.existsAsActionOrWorkflow(action)) {
                validation.problem(
                        Reasons.ACTION_NOT_FOUND,
                        "spec.tasks." + name + ".action",
                        "Action or Workflow \"" + action + "\" not found in namespace \"" + namespace + "\"");
            }
        });
        return validation;
    }

    private static void targets(
            String name, TaskSpec task, io.squall.engine.workflow.spec.WorkflowSpec spec, Validation validation) {
        List<TransitionSpec> next = task.next();
        for (int i = 0; i < next.size(); i++) {
            for (String target : next.get(i).doNames()) {
                if (!spec.tasks().containsKey(target) && !WorkflowGraph.ENGINE_COMMANDS.contains(target)) {
                    validation.problem(
                            Reasons.UNKNOWN_TASK,
                            "spec.tasks." + name + ".next[" + i + "].do",
                            "task \"" + target + "\" is not defined (tasks: "
                                    + spec.tasks().keySet() + "; engine commands: continue, fail, noop, retry)");
                }
            }
        }
    }

    /** Orquesta's inspection errors, each on the field it names (those the checks above report are not repeated). */
    @SuppressWarnings("unchecked")
    private static void inspection(io.squall.engine.workflow.spec.WorkflowSpec spec, Validation validation) {
        Map<String, Object> errors = INSPECTOR.inspect(spec, io.squall.operator.workflow.WorkflowRuntimeContext.NAMES);
        errors.forEach((category, list) -> {
            for (Map<String, Object> e : (List<Map<String, Object>>) list) {
                String message = String.valueOf(e.get("message"));
                if (message.startsWith("Unable to identify any tasks to start")
                        || message.endsWith("is not defined.")) {
                    continue;
                }
                Object path = e.get("spec_path");
                String field = path == null ? "spec" : "spec." + path;
                Object expression = e.get("expression");
                validation.problem(
                        Reasons.INVALID_WORKFLOW,
                        field,
                        category + ": " + message + (expression == null ? "" : " (expression " + expression + ")"));
            }
        });
    }
}
