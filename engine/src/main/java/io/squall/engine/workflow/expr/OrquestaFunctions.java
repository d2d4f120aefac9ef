package io.squall.engine.workflow.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.squall.engine.datastore.KvScope;
import io.squall.engine.datastore.KvValue;
import io.squall.engine.template.KvLookup;
import io.squall.engine.workflow.Statuses;
import io.squall.engine.workflow.Values;
import io.squall.engine.workflow.WorkflowException;
import io.squall.engine.workflow.state.TaskState;
import io.squall.engine.workflow.state.WorkflowState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Orquesta's workflow functions, shared by both languages: {@code ctx()}, {@code item()}, {@code task_status()},
 * {@code succeeded()}, {@code failed()}, {@code completed()}, {@code result()}, {@code json()}, {@code zip()}, and
 * StackStorm's datastore lookup {@code st2kv('system.key')} (alias {@code kv}). {@code data} is the task context:
 * the workflow variables plus {@code __current_task}, {@code __current_item} and {@code __state}.
 */
public final class OrquestaFunctions {
    public static final String CURRENT_TASK = "__current_task";
    public static final String CURRENT_ITEM = "__current_item";
    public static final String STATE = "__state";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OrquestaFunctions() {}

    public static Object ctx(Map<String, Object> data, String key) {
        Map<String, Object> vars = data == null ? Map.of() : data;
        if (key != null && !key.isEmpty()) {
            if (!vars.containsKey(key)) {
                throw new WorkflowException("VariableUndefinedError", "The variable \"" + key + "\" is undefined.");
            }
            if (key.startsWith("__")) {
                throw new WorkflowException(
                        "VariableInaccessibleError",
                        "The variable \"" + key + "\" is for internal use and inaccessible.");
            }
            return vars.get(key);
        }
        Map<String, Object> visible = new LinkedHashMap<>();
        vars.forEach((k, v) -> {
            if (!k.startsWith("__")) {
                visible.put(k, v);
            }
        });
        return visible;
    }

    public static Object item(Map<String, Object> data, String key) {
        if (data == null) {
            throw new WorkflowException("ExpressionEvaluationException", "The context is not set.");
        }
        Object current = data.get(CURRENT_ITEM);
        if (key == null || key.isEmpty()) {
            return current;
        }
        if (!(current instanceof Map<?, ?> m)) {
            throw new WorkflowException(
                    "ExpressionEvaluationException", "Item is not type of collections.abc.Mapping.");
        }
        if (!m.containsKey(key)) {
            throw new WorkflowException("ExpressionEvaluationException", "Item does not have key \"" + key + "\".");
        }
        return m.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> currentTask(Map<String, Object> data) {
        if (data == null) {
            throw new WorkflowException("ExpressionEvaluationException", "The context is not set.");
        }
        Object t = data.get(CURRENT_TASK);
        if (!(t instanceof Map<?, ?> m) || m.isEmpty()) {
            throw new WorkflowException("ExpressionEvaluationException", "The current task is not set in the context.");
        }
        return (Map<String, Object>) m;
    }

    public static String taskStatus(Map<String, Object> data, String taskId, Integer route) {
        if (data == null || data.isEmpty()) {
            return Statuses.UNSET;
        }
        int r;
        if (route == null) {
            Object t = data.get(CURRENT_TASK);
            r = t instanceof Map<?, ?> m && m.get("route") instanceof Number n ? n.intValue() : 0;
        } else {
            r = route;
        }
        if (!(data.get(STATE) instanceof WorkflowState state)) {
            return Statuses.UNSET;
        }
        Integer idx = state.taskIndex(taskId, r);
        if (idx == null) {
            // a task that ran before the split is on an earlier route whose transitions are all in this one
            if (r > 0) {
                List<String> current = state.routes.get(r);
                for (int prev = r - 1; prev >= 0; prev--) {
                    if (current.containsAll(state.routes.get(prev))) {
                        return taskStatus(data, taskId, prev);
                    }
                }
            }
            return Statuses.UNSET;
        }
        TaskState entry = state.sequence.get(idx);
        return Statuses.orUnset(entry.status);
    }

    private static String currentStatus(Map<String, Object> data) {
        Map<String, Object> t = currentTask(data);
        return taskStatus(data, String.valueOf(t.get("id")), ((Number) t.get("route")).intValue());
    }

    public static boolean succeeded(Map<String, Object> data) {
        return Statuses.SUCCEEDED.equals(currentStatus(data));
    }

    public static boolean failed(Map<String, Object> data) {
        return Statuses.FAILED.equals(currentStatus(data));
    }

    public static boolean completed(Map<String, Object> data) {
        return Statuses.COMPLETED.contains(currentStatus(data));
    }

    public static Object result(Map<String, Object> data) {
        return currentTask(data).get("result");
    }

    public static Object json(Object s) {
        if (s instanceof Map) {
            return s;
        }
        if (!(s instanceof String str)) {
            throw new WorkflowException("TypeError", "Given object is not typeof string.");
        }
        try {
            return Values.normalize(JSON.readValue(str, Object.class));
        } catch (Exception e) {
            throw new WorkflowException("JSONDecodeError", e.getMessage());
        }
    }

    /** Python's zip_longest over the lists, padded with {@code pad}; one list is returned as is. */
    public static Object zip(List<Object> args, Object pad) {
        List<List<?>> lists = new ArrayList<>();
        for (Object a : args) {
            lists.add(a == null ? List.of() : a instanceof List<?> l ? l : List.of(a));
        }
        if (lists.size() == 1) {
            return lists.get(0);
        }
        int n = lists.stream().mapToInt(List::size).max().orElse(0);
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<Object> tuple = new ArrayList<>(lists.size());
            for (List<?> l : lists) {
                tuple.add(i < l.size() ? l.get(i) : pad);
            }
            out.add(tuple);
        }
        return out;
    }

    /**
     * StackStorm's st2kv('system.key'): the stored value (a string, or typed JSON); a name without {@code system.} is
     * a key of the user scope (the Execution's creator), as in StackStorm. A secret reads as {@code ********} unless
     * {@code decrypt} is true. A missing (or expired) key is an error naming it.
     */
    public static Object st2kv(KvLookup kv, String key, boolean decrypt) {
        if (key == null || key.isEmpty()) {
            throw new WorkflowException("ValueError", "st2kv() needs a key, e.g. st2kv('system.my_key')");
        }
        KvScope scope = key.startsWith("system.") ? KvScope.SYSTEM : KvScope.USER;
        String k = key.startsWith("system.")
                ? key.substring("system.".length())
                : key.startsWith("user.") ? key.substring("user.".length()) : key;
        Optional<KvValue> v = kv == null ? Optional.empty() : kv.find(scope, k);
        if (v.isEmpty()) {
            throw new WorkflowException(
                    "KeyError", "The key \"" + key + "\" does not exist in the StackStorm datastore.");
        }
        if (v.get().secret() && !decrypt) {
            return io.squall.api.v1alpha1.Names.MASK;
        }
        JsonNode value = v.get().value();
        return value.isTextual() ? value.asText() : Values.normalize(JSON.convertValue(value, Object.class));
    }
}
