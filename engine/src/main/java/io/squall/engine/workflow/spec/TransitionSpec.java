package io.squall.engine.workflow.spec;

import io.squall.engine.workflow.Values;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One entry of a task's {@code next}: {@code when}, {@code publish} (list or inline string), {@code do}. */
public final class TransitionSpec {
    private final Map<String, Object> raw;
    private final List<Map.Entry<String, Object>> publish;
    private final Object doSpec;

    @SuppressWarnings("unchecked")
    TransitionSpec(Object raw) {
        this.raw = raw instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Object p = this.raw.get("publish");
        if (p instanceof String s && !s.isEmpty()) {
            publish = InlineParams.parse(s);
        } else if (p instanceof List<?> l) {
            publish = new ArrayList<>();
            for (Object item : l) {
                if (item instanceof Map<?, ?> one && !one.isEmpty()) {
                    Map.Entry<?, ?> e = one.entrySet().iterator().next();
                    publish.add(new SimpleEntry<>(String.valueOf(e.getKey()), e.getValue()));
                }
            }
        } else {
            publish = List.of();
        }
        Object d = this.raw.get("do");
        doSpec = Values.truthy(d) ? d : "continue";
    }

    public Map<String, Object> raw() {
        return raw;
    }

    /** The condition, or null when there is none (an empty {@code when} counts as none, as in Orquesta). */
    public String when() {
        Object w = raw.get("when");
        return Values.truthy(w) ? String.valueOf(w) : null;
    }

    public Object rawWhen() {
        return raw.get("when");
    }

    public List<Map.Entry<String, Object>> publish() {
        return publish;
    }

    /** The raw publish value (a string or a list), as inspection reads it. */
    public Object rawPublish() {
        return raw.get("publish");
    }

    /** {@code do} as written, {@code "continue"} when absent. */
    public Object rawDo() {
        return doSpec;
    }

    /** The names in {@code do}: a list, a single name or {@code "a, b"}. */
    public List<String> doNames() {
        List<String> names = new ArrayList<>();
        if (doSpec instanceof String s) {
            for (String part : s.split(",", -1)) {
                names.add(part.strip());
            }
        } else if (doSpec instanceof List<?> l) {
            l.forEach(x -> names.add(String.valueOf(x)));
        }
        return names;
    }
}
