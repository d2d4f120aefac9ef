package io.squall.engine.workflow.spec;

import io.squall.engine.workflow.Values;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * An Orquesta native v1.0 workflow ({@code version, description, input, vars, tasks, output}), parsed leniently:
 * anything malformed stays in {@link #raw()} for inspection to report. The graph questions Orquesta's
 * {@code TaskMappingSpec} answers (next/prev tasks, start tasks, split, join, cycles) are here.
 */
public final class WorkflowSpec {
    public static final List<String> RESERVED_TASK_NAMES = List.of("continue", "fail", "noop", "retry");

    private final Map<String, Object> raw;
    private final Map<String, TaskSpec> tasks = new LinkedHashMap<>();
    // the spec never changes once parsed: graph answers are computed once (the conductor asks them per transition)
    private final Map<String, List<NextTask>> nextCache = new ConcurrentHashMap<>();
    private final Map<String, List<PrevTask>> prevCache = new ConcurrentHashMap<>();
    private final Map<String, Boolean> cycleCache = new ConcurrentHashMap<>();

    /** A parsed task transition target: the task named in {@code do}, the condition, the index in {@code next}. */
    public record NextTask(String name, String condition, int ref) {}

    /** An inbound transition: the task it comes from, its condition and its index in that task's {@code next}. */
    public record PrevTask(String name, String condition, int ref) {}

    @SuppressWarnings("unchecked")
    private WorkflowSpec(Map<String, Object> raw) {
        this.raw = raw;
        if (raw.get("tasks") instanceof Map<?, ?> m) {
            // Orquesta reads `with: x in <% ... %>` as `with: {items: ...}` before validating
            m.values().forEach(t -> {
                if (t instanceof Map<?, ?> task && task.get("with") instanceof String items) {
                    Map<String, Object> with = new LinkedHashMap<>();
                    with.put("items", items);
                    ((Map<String, Object>) task).put("with", with);
                }
            });
            m.forEach((k, v) -> tasks.put(String.valueOf(k), new TaskSpec(String.valueOf(k), v)));
        }
    }

    /** Reads YAML 1.1 as Orquesta's yaml.safe_load does. */
    public static WorkflowSpec parse(String yaml) {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (!(doc instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("The spec is not type of json or yaml.");
        }
        return of((Map<?, ?>) doc);
    }

    @SuppressWarnings("unchecked")
    public static WorkflowSpec of(Map<?, ?> spec) {
        return new WorkflowSpec((Map<String, Object>) Values.normalize(spec));
    }

    public Map<String, Object> raw() {
        return raw;
    }

    public List<Object> input() {
        return list("input");
    }

    public List<Object> vars() {
        return list("vars");
    }

    public List<Object> output() {
        return list("output");
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(String key) {
        return raw.get(key) instanceof List<?> l ? (List<Object>) l : List.of();
    }

    public Map<String, TaskSpec> tasks() {
        return tasks;
    }

    public boolean hasTask(String name) {
        return RESERVED_TASK_NAMES.contains(name) || tasks.containsKey(name);
    }

    public TaskSpec task(String name) {
        if (RESERVED_TASK_NAMES.contains(name)) {
            return TaskSpec.reserved(name);
        }
        TaskSpec t = tasks.get(name);
        if (t == null) {
            throw new IllegalArgumentException("Task \"" + name + "\" does not exist.");
        }
        return t;
    }

    /** The targets of a task's transitions, sorted by name (stable), as get_next_tasks gives them. */
    public List<NextTask> nextTasks(String name) {
        return nextCache.computeIfAbsent(name, this::computeNextTasks);
    }

    private List<NextTask> computeNextTasks(String name) {
        List<NextTask> next = new ArrayList<>();
        List<TransitionSpec> transitions = task(name).next();
        for (int i = 0; i < transitions.size(); i++) {
            TransitionSpec t = transitions.get(i);
            for (String target : t.doNames()) {
                next.add(new NextTask(target, t.when(), i));
            }
        }
        next.sort(Comparator.comparing(NextTask::name));
        return List.copyOf(next);
    }

    public List<PrevTask> prevTasks(String name) {
        return prevCache.computeIfAbsent(name, this::computePrevTasks);
    }

    private List<PrevTask> computePrevTasks(String name) {
        List<PrevTask> prev = new ArrayList<>();
        for (String source : tasks.keySet()) {
            for (NextTask n : nextTasks(source)) {
                if (n.name().equals(name)) {
                    prev.add(new PrevTask(source, n.condition(), n.ref()));
                }
            }
        }
        prev.sort(Comparator.comparing(PrevTask::name));
        return List.copyOf(prev);
    }

    /** Tasks no transition leads to, sorted. */
    public List<String> startTasks() {
        return tasks.keySet().stream()
                .filter(t -> prevTasks(t).isEmpty())
                .sorted()
                .toList();
    }

    public boolean isJoinTask(String name) {
        return task(name).join() != null;
    }

    /** Reached by more than one transition and not a join: runs once per inbound transition, each on its route. */
    public boolean isSplitTask(String name) {
        return !isJoinTask(name) && prevTasks(name).size() > 1;
    }

    /** Whether a path of transitions leads from the task back to itself. */
    public boolean inCycle(String name) {
        return cycleCache.computeIfAbsent(name, this::computeInCycle);
    }

    private boolean computeInCycle(String name) {
        Set<String> traversed = new HashSet<>();
        Queue<String> q = new ArrayDeque<>();
        nextTasks(name).forEach(n -> q.add(n.name()));
        while (!q.isEmpty()) {
            String next = q.poll();
            if (next.equals(name)) {
                return true;
            }
            if (!traversed.add(next) || !hasTask(next)) {
                continue;
            }
            nextTasks(next).forEach(n -> q.add(n.name()));
        }
        return false;
    }
}
