package io.squall.engine.workflow.inspect;

import io.squall.engine.workflow.expr.Expressions;
import io.squall.engine.workflow.spec.InlineParams;
import io.squall.engine.workflow.spec.TaskSpec;
import io.squall.engine.workflow.spec.TransitionSpec;
import io.squall.engine.workflow.spec.WorkflowSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;

/**
 * Orquesta's {@code WorkflowSpec.inspect()}: {@code syntax} (the schema), {@code semantics} (reserved task names,
 * no start task, undefined tasks in {@code do}, unreachable joins, with-items without action), {@code expressions}
 * (YAQL/Jinja that does not parse, both languages in one string) and {@code context} (variables read before they
 * are assigned). Each error has Orquesta's message, {@code spec_path} and {@code schema_path}; categories without
 * errors are left out, so a clean workflow inspects to an empty map.
 */
public final class WorkflowInspector {
    private static final String TASKS_SCHEMA = "properties.tasks.patternProperties.^\\w+$";
    private final Expressions expressions;

    public WorkflowInspector(Expressions expressions) {
        this.expressions = expressions;
    }

    public Map<String, Object> inspect(WorkflowSpec spec) {
        return inspect(spec, Set.of());
    }

    /**
     * @param appContext names the runtime puts in the initial context before the inputs (Orquesta's
     *                   {@code inspect(app_ctx=...)}; StackStorm passes {@code st2} and {@code parent})
     */
    public Map<String, Object> inspect(WorkflowSpec spec, Set<String> appContext) {
        Map<String, Object> result = new LinkedHashMap<>();
        Comparator<Map<String, Object>> order = Comparator.comparing(
                        (Map<String, Object> e) -> String.valueOf(e.get("schema_path")))
                .thenComparing(e -> String.valueOf(e.get("spec_path")));
        List<Map<String, Object>> syntax = new ArrayList<>();
        for (SpecSchema.Error e : SpecSchema.validate(spec.raw())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message", e.message());
            m.put("spec_path", e.specPath().isEmpty() ? null : e.specPath());
            m.put("schema_path", e.schemaPath().isEmpty() ? null : e.schemaPath());
            syntax.add(m);
        }
        put(result, "syntax", syntax, order);
        put(result, "semantics", semantics(spec), order);
        put(result, "expressions", expressionErrors(spec), order);
        List<Map<String, Object>> context = new ArrayList<>();
        contextErrors(spec, appContext, context);
        context.sort(Comparator.comparing(e -> String.valueOf(e.get("spec_path"))));
        put(result, "context", context, order);
        return result;
    }

    private static void put(
            Map<String, Object> result,
            String key,
            List<Map<String, Object>> errors,
            Comparator<Map<String, Object>> order) {
        if (!errors.isEmpty()) {
            List<Map<String, Object>> sorted = new ArrayList<>(errors);
            sorted.sort(order);
            result.put(key, sorted);
        }
    }

    private static Map<String, Object> entry(String message, String specPath, String schemaPath) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", message);
        m.put("spec_path", specPath);
        m.put("schema_path", schemaPath);
        return m;
    }

    // ---- semantics ----------------------------------------------------------------------------------------

    private List<Map<String, Object>> semantics(WorkflowSpec spec) {
        List<Map<String, Object>> errors = new ArrayList<>();
        Map<String, TaskSpec> tasks = spec.tasks();
        for (String name : tasks.keySet()) {
            if (WorkflowSpec.RESERVED_TASK_NAMES.contains(name)) {
                errors.add(entry(
                        "The task name \"" + name + "\" is reserved with special function.",
                        "tasks." + name,
                        TASKS_SCHEMA));
            }
        }
        if (!tasks.isEmpty() && spec.startTasks().isEmpty()) {
            errors.add(entry(
                    "Unable to identify any tasks to start the workflow. If the workflow has a loop, please add "
                            + "a task that serves as an entry point (or lead) into the loop.",
                    "tasks",
                    "properties.tasks"));
        }
        errors.addAll(undefinedTasks(spec));
        errors.addAll(unreachableJoins(spec));
        for (TaskSpec t : tasks.values()) {
            if (t.hasItems() && (t.action() == null || t.action().isEmpty())) {
                errors.add(entry(
                        "The action property is required for with items task.", "tasks." + t.name(), TASKS_SCHEMA));
            }
        }
        return errors;
    }

    private List<Map<String, Object>> undefinedTasks(WorkflowSpec spec) {
        List<Map<String, Object>> errors = new ArrayList<>();
        List<String> traversed = new ArrayList<>();
        Set<String> queued = new HashSet<>();
        Queue<String> q = new ArrayDeque<>(spec.startTasks());
        while (!q.isEmpty()) {
            String name = q.poll();
            traversed.add(name);
            List<TransitionSpec> next = spec.task(name).next();
            for (int i = 0; i < next.size(); i++) {
                for (String target : next.get(i).doNames()) {
                    if (traversed.contains(target)) {
                        continue;
                    }
                    if (spec.hasTask(target)) {
                        if (!WorkflowSpec.RESERVED_TASK_NAMES.contains(target) && queued.add(target)) {
                            q.add(target);
                        }
                    } else {
                        errors.add(entry(
                                "The task \"" + target + "\" is not defined.",
                                "tasks." + name + ".next[" + i + "].do",
                                TASKS_SCHEMA + ".properties.next.items.properties.do"));
                    }
                }
            }
        }
        return errors;
    }

    private List<Map<String, Object>> unreachableJoins(WorkflowSpec spec) {
        record Item(String prev, String task, List<String> splits) {}
        List<Map<String, Object>> errors = new ArrayList<>();
        Map<String, Set<String>> splitsOf = new LinkedHashMap<>();
        Map<String, Set<String>> prevOf = new HashMap<>();
        Map<String, Set<String>> track = new HashMap<>();
        Queue<Item> q = new ArrayDeque<>();
        spec.startTasks().forEach(t -> q.add(new Item(null, t, new ArrayList<>())));
        while (!q.isEmpty()) {
            Item it = q.poll();
            if (!spec.tasks().containsKey(it.task())) {
                continue;
            }
            List<String> splits = new ArrayList<>(it.splits());
            if (spec.isSplitTask(it.task()) && !spec.inCycle(it.task())) {
                splits.add(it.task());
            }
            splitsOf.computeIfAbsent(it.task(), k -> new HashSet<>()).addAll(splits);
            prevOf.computeIfAbsent(it.task(), k -> new HashSet<>());
            if (it.prev() != null) {
                prevOf.get(it.task()).add(it.prev());
            }
            for (WorkflowSpec.NextTask n : spec.nextTasks(it.task())) {
                if (!splitsOf.containsKey(n.name()) || !spec.inCycle(n.name())) {
                    String id = it.task() + "_" + n.name();
                    Set<String> existing = track.get(id);
                    if (existing != null && !existing.isEmpty()) {
                        if (!existing.containsAll(splits)) {
                            q.add(new Item(it.task(), n.name(), splits));
                            existing.addAll(splits);
                        }
                    } else {
                        q.add(new Item(it.task(), n.name(), splits));
                        track.put(id, new HashSet<>(splits));
                    }
                }
            }
        }
        for (Map.Entry<String, Set<String>> e : splitsOf.entrySet()) {
            String name = e.getKey();
            if (!spec.isJoinTask(name)) {
                continue;
            }
            for (String prev : prevOf.get(name)) {
                if (!e.getValue().equals(splitsOf.get(prev))) {
                    errors.add(entry(
                            "The join task \"" + name + "\" is unreachable. A join task is determined to be "
                                    + "unreachable if there are nested forks from multi-referenced tasks that join on the said task. "
                                    + "This is ambiguous to the workflow engine because it does not know at which level should "
                                    + "the join occurs.",
                            "tasks." + name,
                            TASKS_SCHEMA));
                    break;
                }
            }
        }
        return errors;
    }

    // ---- expressions --------------------------------------------------------------------------------------

    private List<Map<String, Object>> expressionErrors(WorkflowSpec spec) {
        List<Map<String, Object>> errors = new ArrayList<>();
        validate(spec.raw().get("vars"), "vars", "properties.vars", errors);
        validate(spec.raw().get("input"), "input", "properties.input", errors);
        validate(spec.raw().get("output"), "output", "properties.output", errors);
        for (TaskSpec t : spec.tasks().values()) {
            String path = "tasks." + t.name();
            validate(t.delay(), path + ".delay", TASKS_SCHEMA + ".properties.delay", errors);
            validate(t.join(), path + ".join", TASKS_SCHEMA + ".properties.join", errors);
            if (t.with() != null) {
                validate(
                        t.with().get("items"),
                        path + ".with.items",
                        TASKS_SCHEMA + ".properties.with.properties.items",
                        errors);
                validate(
                        t.with().get("concurrency"),
                        path + ".with.concurrency",
                        TASKS_SCHEMA + ".properties.with.properties.concurrency",
                        errors);
            }
            validate(t.action(), path + ".action", TASKS_SCHEMA + ".properties.action", errors);
            validate(t.input(), path + ".input", TASKS_SCHEMA + ".properties.input", errors);
            if (t.retry() != null) {
                for (String f : List.of("when", "count", "delay")) {
                    validate(
                            t.retry().get(f),
                            path + ".retry." + f,
                            TASKS_SCHEMA + ".properties.retry.properties." + f,
                            errors);
                }
            }
            for (int i = 0; i < t.next().size(); i++) {
                TransitionSpec tr = t.next().get(i);
                String tp = path + ".next[" + i + "]";
                String ts = TASKS_SCHEMA + ".properties.next.items.properties.";
                validate(tr.rawWhen(), tp + ".when", ts + "when", errors);
                validate(publishList(tr), tp + ".publish", ts + "publish", errors);
                validate(tr.rawDo(), tp + ".do", ts + "do", errors);
            }
        }
        return errors;
    }

    private static List<Object> publishList(TransitionSpec tr) {
        List<Object> l = new ArrayList<>();
        tr.publish().forEach(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(e.getKey(), e.getValue());
            l.add(m);
        });
        return l;
    }

    private void validate(Object value, String specPath, String schemaPath, List<Map<String, Object>> errors) {
        for (Map<String, Object> e : expressions.validate(value)) {
            Map<String, Object> m = new LinkedHashMap<>(e);
            m.put("spec_path", specPath);
            m.put("schema_path", schemaPath);
            errors.add(m);
        }
    }

    // ---- context ------------------------------------------------------------------------------------------

    private void contextErrors(WorkflowSpec spec, Set<String> appContext, List<Map<String, Object>> errors) {
        Set<String> ctx = new LinkedHashSet<>(appContext);
        inspectList(spec.raw().get("input"), "input", "properties.input", ctx, errors, true);
        inspectList(spec.raw().get("vars"), "vars", "properties.vars", ctx, errors, true);
        ctx.addAll(inspectTasks(spec, new HashSet<>(ctx), errors));
        inspectList(spec.raw().get("output"), "output", "properties.output", ctx, errors, true);
    }

    /** A property that is a list is inspected item by item (spec path {@code name[i]}); others whole. */
    private void inspectList(
            Object value,
            String specPath,
            String schemaPath,
            Set<String> ctx,
            List<Map<String, Object>> errors,
            boolean assigns) {
        if (value == null || (value instanceof String s && s.isEmpty())) {
            return;
        }
        Object v = value;
        if (v instanceof String s) {
            List<Map.Entry<String, Object>> inline = InlineParams.parse(s);
            if (!inline.isEmpty()) {
                List<Object> l = new ArrayList<>();
                inline.forEach(e -> l.add(new LinkedHashMap<>(Map.of(e.getKey(), e.getValue()))));
                v = l;
            }
        }
        if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                inspectValue(l.get(i), specPath + "[" + i + "]", schemaPath, ctx, errors, assigns);
            }
            return;
        }
        inspectValue(v, specPath, schemaPath, ctx, errors, assigns);
    }

    private void inspectValue(
            Object value,
            String specPath,
            String schemaPath,
            Set<String> ctx,
            List<Map<String, Object>> errors,
            boolean assigns) {
        for (Expressions.VarRef var : expressions.extractVars(value)) {
            if (var.name().startsWith("__")) {
                errors.add(ctxError(
                        var,
                        "Variable \"" + var.name() + "\" that is prefixed with double underscores is "
                                + "considered a private variable and cannot be referenced.",
                        specPath,
                        schemaPath));
            }
            if (!ctx.contains(var.name())) {
                errors.add(ctxError(
                        var, "Variable \"" + var.name() + "\" is referenced before assignment.", specPath, schemaPath));
            }
        }
        if (assigns) {
            if (value instanceof Map<?, ?> m) {
                m.keySet().forEach(k -> ctx.add(String.valueOf(k)));
            } else if (value instanceof String s) {
                ctx.add(s);
            } else if (value instanceof List<?> l) {
                for (Object item : l) {
                    if (item instanceof String s) {
                        ctx.add(s);
                    } else if (item instanceof Map<?, ?> m && m.size() == 1) {
                        m.keySet().forEach(k -> ctx.add(String.valueOf(k)));
                    }
                }
            }
        }
    }

    private static Map<String, Object> ctxError(
            Expressions.VarRef var, String message, String specPath, String schemaPath) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", var.type());
        m.put("expression", var.statement());
        m.put("message", message);
        m.put("spec_path", specPath);
        m.put("schema_path", schemaPath);
        return m;
    }

    /** Orquesta's TaskMappingSpec.inspect_context: breadth first, each branch carrying what it published. */
    private Set<String> inspectTasks(WorkflowSpec spec, Set<String> parentCtx, List<Map<String, Object>> errors) {
        record Item(String task, Set<String> ctx) {}
        Map<String, Set<String>> joinCtxs = new HashMap<>();
        Set<String> traversed = new HashSet<>();
        Map<String, Set<String>> seen = new HashMap<>();
        Set<String> rolling = new HashSet<>(parentCtx);
        Queue<Item> q = new ArrayDeque<>();
        spec.startTasks().forEach(t -> q.add(new Item(t, new HashSet<>(rolling))));
        while (!q.isEmpty()) {
            Item it = q.poll();
            String name = it.task();
            traversed.add(name);
            Set<String> taskCtx = it.ctx() != null && !it.ctx().isEmpty()
                    ? new HashSet<>(it.ctx())
                    : new HashSet<>(joinCtxs.getOrDefault(name, Set.of()));
            TaskSpec task = spec.task(name);
            String path = "tasks." + name;
            String schema = TASKS_SCHEMA;
            inspectList(task.delay(), path + ".delay", schema + ".properties.delay", taskCtx, errors, false);
            if (task.with() != null) {
                inspectList(
                        task.with().get("items"),
                        path + ".with.items",
                        schema + ".properties.with.properties.items",
                        taskCtx,
                        errors,
                        false);
                inspectList(
                        task.with().get("concurrency"),
                        path + ".with.concurrency",
                        schema + ".properties.with.properties.concurrency",
                        taskCtx,
                        errors,
                        false);
            }
            inspectList(task.action(), path + ".action", schema + ".properties.action", taskCtx, errors, false);
            inspectList(task.input(), path + ".input", schema + ".properties.input", taskCtx, errors, false);
            rolling.addAll(taskCtx);
            List<TransitionSpec> next = task.next();
            for (int i = 0; i < next.size(); i++) {
                TransitionSpec tr = next.get(i);
                for (String target : tr.doNames()) {
                    String tp = path + ".next[" + i + "]";
                    String ts = schema + ".properties.next.items";
                    Set<String> branch = new HashSet<>(taskCtx);
                    inspectList(tr.rawWhen(), tp + ".when", ts + ".properties.when", branch, errors, false);
                    inspectList(publishList(tr), tp + ".publish", ts + ".properties.publish", branch, errors, true);
                    inspectList(tr.rawDo(), tp + ".do", ts + ".properties.do", branch, errors, false);
                    if (traversed.contains(target) || !spec.hasTask(target)) {
                        continue;
                    }
                    if (!spec.task(target).hasJoin()) {
                        if (!Objects.equals(seen.get(target), branch)) {
                            q.add(new Item(target, branch));
                            seen.put(target, branch);
                        }
                    } else {
                        joinCtxs.computeIfAbsent(target, k -> new HashSet<>()).addAll(branch);
                        q.add(new Item(target, null));
                    }
                }
            }
        }
        return rolling;
    }
}
