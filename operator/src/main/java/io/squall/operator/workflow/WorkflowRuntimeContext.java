package io.squall.operator.workflow;

import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What StackStorm's Orquesta runner puts in a workflow's initial context before its inputs: {@code ctx(st2)} (who and
 * what runs) and {@code ctx(parent)} (the context of the execution that runs the workflow: the rule and trigger that
 * caused it, and for a sub-workflow its parent workflow and task), under StackStorm's key names.
 */
public final class WorkflowRuntimeContext {

    /** The names the context holds before the inputs: inspection must not call them "used before assignment". */
    public static final Set<String> NAMES = Set.of("st2", "parent");

    private WorkflowRuntimeContext() {}

    public static Map<String, Object> of(Execution execution) {
        ExecutionContext context =
                execution.getSpec().context == null ? new ExecutionContext() : execution.getSpec().context;
        Map<String, Object> st2 = new LinkedHashMap<>();
        st2.put("action_execution_id", execution.getMetadata().getName());
        st2.put("namespace", execution.getMetadata().getNamespace());
        st2.put("action", execution.getSpec().action.name);
        st2.put("runner", "orquesta");
        st2.put("user", context.user);

        Map<String, Object> parent = new LinkedHashMap<>();
        parent.put("user", context.user);
        parent.put("namespace", execution.getMetadata().getNamespace());
        if (context.rule != null) {
            parent.put("rule", Map.of("name", context.rule));
        }
        if (context.triggerId != null) {
            Map<String, Object> instance = new LinkedHashMap<>();
            instance.put("id", context.triggerId);
            instance.put("name", context.triggerType);
            parent.put("trigger_instance", instance);
        }
        if (context.trigger != null) {
            parent.put("trigger", Json.mapper().convertValue(context.trigger, Object.class));
        }
        if (context.parentExecution != null) {
            parent.put("parent", Map.of("execution_id", context.parentExecution));
            Map<String, Object> orquesta = new LinkedHashMap<>();
            orquesta.put("task_name", context.parentTask);
            orquesta.put("task_id", context.parentTask);
            orquesta.put("task_route", context.taskRoute);
            orquesta.put("item_id", context.itemId);
            parent.put("orquesta", orquesta);
        }
        if (context.traceTag != null) {
            parent.put("trace_context", Map.of("trace_tag", context.traceTag));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("st2", st2);
        out.put("parent", parent);
        return out;
    }
}
