package io.squall.engine.workflow;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.squall.engine.workflow.state.StagedTask;
import io.squall.engine.workflow.state.TaskState;
import io.squall.engine.workflow.state.WorkflowState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Orquesta's workflow and task state machines (machines.py). The tables (status → event → new status) are data,
 * transcribed in {@code state-machines.json}; the code here adds the context Orquesta appends to an event name
 * before looking it up ({@code _workflow_active}, {@code _task_dormant_items_incomplete}, ...).
 */
final class StateMachines {
    private static final Map<String, Map<String, String>> WORKFLOW;
    private static final Map<String, Map<String, String>> TASK;

    static {
        try (InputStream in = StateMachines.class.getResourceAsStream("state-machines.json")) {
            Map<String, Object> tables = JsonMapper.builder().build().readValue(in, new TypeReference<>() {});
            WORKFLOW = cast(tables.get("workflow"));
            TASK = cast(tables.get("task"));
        } catch (IOException e) {
            throw new UncheckedIOException("state-machines.json is missing from the engine jar", e);
        }
    }

    /** What the workflow side needs to know about the conductor. */
    interface Graph {
        boolean hasBarrierNext(String taskId, int route);

        boolean hasNextTasks(String taskId, int route);

        List<StagedTask> unreachableBarriers();

        void logError(WorkflowException e, String taskId, Integer route);
    }

    private StateMachines() {}

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> cast(Object o) {
        return (Map<String, Map<String, String>>) o;
    }

    // ---- task state machine -------------------------------------------------------------------------------

    /** Applies an action, item, engine or workflow event to one task instance. */
    static void processTaskEvent(WorkflowState state, TaskState task, Event event) {
        String eventName = switch (event.kind()) {
            case WORKFLOW -> workflowEventForTask(state, task, event);
            case ITEM -> itemEventName(state, task, event);
            case ACTION, ENGINE -> event.name();
            case TASK -> throw new IllegalArgumentException("Event \"" + event.name() + "\" is not valid.");
        };
        String current = Statuses.orUnset(task.status);
        Map<String, String> row = TASK.get(current);
        if (row == null) {
            throw new WorkflowException(
                    "InvalidTaskStatusTransition",
                    "Unable to process event \"" + eventName + "\" for task in \"" + current + "\" status.");
        }
        String next = row.get(eventName);
        if (next != null) {
            task.status = next;
        }
    }

    private static String itemEventName(WorkflowState state, TaskState task, Event event) {
        String name = event.name();
        if (!List.of(
                        Statuses.RESUMING,
                        Statuses.PENDING,
                        Statuses.PAUSED,
                        Statuses.SUCCEEDED,
                        Statuses.FAILED,
                        Statuses.EXPIRED,
                        Statuses.ABANDONED,
                        Statuses.CANCELED)
                .contains(event.status())) {
            return name;
        }
        StagedTask staged = state.stagedTask(task.id, task.route);
        // the statuses of the other items: all counts less the one being reported
        Map<String, Integer> others = new java.util.HashMap<>(staged.itemCounts());
        others.merge(Statuses.orUnset(staged.items.get(event.itemId())), -1, Integer::sum);
        boolean active = false;
        boolean incomplete = false;
        boolean paused = false;
        boolean canceled = false;
        boolean failed = false;
        for (Map.Entry<String, Integer> c : others.entrySet()) {
            if (c.getValue() <= 0) {
                continue;
            }
            String s = c.getKey();
            active |= Statuses.ACTIVE.contains(s);
            incomplete |= !Statuses.COMPLETED.contains(s);
            paused |= s.equals(Statuses.PENDING) || s.equals(Statuses.PAUSED);
            canceled |= s.equals(Statuses.CANCELED);
            failed |= Statuses.ABENDED.contains(s);
        }
        name += active ? "_task_active" : "_task_dormant";
        if (!active && paused) {
            return name + "_items_paused";
        }
        if (!active && canceled) {
            return name + "_items_canceled";
        }
        if (!active && failed) {
            return name + "_items_failed";
        }
        return name + (incomplete ? "_items_incomplete" : "_items_completed");
    }

    private static String workflowEventForTask(WorkflowState state, TaskState task, Event event) {
        String name = event.name();
        StagedTask staged = state.stagedTask(task.id, task.route);
        if ((Statuses.PAUSE.contains(event.status()) || Statuses.CANCEL.contains(event.status()))
                && staged != null
                && staged.items != null) {
            boolean active = staged.items.stream().map(Statuses::orUnset).anyMatch(Statuses.ACTIVE::contains);
            boolean incomplete =
                    staged.items.stream().map(Statuses::orUnset).anyMatch(s -> !Statuses.COMPLETED.contains(s));
            name += active ? "_task_active" : "_task_dormant";
            name += incomplete ? "_items_incomplete" : "_items_completed";
        }
        return name;
    }

    // ---- workflow state machine ---------------------------------------------------------------------------

    /** Applies a task's new status to the workflow status (and fails it on an unreachable join once completed). */
    static void processTaskEventOnWorkflow(
            WorkflowState state, Graph graph, String taskId, int route, String taskStatus) {
        String eventName = "task_" + taskStatus;
        boolean hasBarrierNext = graph.hasBarrierNext(taskId, route);
        boolean hasNextTasks = graph.hasNextTasks(taskId, route);
        boolean hasActiveTasks = state.hasActiveTasks();
        if (Statuses.ABENDED.contains(taskStatus) && (hasNextTasks || hasBarrierNext)) {
            eventName = "task_remediated";
        }
        if (List.of(
                        "task_pending",
                        "task_paused",
                        "task_succeeded",
                        "task_failed",
                        "task_remediated",
                        "task_canceled",
                        "task_retrying")
                .contains(eventName)) {
            eventName += hasActiveTasks ? "_workflow_active" : "_workflow_dormant";
        }
        if (eventName.startsWith("task_succeeded") || eventName.startsWith("task_remediated")) {
            if (state.hasCancelingTasks() || state.hasCanceledTasks()) {
                eventName += "_canceled";
            } else if (state.hasPausingTasks() || state.hasPausedTasks()) {
                eventName += "_paused";
            } else if (state.hasStagedTasks() || hasNextTasks) {
                eventName += "_incomplete";
            } else {
                eventName += "_completed";
            }
        }
        String next = workflowTransition(state, eventName);
        if (next == null) {
            return;
        }
        state.status = next;
        if (Statuses.COMPLETED.contains(state.status)) {
            List<StagedTask> unreachable = graph.unreachableBarriers();
            if (!unreachable.isEmpty()) {
                state.status = Statuses.FAILED;
                for (StagedTask s : unreachable) {
                    graph.logError(
                            new WorkflowException(
                                    "UnreachableJoinError",
                                    "The join task|route \"" + s.id + "|" + s.route
                                            + "\" is partially satisfied but unreachable."),
                            s.id,
                            s.route);
                }
            }
        }
    }

    /** Applies a requested workflow status (running, pausing, paused, canceling, canceled, failed...). */
    static void processWorkflowEvent(WorkflowState state, Event event) {
        String eventName = event.name();
        boolean hasActiveTasks = state.hasActiveTasks();
        if (Statuses.PAUSE.contains(event.status()) || Statuses.CANCEL.contains(event.status())) {
            eventName += hasActiveTasks ? "_workflow_active" : "_workflow_dormant";
        }
        if (Statuses.PAUSED.equals(state.status)
                && (event.status().equals(Statuses.RUNNING) || event.status().equals(Statuses.RESUMING))
                && !state.hasActiveTasks()
                && !state.hasStagedTasks()
                && !state.hasPausedTasks()) {
            eventName += "_workflow_completed";
        }
        String next = workflowTransition(state, eventName);
        if (next != null) {
            state.status = next;
        }
    }

    /** The workflow status the table gives for this event in the current status, or null for no change. */
    private static String workflowTransition(WorkflowState state, String eventName) {
        Map<String, String> row = WORKFLOW.get(state.status);
        if (row == null) {
            throw new WorkflowException(
                    "InvalidWorkflowStatusTransition",
                    "Unable to process event \"" + eventName + "\" for workflow in \"" + state.status + "\" status.");
        }
        return row.get(eventName);
    }
}
