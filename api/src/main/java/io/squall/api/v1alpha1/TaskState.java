package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The state of one workflow task. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskState {
    @JsonPropertyDescription("Task name.")
    public String name;

    @JsonPropertyDescription("The route of the task instance (0 unless a split runs the task on several routes).")
    public Integer route;

    @JsonPropertyDescription("Task phase.")
    public ExecutionPhase phase;

    @JsonPropertyDescription("The child Execution running the task (the latest one for retries and items).")
    public String execution;

    @JsonPropertyDescription("Retries used.")
    public Integer retries;

    @JsonPropertyDescription("Child Executions created for the task instance (items x attempts).")
    public Integer attempts;

    @JsonPropertyDescription("For a with-items task: the number of items.")
    public Integer items;

    @JsonPropertyDescription("For a with-items task: the items finished.")
    public Integer itemsDone;

    @JsonPropertyDescription("Start time (RFC 3339).")
    public String startTime;

    @JsonPropertyDescription("End time (RFC 3339).")
    public String endTime;
}
