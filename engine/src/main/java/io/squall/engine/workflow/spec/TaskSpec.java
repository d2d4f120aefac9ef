package io.squall.engine.workflow.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One task of a workflow. Accessors return the values as written (expressions unevaluated); an inline action
 * ({@code action: core.echo message=<% ctx().x %>}) is split into the action name and its input, as Orquesta does.
 */
public final class TaskSpec {
    private final String name;
    private final Map<String, Object> raw;
    private final String action;
    private final Object input;
    private final List<TransitionSpec> next = new ArrayList<>();

    @SuppressWarnings("unchecked")
    TaskSpec(String name, Object raw) {
        this.name = name;
        this.raw = raw instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Object a = this.raw.get("action");
        Object in = this.raw.get("input");
        String act = a instanceof String s ? s : null;
        if (act != null) {
            List<Map.Entry<String, Object>> inline = InlineParams.parse(act);
            if (!inline.isEmpty()) {
                Map<String, Object> params = new LinkedHashMap<>();
                inline.forEach(e -> params.put(e.getKey(), e.getValue()));
                act = act.substring(0, act.indexOf(' '));
                in = params;
            }
        }
        this.action = act;
        this.input = in;
        if (this.raw.get("next") instanceof List<?> l) {
            l.forEach(t -> next.add(new TransitionSpec(t)));
        }
    }

    static TaskSpec reserved(String name) {
        return new TaskSpec(name, Map.of());
    }

    public String name() {
        return name;
    }

    public Map<String, Object> raw() {
        return raw;
    }

    /** The action (possibly an expression), null for a task that only routes. */
    public String action() {
        return action;
    }

    /** The input: a map of expressions, or null. */
    public Object input() {
        return input;
    }

    public List<TransitionSpec> next() {
        return next;
    }

    public Object join() {
        return raw.get("join");
    }

    public boolean hasJoin() {
        Object j = raw.get("join");
        return j != null
                && !(j instanceof Boolean b && !b)
                && !(j instanceof Number n && n.longValue() == 0)
                && !(j instanceof String s && s.isEmpty());
    }

    public Object delay() {
        return raw.get("delay");
    }

    /** {@code with} normalised to {@code {items, concurrency}}, or null. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> with() {
        Object w = raw.get("with");
        if (w instanceof String s) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("items", s);
            return m;
        }
        return w instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    public boolean hasItems() {
        return raw.get("with") != null;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> retry() {
        Object r = raw.get("retry");
        return r instanceof Map<?, ?> m && !m.isEmpty() ? (Map<String, Object>) m : null;
    }
}
