package io.squall.operator.workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.squall.api.v1alpha1.TaskSpec;
import io.squall.api.v1alpha1.TransitionSpec;
import io.squall.api.v1alpha1.WorkflowSpec;

/** The task graph of an Orquesta workflow: which tasks `next.do` leads to, and which tasks start it. */
public final class WorkflowGraph {

    /** Orquesta engine commands allowed in `do` besides task names. */
    public static final Set<String> ENGINE_COMMANDS = Set.of("continue", "fail", "noop", "retry");

    private final Map<String, TaskSpec> tasks;

    private WorkflowGraph(Map<String, TaskSpec> tasks) {
        this.tasks = tasks == null ? Map.of() : tasks;
    }

    public static WorkflowGraph of(WorkflowSpec spec) {
        return new WorkflowGraph(spec == null ? null : spec.tasks);
    }

    public int taskCount() {
        return tasks.size();
    }

    /** Tasks that no transition leads to, in declaration order. */
    public List<String> startTasks() {
        Set<String> targets = new LinkedHashSet<>();
        tasks.values().forEach(task -> transitions(task).forEach(t -> targets.addAll(targets(t))));
        return tasks.keySet().stream().filter(name -> !targets.contains(name)).toList();
    }

    /** The names in one `do` list; an entry may itself be comma-separated ("a, b"), as Orquesta allows. */
    public static List<String> targets(TransitionSpec transition) {
        List<String> names = new ArrayList<>();
        if (transition == null || transition.doTasks == null) {
            return names;
        }
        for (String entry : transition.doTasks) {
            if (entry != null) {
                Arrays.stream(entry.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add);
            }
        }
        return names;
    }

    public static List<TransitionSpec> transitions(TaskSpec task) {
        return task == null || task.next == null ? List.of() : task.next;
    }
}
