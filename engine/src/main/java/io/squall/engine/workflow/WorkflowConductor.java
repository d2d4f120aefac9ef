package io.squall.engine.workflow;

import io.squall.engine.workflow.expr.Expressions;
import io.squall.engine.workflow.expr.OrquestaFunctions;
import io.squall.engine.workflow.graph.GraphComposer;
import io.squall.engine.workflow.graph.WorkflowGraph;
import io.squall.engine.workflow.spec.TaskSpec;
import io.squall.engine.workflow.spec.TransitionSpec;
import io.squall.engine.workflow.spec.WorkflowSpec;
import io.squall.engine.workflow.state.StagedTask;
import io.squall.engine.workflow.state.TaskState;
import io.squall.engine.workflow.state.WorkflowState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;

/**
 * The Orquesta conductor: a pure, deterministic state machine over one workflow execution. Events in
 * ({@link #requestWorkflowStatus}, {@link #updateTaskState}, {@link #requestWorkflowRerun}), decisions out
 * ({@link #getNextTasks}: the task instances to run with their rendered actions; the workflow status, errors and
 * output). Its semantics are Orquesta's conducting.py; its whole state serialises ({@link ConductorSnapshot}).
 * Not thread-safe: one conductor per workflow execution, driven by one writer.
 */
public final class WorkflowConductor implements StateMachines.Graph {
    static final String SATISFIED = "satisfied";
    static final String WIP = "wip";
    static final String NOT_SATISFIED = "not_satisfied";

    private final WorkflowSpec spec;
    private final WorkflowGraph graph;
    private final Expressions expressions;
    private final Map<String, Object> inputs;
    private final Map<String, Object> parentContext;
    private WorkflowState state;
    private List<Map<String, Object>> errors = new ArrayList<>();
    private List<Map<String, Object>> log = new ArrayList<>();
    private Map<String, Object> outputs;
    /** The field each logged error came from (not in Orquesta's log, so the log stays Orquesta's). */
    private final Map<Map<String, Object>, String> errorFields = new java.util.IdentityHashMap<>();

    public WorkflowConductor(
            WorkflowSpec spec, Expressions expressions, Map<String, Object> inputs, Map<String, Object> parentContext) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.graph = GraphComposer.compose(spec);
        this.expressions = expressions;
        this.inputs = inputs == null ? new LinkedHashMap<>() : Values.copyMap(inputs);
        this.parentContext = parentContext == null ? new LinkedHashMap<>() : Values.copyMap(parentContext);
    }

    /** Rebuilds a conductor from its snapshot. */
    public static WorkflowConductor restore(ConductorSnapshot snapshot, Expressions expressions) {
        WorkflowConductor c = new WorkflowConductor(
                WorkflowSpec.of(snapshot.spec()), expressions, snapshot.input(), snapshot.context());
        c.state = snapshot.state();
        c.errors = new ArrayList<>(snapshot.errors());
        c.log = new ArrayList<>(snapshot.log());
        c.outputs = snapshot.output();
        List<String> fields = snapshot.errorFields();
        for (int i = 0; fields != null && i < fields.size() && i < c.errors.size(); i++) {
            if (fields.get(i) != null) {
                c.errorFields.put(c.errors.get(i), fields.get(i));
            }
        }
        return c;
    }

    public ConductorSnapshot snapshot() {
        List<String> fields = new ArrayList<>();
        errors.forEach(e -> fields.add(errorFields.get(e)));
        return new ConductorSnapshot(
                spec.raw(),
                inputs,
                parentContext,
                workflowState(),
                log,
                errors,
                outputs,
                fields.stream().allMatch(Objects::isNull) ? null : fields);
    }

    public WorkflowSpec spec() {
        return spec;
    }

    public WorkflowGraph graph() {
        return graph;
    }

    /** Evaluates a statement of the spec; an error carries the field it came from. */
    private Object eval(String field, Object statement, Map<String, Object> ctx) {
        try {
            return expressions.evaluate(statement, ctx);
        } catch (WorkflowException e) {
            throw e.inField(field);
        }
    }

    // ---- state ------------------------------------------------------------------------------------------

    public WorkflowState workflowState() {
        if (state == null) {
            state = new WorkflowState();
            Map<String, Object> init = Values.copyMap(parentContext);
            List<WorkflowException> failures = new ArrayList<>();
            Values.merge(init, renderInput(init, failures), true);
            Values.merge(init, renderList("vars", spec.vars(), init, failures), true);
            if (!failures.isEmpty()) {
                failures.forEach(e -> logError(e, null, null, null));
                requestWorkflowStatus(Statuses.FAILED);
            }
            if (!Statuses.ABENDED.contains(state.status)) {
                state.contexts.add(init);
                state.routes.add(new ArrayList<>());
                for (String root : graph.roots()) {
                    state.addStagedTask(root, 0, List.of(0), null, true, null);
                }
            }
        }
        return state;
    }

    /** Workflow input: runtime values are data (never evaluated); defaults written in the spec are rendered. */
    private Map<String, Object> renderInput(Map<String, Object> context, List<WorkflowException> failures) {
        Map<String, Object> rolling = Values.copyMap(context);
        for (Object item : spec.input()) {
            String name;
            Object defaultValue;
            if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                Map.Entry<?, ?> e = m.entrySet().iterator().next();
                name = String.valueOf(e.getKey());
                defaultValue = e.getValue();
            } else {
                name = String.valueOf(item);
                defaultValue = null;
            }
            if (inputs.containsKey(name)) {
                rolling.put(name, Values.copy(inputs.get(name)));
                continue;
            }
            try {
                rolling.put(name, eval("input." + name, defaultValue, rolling));
            } catch (WorkflowException e) {
                if (!e.isExpressionError()) {
                    throw e;
                }
                failures.add(e);
            }
        }
        return rolling;
    }

    /** vars / output: one-key maps rendered in order, each seeing the ones before. */
    private Map<String, Object> renderList(
            String field, List<Object> items, Map<String, Object> context, List<WorkflowException> failures) {
        Map<String, Object> rolling = Values.copyMap(context);
        Map<String, Object> rendered = new LinkedHashMap<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> m) || m.isEmpty()) {
                continue;
            }
            Map.Entry<?, ?> e = m.entrySet().iterator().next();
            String name = String.valueOf(e.getKey());
            try {
                Object value = eval(field + "." + name, e.getValue(), rolling);
                rolling.put(name, value);
                rendered.put(name, value);
            } catch (WorkflowException ex) {
                if (!ex.isExpressionError()) {
                    throw ex;
                }
                failures.add(ex);
            }
        }
        return rendered;
    }

    public List<Map<String, Object>> errors() {
        return errors;
    }

    /**
     * The error log with, where the error came from evaluating the spec, the field it names ({@code field}:
     * {@code tasks.task1.input}, {@code tasks.task1.next[0].publish.x}, {@code output.y}...).
     */
    public List<Map<String, Object>> errorsWithFields() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> e : errors) {
            Map<String, Object> copy = new LinkedHashMap<>(e);
            String f = errorFields.get(e);
            if (f != null) {
                copy.put("field", f);
            }
            out.add(copy);
        }
        return out;
    }

    public List<Map<String, Object>> log() {
        return log;
    }

    void logEntry(
            String type,
            String message,
            String taskId,
            Integer route,
            String transitionId,
            Object result,
            Object data) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", type);
        entry.put("message", message);
        if (taskId != null) {
            entry.put("task_id", taskId);
        }
        if (route != null) {
            entry.put("route", route.longValue());
        }
        if (transitionId != null) {
            entry.put("task_transition_id", transitionId);
        }
        if (result != null) {
            entry.put("result", Values.copy(result));
        }
        if (data != null) {
            entry.put("data", Values.copy(data));
        }
        List<Map<String, Object>> target = type.equals("error") ? errors : log;
        if (!target.contains(entry)) {
            target.add(entry);
            lastEntry = entry;
        }
    }

    private Map<String, Object> lastEntry;

    @Override
    public void logError(WorkflowException e, String taskId, Integer route) {
        logError(e, taskId, route, null);
    }

    void logError(RuntimeException e, String taskId, Integer route, String transitionId) {
        String message = e instanceof WorkflowException w
                ? w.logMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        lastEntry = null;
        logEntry("error", message, taskId, route, transitionId, null, null);
        if (lastEntry != null && e instanceof WorkflowException w && w.field() != null) {
            errorFields.put(lastEntry, w.field());
        }
    }

    public String getWorkflowStatus() {
        return workflowState().status;
    }

    /** Asks the workflow to change status (running, pausing, paused, resuming, canceling, canceled, failed...). */
    public void requestWorkflowStatus(String status) {
        WorkflowState s = workflowState();
        String current = s.status;
        Event event = Event.workflow(status);
        for (TaskState t : s.tasksByStatus(Statuses.ACTIVE)) {
            StateMachines.processTaskEvent(s, t, event);
        }
        StateMachines.processWorkflowEvent(s, event);
        String updated = s.status;
        if (status.equals(Statuses.PAUSED) && current.equals(Statuses.PAUSING) && updated.equals(Statuses.PAUSING)) {
            return;
        }
        if (status.equals(Statuses.CANCELED)
                && current.equals(Statuses.CANCELING)
                && updated.equals(Statuses.CANCELING)) {
            return;
        }
        if (!status.equals(current) && current.equals(updated)) {
            throw new WorkflowException(
                    "InvalidWorkflowStatusTransition",
                    "Unable to process event \"" + event.name() + "\" for workflow in \"" + current + "\" status.");
        }
    }

    public Map<String, Object> getWorkflowInitialContext() {
        return Values.copyMap(workflowState().contexts.get(0));
    }

    Map<String, Object> getWorkflowTerminalContext() {
        if (!Statuses.COMPLETED.contains(getWorkflowStatus())) {
            throw new WorkflowException("WorkflowContextError", "Workflow is not in completed status.");
        }
        List<TaskState> terms = workflowState().terminalTasks();
        if (terms.isEmpty()) {
            return new LinkedHashMap<>();
        }
        Map<String, Object> ctx = getTaskContext(terms.get(0).ctxIn);
        for (TaskState t : terms.subList(1, terms.size())) {
            List<Integer> idxs = new ArrayList<>(t.ctxIn);
            idxs.remove(Integer.valueOf(0));
            Values.merge(ctx, getTaskContext(idxs), true);
        }
        return ctx;
    }

    /** Renders the output once the workflow completed; an error there fails the workflow (unless it was canceled...). */
    public void renderWorkflowOutput() {
        String status = getWorkflowStatus();
        if (Statuses.COMPLETED.contains(status) && (outputs == null || outputs.isEmpty())) {
            Map<String, Object> ctx = getWorkflowTerminalContext();
            ctx.put(OrquestaFunctions.STATE, workflowState());
            List<WorkflowException> failures = new ArrayList<>();
            Map<String, Object> rendered = renderList("output", spec.output(), ctx, failures);
            if (!rendered.isEmpty()) {
                outputs = rendered;
            }
            if (!failures.isEmpty()) {
                failures.forEach(e -> logError(e, null, null, null));
                if (!List.of(Statuses.EXPIRED, Statuses.ABANDONED, Statuses.CANCELED)
                        .contains(status)) {
                    requestWorkflowStatus(Statuses.FAILED);
                }
            }
        }
    }

    public Map<String, Object> getWorkflowOutput() {
        return outputs == null || outputs.isEmpty() ? null : Values.copyMap(outputs);
    }

    void resetWorkflowOutput() {
        outputs = null;
    }

    // ---- inbound criteria and next tasks ------------------------------------------------------------------

    String getInboundCriteriaStatus(String taskId, int route) {
        List<WorkflowGraph.Edge> inbound = graph.prevTransitions(taskId);
        Map<String, Boolean> evaluation = new LinkedHashMap<>();
        inbound.forEach(t -> evaluation.put(t.source(), null));
        Object barrier = graph.barrier(taskId);
        long requirement = "*".equals(barrier) ? evaluation.size() : barrier == null ? 1 : Values.asLong(barrier);
        for (WorkflowGraph.Edge t : inbound) {
            TaskState prev = workflowState().task(t.source(), route);
            if (prev == null) {
                continue;
            }
            String transitionId = t.target() + "__t" + t.key();
            boolean satisfied = Boolean.TRUE.equals(prev.next.get(transitionId));
            if (!Boolean.TRUE.equals(evaluation.get(t.source()))) {
                evaluation.put(t.source(), satisfied);
            }
        }
        long count = evaluation.values().stream().filter(Boolean.TRUE::equals).count();
        if (count >= requirement) {
            return SATISFIED;
        }
        if (evaluation.containsValue(null)
                && (workflowState().hasActiveTasks() || workflowState().hasStagedTasks())) {
            return WIP;
        }
        return NOT_SATISFIED;
    }

    @Override
    public List<StagedTask> unreachableBarriers() {
        List<StagedTask> out = new ArrayList<>();
        Map<String, Object> barriers = graph.barriers();
        for (StagedTask s : workflowState().staged) {
            if (!barriers.containsKey(s.id) || s.ready) {
                continue;
            }
            if (getInboundCriteriaStatus(s.id, s.route).equals(NOT_SATISFIED)) {
                out.add(s);
            }
        }
        return out;
    }

    private boolean hasNext(String taskId, int route, boolean evalJoinReady) {
        TaskState entry = workflowState().task(taskId, route);
        if (entry == null || entry.status == null || !Statuses.COMPLETED.contains(entry.status)) {
            return false;
        }
        for (WorkflowGraph.Edge t : graph.nextTransitions(taskId)) {
            if (t.target().equals("continue")) {
                continue;
            }
            if (!Boolean.TRUE.equals(entry.next.get(t.target() + "__t" + t.key()))) {
                continue;
            }
            if (graph.hasBarrier(t.target())) {
                if (!evalJoinReady) {
                    return true;
                }
                if (getInboundCriteriaStatus(t.target(), route).equals(NOT_SATISFIED)) {
                    continue;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public boolean hasBarrierNext(String taskId, int route) {
        return hasNext(taskId, route, false);
    }

    @Override
    public boolean hasNextTasks(String taskId, int route) {
        return hasNext(taskId, route, true);
    }

    /** The task instances to run now, sorted by (id, route) as string order; empty when there is nothing to do. */
    public List<TaskInstance> getNextTasks() {
        WorkflowState s = workflowState();
        List<StagedTask> staged = s.readyStagedTasks();
        List<StagedTask> remediation = new ArrayList<>();
        if (s.status.equals(Statuses.FAILED)) {
            staged.stream().filter(t -> Boolean.TRUE.equals(t.runOnFail)).forEach(remediation::add);
        }
        List<TaskInstance> next = new ArrayList<>();
        if (!Statuses.RUNNING_STATUSES.contains(s.status) && remediation.isEmpty()) {
            return next;
        }
        boolean failOnRendering = false;
        for (StagedTask t : remediation.isEmpty() ? staged : remediation) {
            try {
                TaskInstance task = evaluateTaskActions(getTask(t.id, t.route, dispatchable(t)));
                if (t.retry != null) {
                    Object d = t.retry.get("delay");
                    task = task.withDelay(d == null ? 0 : (int) Values.asLong(d));
                }
                if (!task.actions().isEmpty() || (task.itemsCount() != null && task.itemsCount() == 0)) {
                    next.add(task);
                }
            } catch (RuntimeException e) {
                failOnRendering = true;
                logError(e, t.id, t.route, null);
            }
        }
        if (failOnRendering) {
            requestWorkflowStatus(Statuses.FAILED);
            return List.of();
        }
        next.sort(Comparator.comparing(TaskInstance::id).thenComparingInt(TaskInstance::route));
        return next;
    }

    /** Renders a task instance: its action(s) over the task's context, its delay, its items. */
    public TaskInstance getTask(String taskId, int route) {
        return getTask(taskId, route, null);
    }

    /** As {@link #getTask(String, int)}; with {@code onlyItems}, only those items' actions are rendered. */
    private TaskInstance getTask(String taskId, int route, java.util.function.IntPredicate onlyItems) {
        Map<String, Object> ctx;
        try {
            ctx = getTaskInitialContext(taskId, route);
        } catch (IllegalStateException notStaged) {
            ctx = getWorkflowInitialContext();
        }
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("id", taskId);
        current.put("route", (long) route);
        ctx.put(OrquestaFunctions.CURRENT_TASK, current);
        ctx.put(OrquestaFunctions.STATE, workflowState());
        TaskSpec task = spec.task(taskId);
        Integer concurrency = null;
        if (task.hasItems()) {
            Object c = eval("tasks." + taskId + ".with.concurrency", task.with().get("concurrency"), ctx);
            concurrency = c == null ? null : (int) Values.asLong(c);
        }
        int[] count = {0};
        List<TaskInstance.ActionSpec> actions =
                renderActions(task, ctx, onlyItems == null ? null : limited(onlyItems, concurrency), count);
        Integer delay = null;
        Object d = task.delay();
        if (Values.truthy(d)) {
            Object value = d instanceof String ? eval("tasks." + taskId + ".delay", d, ctx) : d;
            if (!Values.isPyInt(value)) {
                throw new WorkflowException("TypeError", "The value of task delay is not type of integer.");
            }
            delay = (int) Values.asLong(value);
        }
        Integer itemsCount = task.hasItems() ? count[0] : null;
        return new TaskInstance(taskId, route, actions, delay, itemsCount, concurrency, ctx);
    }

    private List<TaskInstance.ActionSpec> renderActions(
            TaskSpec task, Map<String, Object> ctx, java.util.function.IntPredicate onlyItems, int[] count) {
        List<TaskInstance.ActionSpec> actions = new ArrayList<>();
        if (!task.hasItems()) {
            actions.add(new TaskInstance.ActionSpec(
                    eval("tasks." + task.name() + ".action", task.action(), ctx),
                    eval("tasks." + task.name() + ".input", task.input(), ctx),
                    null));
            return actions;
        }
        String itemsSpec = String.valueOf(task.with().get("items"));
        int in = itemsSpec.indexOf(" in ");
        String itemsExpr =
                in < 0 ? itemsSpec.strip() : itemsSpec.substring(in + 4).strip();
        Object items = eval("tasks." + task.name() + ".with.items", itemsExpr, ctx);
        if (!(items instanceof List<?> list)) {
            throw new WorkflowException("TypeError", "The value of \"" + itemsExpr + "\" is not type of list.")
                    .inField("tasks." + task.name() + ".with.items");
        }
        List<String> keys = in < 0
                ? null
                : List.of(itemsSpec.substring(0, in).replace(" ", "").split(",", -1));
        count[0] = list.size();
        for (int i = 0; i < list.size(); i++) {
            if (onlyItems != null && !onlyItems.test(i)) {
                continue;
            }
            Object item = list.get(i);
            if (keys != null && item instanceof List<?> tuple) {
                Map<String, Object> named = new LinkedHashMap<>();
                for (int k = 0; k < Math.min(keys.size(), tuple.size()); k++) {
                    named.put(keys.get(k), tuple.get(k));
                }
                item = named;
            } else if (keys != null && keys.size() == 1) {
                Map<String, Object> named = new LinkedHashMap<>();
                named.put(keys.get(0), item);
                item = named;
            }
            Map<String, Object> itemCtx = new LinkedHashMap<>(ctx);
            itemCtx.put(OrquestaFunctions.CURRENT_ITEM, item);
            actions.add(new TaskInstance.ActionSpec(
                    eval("tasks." + task.name() + ".action", task.action(), itemCtx),
                    eval("tasks." + task.name() + ".input", task.input(), itemCtx),
                    i));
        }
        return actions;
    }

    private TaskInstance evaluateTaskActions(TaskInstance task) {
        if (!spec.task(task.id()).hasItems()) {
            return task;
        }
        StagedTask staged = workflowState().stagedTask(task.id(), task.route());
        if (staged.items == null || staged.items.isEmpty()) {
            staged.items = new ArrayList<>();
            for (int i = 0; i < task.itemsCount(); i++) {
                staged.items.add(Statuses.UNSET);
            }
            staged.resetItemCounts();
        }
        List<TaskInstance.ActionSpec> notRun = new ArrayList<>();
        int active = 0;
        for (int i = 0; i < task.itemsCount() && i < staged.items.size(); i++) {
            if (Statuses.ACTIVE.contains(Statuses.orUnset(staged.items.get(i)))) {
                active++;
            }
        }
        for (TaskInstance.ActionSpec a : task.actions()) {
            if (a.itemId() < staged.items.size()
                    && Statuses.orUnset(staged.items.get(a.itemId())).equals(Statuses.UNSET)) {
                notRun.add(a);
            }
        }
        Integer concurrency = task.concurrency();
        if (concurrency != null) {
            if (concurrency <= 0) {
                concurrency = 1;
            }
            int availability = concurrency - active;
            return task.withActions(
                    availability > 0
                            ? List.copyOf(notRun.subList(0, Math.min(availability, notRun.size())))
                            : List.of(),
                    concurrency);
        }
        return task.withActions(List.copyOf(notRun), null);
    }

    /** The not-run items a with-items task can dispatch with its concurrency: the first (concurrency - active). */
    private static java.util.function.IntPredicate limited(
            java.util.function.IntPredicate notRun, Integer concurrency) {
        if (!(notRun instanceof Dispatchable d) || concurrency == null) {
            return notRun;
        }
        int availability = Math.max(concurrency, 1) - d.active;
        java.util.BitSet first = new java.util.BitSet();
        int taken = 0;
        for (int i = d.notRun.nextSetBit(0); i >= 0 && taken < availability; i = d.notRun.nextSetBit(i + 1)) {
            first.set(i);
            taken++;
        }
        return first::get;
    }

    /** The items of a staged with-items task not run yet, and how many are active. */
    private record Dispatchable(java.util.BitSet notRun, int active) implements java.util.function.IntPredicate {
        @Override
        public boolean test(int i) {
            return notRun.get(i);
        }
    }

    /**
     * Which items of a with-items task may be dispatched now (not run, within the concurrency left), or null when
     * the task has not dispatched items yet (then every item is rendered, so a rendering error shows at once, as
     * in Orquesta). Rendering only these keeps a 10,000-item task linear.
     */
    private java.util.function.IntPredicate dispatchable(StagedTask staged) {
        if (!spec.task(staged.id).hasItems() || staged.items == null || staged.items.isEmpty()) {
            return null;
        }
        java.util.BitSet wanted = new java.util.BitSet();
        int active = 0;
        for (int i = 0; i < staged.items.size(); i++) {
            String st = Statuses.orUnset(staged.items.get(i));
            if (st.equals(Statuses.UNSET)) {
                wanted.set(i);
            } else if (Statuses.ACTIVE.contains(st)) {
                active++;
            }
        }
        return new Dispatchable(wanted, active);
    }

    // ---- task state ---------------------------------------------------------------------------------------

    Map<String, Object> getTaskContext(List<Integer> idxs) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        for (int i : idxs) {
            Values.merge(ctx, workflowState().contexts.get(i), true);
        }
        return ctx;
    }

    Map<String, Object> getTaskInitialContext(String taskId, int route) {
        StagedTask staged = workflowState().stagedTask(taskId, route);
        if (staged != null) {
            return getTaskContext(staged.ctxIn);
        }
        TaskState entry = workflowState().task(taskId, route);
        if (entry != null) {
            return getTaskContext(entry.ctxIn);
        }
        throw new IllegalStateException("Unable to determine context for task \"" + taskId + "\".");
    }

    private Map<String, Object> makeTaskContext(TaskState entry, Object result) {
        Map<String, Object> ctx = getTaskContext(entry.ctxIn);
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("id", entry.id);
        current.put("route", (long) entry.route);
        current.put("result", result);
        ctx.put(OrquestaFunctions.CURRENT_TASK, current);
        ctx.put(OrquestaFunctions.STATE, workflowState());
        return ctx;
    }

    private static Object makeTaskResult(TaskSpec task, Event event) {
        if (!task.hasItems()) {
            return event.result();
        }
        Object r = event.kind() == Event.Kind.ITEM ? event.accumulatedResult() : event.result();
        return r == null ? new ArrayList<>() : r;
    }

    private TaskState addTaskState(String taskId, int route, List<Integer> ctxIn, Map<String, Integer> prev) {
        if (!graph.hasTask(taskId)) {
            throw new WorkflowException("InvalidTask", "Task \"" + taskId + "\" does not exist.");
        }
        TaskState entry = new TaskState();
        entry.id = taskId;
        entry.route = route;
        entry.ctxIn = ctxIn == null || ctxIn.isEmpty() ? new ArrayList<>(List.of(0)) : new ArrayList<>(ctxIn);
        entry.prev = prev == null ? new LinkedHashMap<>() : new LinkedHashMap<>(prev);
        if (graph.hasRetry(taskId)) {
            setupRetry(entry);
        }
        WorkflowState s = workflowState();
        s.sequence.add(entry);
        s.tasks.put(WorkflowState.key(taskId, route), s.sequence.size() - 1);
        return entry;
    }

    private void setupRetry(TaskState entry) {
        Map<String, Object> retry = Values.copyMap(graph.retrySpec(entry.id));
        retry.put("tally", 0L);
        Map<String, Object> ctx = getTaskContext(entry.ctxIn);
        for (String field : List.of("delay", "count")) {
            if (retry.get(field) instanceof String expr) {
                Object value = eval("tasks." + entry.id + ".retry." + field, expr, ctx);
                if (!Values.isPyInt(value)) {
                    throw new WorkflowException(
                            "ValueError", "The retry " + field + " for task \"" + entry.id + "\" is not an integer.");
                }
                retry.put(field, Values.asLong(value));
            }
        }
        entry.retry = retry;
    }

    /** Applies an event (an action execution's status, an engine command) to a task instance. */
    public TaskState updateTaskState(String taskId, int route, Event event) {
        Queue<Object[]> engineEvents = new ArrayDeque<>();
        if (!graph.hasTask(taskId)) {
            throw new WorkflowException("InvalidTask", "Task \"" + taskId + "\" does not exist.");
        }
        WorkflowState s = workflowState();
        StagedTask staged = s.stagedTask(taskId, route);
        TaskState entry = s.task(taskId, route);
        TaskSpec task = spec.task(taskId);
        if (staged == null && entry == null) {
            throw new WorkflowException(
                    "InvalidTaskStateEntry", "Task \"" + taskId + "\" is not staged or has not started yet.");
        }
        if (entry == null || Event.isEngineCommand(taskId)) {
            entry = addTaskState(taskId, staged.route, staged.ctxIn, staged.prev);
        }
        int entryIdx = s.taskIndex(taskId, route);
        if (entry.status != null
                && Statuses.COMPLETED.contains(entry.status)
                && event.status() != null
                && Statuses.STARTING.contains(event.status())) {
            entry = addTaskState(taskId, staged.route, staged.ctxIn, staged.prev);
            entryIdx = s.taskIndex(taskId, route);
        }
        if (event.status() != null && staged != null && staged.items == null) {
            s.removeStagedTask(taskId, route);
        }
        if (staged != null && event.kind() == Event.Kind.ITEM) {
            staged.setItem(event.itemId(), event.status());
        }
        if (Statuses.FAILED.equals(event.status())) {
            logEntry("error", "Execution failed. See result for details.", taskId, null, null, event.result(), null);
        }
        String oldStatus = Statuses.orUnset(entry.status);
        StateMachines.processTaskEvent(s, entry, event);
        String newStatus = Statuses.orUnset(entry.status);
        if (newStatus.equals(Statuses.RETRYING)) {
            entry.retry.put("tally", Values.asLong(entry.retry.get("tally")) + 1);
            s.removeStagedTask(taskId, route);
            s.addStagedTask(taskId, route, entry.ctxIn, entry.prev, true, Values.copyMap(entry.retry));
        }
        Map<String, Object> currentCtx = null;
        if (Statuses.COMPLETED.contains(newStatus)) {
            if (!(task.hasItems() && Statuses.ABENDED.contains(newStatus))) {
                s.removeStagedTask(taskId, route);
            } else {
                StagedTask st = s.stagedTask(taskId, route);
                if (st != null) {
                    st.completed = true;
                }
            }
            currentCtx = makeTaskContext(entry, makeTaskResult(task, event));
            if (Statuses.ACTIVE.contains(s.status) && evaluateTaskRetry(entry, currentCtx)) {
                return updateTaskState(taskId, route, Event.engineCommand("retry"));
            }
        }
        if (Statuses.COMPLETED.contains(newStatus) && !newStatus.equals(oldStatus)) {
            stageNextTasks(task, entry, entryIdx, route, currentCtx, engineEvents);
        }
        StateMachines.processTaskEventOnWorkflow(s, this, taskId, route, Statuses.orUnset(entry.status));
        while (!engineEvents.isEmpty()) {
            Object[] next = engineEvents.poll();
            updateTaskState((String) next[0], (Integer) next[1], Event.engineCommand((String) next[0]));
        }
        if (Statuses.COMPLETED.contains(s.status)) {
            entry.term = true;
        }
        return entry;
    }

    private void stageNextTasks(
            TaskSpec task,
            TaskState entry,
            int entryIdx,
            int route,
            Map<String, Object> currentCtx,
            Queue<Object[]> engineEvents) {
        WorkflowState s = workflowState();
        boolean hasManualFail = false;
        List<StagedTask> stagedNext = new ArrayList<>();
        List<WorkflowGraph.Edge> transitions = graph.nextTransitions(entry.id);
        if (transitions.isEmpty()) {
            entry.term = true;
        }
        for (WorkflowGraph.Edge t : transitions) {
            String transitionId = t.target() + "__t" + t.key();
            try {
                boolean all = true;
                for (String c : t.criteria()) {
                    all &= Values.truthy(eval("tasks." + entry.id + ".next[" + t.ref() + "].when", c, currentCtx));
                }
                entry.next.put(transitionId, all);
            } catch (RuntimeException e) {
                logError(e, entry.id, route, transitionId);
                requestWorkflowStatus(Statuses.FAILED);
                continue;
            }
            if (!entry.next.get(transitionId)) {
                continue;
            }
            String nextId = t.target();
            List<WorkflowException> publishErrors = new ArrayList<>();
            Map<String, Object> newCtx = publish(task, t, nextId, currentCtx, publishErrors);
            if (!publishErrors.isEmpty()) {
                publishErrors.forEach(e -> logError(e, entry.id, route, transitionId));
                requestWorkflowStatus(Statuses.FAILED);
                continue;
            }
            List<Integer> outIdxs = new ArrayList<>(entry.ctxIn);
            if (!newCtx.isEmpty()) {
                s.contexts.add(newCtx);
                int newIdx = s.contexts.size() - 1;
                outIdxs.add(newIdx);
                entry.ctxOut = new LinkedHashMap<>(Map.of(transitionId, newIdx));
            }
            int nextRoute = evaluateRoute(t, route);
            StagedTask next = s.stagedTask(nextId, nextRoute);
            String backref = entry.id + "__t" + t.key();
            if (next != null) {
                outIdxs.remove(Integer.valueOf(0));
                next.ctxIn.addAll(outIdxs);
                next.prev.put(backref, entryIdx);
                next.items = null;
                next.resetItemCounts();
                next.completed = null;
            } else {
                next = s.addStagedTask(nextId, nextRoute, outIdxs, Map.of(backref, entryIdx), false, null);
            }
            next.ready = getInboundCriteriaStatus(nextId, route).equals(SATISFIED);
            if (Event.isEngineCommand(nextId)) {
                engineEvents.add(new Object[] {next.id, next.route});
                hasManualFail |= nextId.equals("fail");
            } else if (next.ready) {
                stagedNext.add(next);
            }
        }
        if (hasManualFail) {
            stagedNext.forEach(n -> n.runOnFail = true);
        }
    }

    /** Publishes a transition's variables (in order, each seeing the ones before) when it leads to {@code nextId}. */
    private Map<String, Object> publish(
            TaskSpec task,
            WorkflowGraph.Edge t,
            String nextId,
            Map<String, Object> ctx,
            List<WorkflowException> failures) {
        Map<String, Object> rolling = new LinkedHashMap<>(ctx);
        Map<String, Object> newCtx = new LinkedHashMap<>();
        TransitionSpec transition = task.next().get(t.ref());
        if (transition.doNames().contains(nextId)) {
            for (Map.Entry<String, Object> p : transition.publish()) {
                try {
                    Object value = eval(
                            "tasks." + task.name() + ".next[" + t.ref() + "].publish." + p.getKey(),
                            p.getValue(),
                            rolling);
                    rolling.put(p.getKey(), value);
                    newCtx.put(p.getKey(), value);
                } catch (WorkflowException e) {
                    if (!e.isExpressionError()) {
                        throw e;
                    }
                    failures.add(e);
                }
            }
        }
        return newCtx;
    }

    private int evaluateRoute(WorkflowGraph.Edge t, int prevRoute) {
        String split = t.source() + "__t" + t.key();
        if (!spec.isSplitTask(t.target()) || graph.inCycle(t.target())) {
            return prevRoute;
        }
        WorkflowState s = workflowState();
        List<String> old = s.routes.get(prevRoute);
        if (old.contains(split)) {
            return prevRoute;
        }
        List<String> updated = new ArrayList<>(old);
        updated.add(split);
        s.routes.add(updated);
        return s.routes.size() - 1;
    }

    private boolean evaluateTaskRetry(TaskState entry, Map<String, Object> ctx) {
        if (entry.retry == null) {
            return false;
        }
        String status = Statuses.orUnset(entry.status);
        if (Values.asLong(entry.retry.get("tally")) >= Values.asLong(entry.retry.get("count"))) {
            return false;
        }
        Object when = entry.retry.get("when");
        if (Statuses.ABENDED.contains(status) && when == null) {
            return true;
        }
        return Values.truthy(eval("tasks." + entry.id + ".retry.when", when, ctx));
    }

    // ---- rerun --------------------------------------------------------------------------------------------

    /** A task instance to rerun; {@code resetItems} reruns every item of a with-items task, not only failed ones. */
    public record RerunRequest(String taskId, int route, boolean resetItems) {
        String key() {
            return WorkflowState.key(taskId, route);
        }
    }

    /**
     * Reruns a completed workflow from the given task instances (or, with none, from every terminal task that
     * failed), keeping what ran before them: StackStorm's {@code st2 execution re-run --tasks}.
     */
    public void requestWorkflowRerun(List<RerunRequest> requests) {
        WorkflowState s = workflowState();
        if (!Statuses.COMPLETED.contains(s.status)) {
            throw new WorkflowException(
                    "WorkflowIsActiveAndNotRerunableError",
                    "Unable to rerun workflow because it is not in a completed state.");
        }
        Map<String, RerunRequest> tasks = new LinkedHashMap<>();
        (requests == null ? List.<RerunRequest>of() : requests).forEach(r -> tasks.put(r.key(), r));
        List<RerunRequest> invalid = tasks.values().stream()
                .filter(r -> !s.tasks.containsKey(r.key()))
                .toList();
        if (!invalid.isEmpty()) {
            throw new WorkflowException(
                    "InvalidTaskRerunRequest",
                    "Unable to rerun task|route(s) because it doesn't exist or isn't rerunnable: "
                            + String.join(
                                    ", ",
                                    invalid.stream()
                                            .map(r -> r.taskId() + "|" + r.route())
                                            .toList()));
        }
        Map<String, Integer> candidates = new LinkedHashMap<>();
        if (tasks.isEmpty()) {
            for (int i = 0; i < s.sequence.size(); i++) {
                TaskState t = s.sequence.get(i);
                if (t.isTerm() && t.status != null && Statuses.ABENDED.contains(t.status)) {
                    candidates.put(WorkflowState.key(t.id, t.route), i);
                }
            }
        } else {
            Set<String> collapsed = collapseRerunRequests(tasks);
            for (Map.Entry<String, RerunRequest> e : tasks.entrySet()) {
                if (collapsed.contains(e.getKey())) {
                    candidates.put(
                            e.getKey(),
                            s.taskIndex(e.getValue().taskId(), e.getValue().route()));
                }
            }
        }
        s.reruns.add(new ArrayList<>(candidates.values()));
        List<TaskState> sorted = candidates.values().stream()
                .map(s.sequence::get)
                .sorted(Comparator.comparing((TaskState t) -> t.id).thenComparingInt(t -> t.route))
                .toList();
        for (TaskState t : sorted) {
            RerunRequest r = tasks.get(WorkflowState.key(t.id, t.route));
            requestTaskRerun(t.id, t.route, r != null && r.resetItems());
        }
        Map<String, TaskState> continuable = new java.util.TreeMap<>();
        for (TaskState t : s.terminalTasks()) {
            if (t.next.values().stream().anyMatch(Boolean.TRUE::equals)) {
                continuable.put(WorkflowState.key(t.id, t.route), t);
            }
        }
        continuable.values().forEach(t -> t.term = null);
        resetWorkflowOutput();
        s.status = Statuses.RESUMING;
    }

    /** Drops requested tasks that run after another requested task anyway. */
    private Set<String> collapseRerunRequests(Map<String, RerunRequest> tasks) {
        Map<String, Set<Integer>> downstream = new LinkedHashMap<>();
        tasks.forEach((k, r) -> downstream.put(k, new HashSet<>(taskSequence(r.taskId(), r.route()))));
        if (tasks.size() <= 1) {
            return downstream.keySet();
        }
        Set<String> keep = new HashSet<>();
        for (Map.Entry<String, Set<Integer>> a : downstream.entrySet()) {
            for (Set<Integer> b : downstream.values()) {
                if (!b.containsAll(a.getValue())) {
                    keep.add(a.getKey());
                }
            }
        }
        return keep;
    }

    /**
     * The sequence index of a task instance followed by those of the entries it staged directly (Orquesta's
     * get_task_sequence, which, as written there, never goes further than one step).
     */
    private List<Integer> taskSequence(String taskId, int route) {
        WorkflowState s = workflowState();
        List<Integer> seq = new ArrayList<>();
        seq.add(s.taskIndex(taskId, route));
        for (int i = 0; i < s.sequence.size(); i++) {
            for (int p : s.sequence.get(i).prev.values()) {
                TaskState prev = s.sequence.get(p);
                if (prev.id.equals(taskId) && prev.route == route) {
                    seq.add(i);
                }
            }
        }
        return seq;
    }

    private void requestTaskRerun(String taskId, int route, boolean resetItems) {
        WorkflowState s = workflowState();
        TaskState task = s.task(taskId, route);
        List<Integer> ctx = new ArrayList<>(task.ctxIn);
        Map<String, Integer> prev = new LinkedHashMap<>(task.prev);
        task.term = null;
        StagedTask staged = s.stagedTask(taskId, route);
        if (staged != null) {
            staged.completed = null;
        }
        errors.removeIf(e -> taskId.equals(e.get("task_id")));
        if (spec.task(taskId).hasItems()) {
            if (staged != null && staged.items != null) {
                for (int i = 0; i < staged.items.size(); i++) {
                    if (resetItems || Statuses.ABENDED.contains(Statuses.orUnset(staged.items.get(i)))) {
                        staged.setItem(i, Statuses.UNSET);
                    }
                }
            }
        } else {
            addTaskState(taskId, route, ctx, prev);
            s.addStagedTask(taskId, route, ctx, prev, true, null);
        }
        for (int i : taskSequence(taskId, route)) {
            s.sequence.get(i).term = null;
        }
    }

    /** Terminal task entries, for callers that report them. */
    public List<TaskState> terminalTasks() {
        return workflowState().terminalTasks();
    }

    /** Whether the workflow reached a completed status. */
    public boolean isCompleted() {
        return Statuses.COMPLETED.contains(getWorkflowStatus());
    }
}
