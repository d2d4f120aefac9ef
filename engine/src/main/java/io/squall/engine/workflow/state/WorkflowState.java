package io.squall.engine.workflow.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.squall.engine.workflow.Statuses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conductor's whole runtime state (Orquesta's WorkflowState): contexts (index 0 = input + vars), routes (index
 * 0 = {@code []}), the task sequence, the staged tasks, the workflow status, the index of each task instance's last
 * occurrence ({@code "task__rN"} → sequence index) and the reruns. Serialises to JSON and back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class WorkflowState {
    public List<Map<String, Object>> contexts = new ArrayList<>();
    public List<List<String>> routes = new ArrayList<>();
    public List<TaskState> sequence = new ArrayList<>();
    public List<StagedTask> staged = new ArrayList<>();

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public String status = Statuses.UNSET;

    public Map<String, Integer> tasks = new LinkedHashMap<>();
    public List<List<Integer>> reruns = new ArrayList<>();

    public static String key(String taskId, int route) {
        return taskId + "__r" + route;
    }

    public TaskState task(String taskId, int route) {
        Integer idx = tasks.get(key(taskId, route));
        return idx == null ? null : sequence.get(idx);
    }

    public Integer taskIndex(String taskId, int route) {
        return tasks.get(key(taskId, route));
    }

    /** Last occurrences whose status is one of {@code statuses}, in sequence order. */
    public List<TaskState> tasksByStatus(Set<String> statuses) {
        List<TaskState> out = new ArrayList<>();
        for (int idx : tasks.values()) {
            TaskState t = sequence.get(idx);
            if (t.status != null && statuses.contains(t.status)) {
                out.add(t);
            }
        }
        out.sort((a, b) -> Integer.compare(tasks.get(key(a.id, a.route)), tasks.get(key(b.id, b.route))));
        return out;
    }

    public boolean hasTasksWithStatus(Set<String> statuses) {
        for (int idx : tasks.values()) {
            String s = sequence.get(idx).status;
            if (s != null && statuses.contains(s)) {
                return true;
            }
        }
        return false;
    }

    @JsonIgnore
    public boolean hasActiveTasks() {
        return hasTasksWithStatus(Statuses.ACTIVE);
    }

    @JsonIgnore
    public boolean hasPausingTasks() {
        return hasTasksWithStatus(Set.of(Statuses.PAUSING));
    }

    @JsonIgnore
    public boolean hasPausedTasks() {
        return hasTasksWithStatus(Set.of(Statuses.PAUSED, Statuses.PENDING));
    }

    @JsonIgnore
    public boolean hasCancelingTasks() {
        return hasTasksWithStatus(Set.of(Statuses.CANCELING));
    }

    @JsonIgnore
    public boolean hasCanceledTasks() {
        return hasTasksWithStatus(Set.of(Statuses.CANCELED));
    }

    /** Entries (any occurrence) that ended a branch, in sequence order. */
    @JsonIgnore
    public List<TaskState> terminalTasks() {
        return sequence.stream().filter(TaskState::isTerm).toList();
    }

    /** Staged tasks that are ready and not completed. */
    @JsonIgnore
    public List<StagedTask> readyStagedTasks() {
        return staged.stream().filter(s -> s.ready && !s.isCompleted()).toList();
    }

    @JsonIgnore
    public boolean hasStagedTasks() {
        for (StagedTask s : staged) {
            if (s.ready && !s.isCompleted()) {
                return true;
            }
        }
        return false;
    }

    public StagedTask stagedTask(String taskId, int route) {
        for (StagedTask s : staged) {
            if (s.id.equals(taskId) && s.route == route) {
                return s;
            }
        }
        return null;
    }

    public StagedTask addStagedTask(
            String taskId,
            int route,
            List<Integer> ctxs,
            Map<String, Integer> prev,
            boolean ready,
            Map<String, Object> retry) {
        StagedTask s = new StagedTask();
        s.id = taskId;
        s.route = route;
        s.ctxIn = ctxs == null || ctxs.isEmpty() ? new ArrayList<>(List.of(0)) : new ArrayList<>(ctxs);
        s.prev = prev == null ? new LinkedHashMap<>() : new LinkedHashMap<>(prev);
        s.ready = ready;
        s.retry = retry;
        staged.add(s);
        return s;
    }

    /** Removes a staged task unless some of its items are still active. */
    public void removeStagedTask(String taskId, int route) {
        StagedTask s = stagedTask(taskId, route);
        if (s == null) {
            return;
        }
        if (s.items != null && s.items.stream().anyMatch(Statuses.ACTIVE::contains)) {
            return;
        }
        staged.remove(s);
    }
}
