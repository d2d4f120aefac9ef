package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The state of one workflow task. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskState {
    @JsonPropertyDescription("Task name.")
    public String name;

    @JsonPropertyDescription("Task phase.")
    public ExecutionPhase phase;

    @JsonPropertyDescription("The child Execution running the task (the latest one for retries and items).")
    public String execution;

    @JsonPropertyDescription("Retries used.")
    public Integer retries;

    @JsonPropertyDescription("Start time (RFC 3339).")
    public String startTime;

    @JsonPropertyDescription("End time (RFC 3339).")
    public String endTime;
}
