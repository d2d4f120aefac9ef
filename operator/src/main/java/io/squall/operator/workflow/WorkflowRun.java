package io.squall.operator.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the workflow engine keeps of one workflow Execution outside etcd (in {@link WorkflowRunStore}): the conductor
 * snapshot and the operator's own bookkeeping of the child Executions it created. Together with the deterministic
 * child names this is what makes a restart continue exactly where the last write left off.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowRun {

    /** The Workflow this run conducts (for a re-run's check). */
    public String workflow;

    /** The earlier workflow Execution this run re-runs (spec.rerun), if any. */
    public String rerunOf;

    /** {@code WorkflowConductor.snapshot().toJson()} after the last step. */
    public String conductor;

    /** Children created and not yet reported to the conductor, by child Execution name. */
    public Map<String, Child> running = new LinkedHashMap<>();

    /** How many child Executions each (task, route, item) has had: the attempt part of the next child's name. */
    public Map<String, Integer> dispatches = new LinkedHashMap<>();

    /** The results of a with-items task instance so far, by "task/route" (index = item id). */
    public Map<String, List<Object>> itemResults = new LinkedHashMap<>();

    /** When a delayed task instance ("task/route") may start (RFC 3339); set when its delay is first seen. */
    public Map<String, String> delayedUntil = new LinkedHashMap<>();

    /** The summary of each task instance, in the order they started (bounded when written to the status). */
    public List<TaskSummary> tasks = new ArrayList<>();

    /** Which way the spec's pause/cancel flags were last applied, so a flag is applied once. */
    public Boolean pauseApplied;

    public Boolean cancelApplied;

    /** A child Execution of a task instance. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Child {
        public String task;
        public int route;
        public Integer item;
        public int attempt;
        /** The last non-final Orquesta status reported for it (a paused sub-workflow, then running again). */
        public String reported;

        public Child() {}

        Child(String task, int route, Integer item, int attempt) {
            this.task = task;
            this.route = route;
            this.item = item;
            this.attempt = attempt;
        }
    }

    /** One task instance as the status shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class TaskSummary {
        public String name;
        public int route;
        public String status;
        public String execution;
        public int attempts;
        public Integer items;
        public Integer itemsDone;
        public String startTime;
        public String endTime;
    }

    static String key(String task, int route) {
        return task + "/" + route;
    }

    static String key(String task, int route, Integer item) {
        return item == null ? key(task, route) : key(task, route) + "/" + item;
    }
}
