package io.squall.engine.workflow;

/**
 * An event the conductor processes (Orquesta's events.py): the workflow asked to change status, an action
 * execution of a task (or of one item of a with-items task) changed status, or an engine command
 * ({@code continue}, {@code fail}, {@code noop}, {@code retry}) was reached.
 */
public record Event(Kind kind, String name, String status, Object result, Integer itemId, Object accumulatedResult) {
    public enum Kind {
        WORKFLOW,
        TASK,
        ACTION,
        ITEM,
        ENGINE
    }

    public Event {
        if (!Statuses.isValid(status)) {
            throw new IllegalArgumentException("Status \"" + status + "\" is not valid.");
        }
    }

    public static Event workflow(String status) {
        return new Event(Kind.WORKFLOW, "workflow_" + status, status, null, null, null);
    }

    public static Event task(String status) {
        return new Event(Kind.TASK, "task_" + status, status, null, null, null);
    }

    public static Event action(String status, Object result) {
        return new Event(Kind.ACTION, "action_" + status, status, result, null, null);
    }

    public static Event item(int itemId, String status, Object result, Object accumulatedResult) {
        return new Event(Kind.ITEM, "action_" + status, status, result, itemId, accumulatedResult);
    }

    /** The engine command named by a transition target, or null for an ordinary task. */
    public static Event engineCommand(String name) {
        return switch (name) {
            case "continue" -> new Event(Kind.ENGINE, "task_continue_requested", Statuses.SUCCEEDED, null, null, null);
            case "fail" -> new Event(Kind.ENGINE, "task_fail_requested", Statuses.FAILED, null, null, null);
            case "noop" -> new Event(Kind.ENGINE, "task_noop_requested", Statuses.SUCCEEDED, null, null, null);
            case "retry" -> new Event(Kind.ENGINE, "task_retry_requested", Statuses.RETRYING, null, null, null);
            default -> null;
        };
    }

    public static boolean isEngineCommand(String name) {
        return engineCommand(name) != null;
    }
}
