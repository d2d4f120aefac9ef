package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Workflow status: validity conditions and task count. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowStatus extends SquallStatus {
    @JsonPropertyDescription("Number of tasks in the workflow.")
    public Integer taskCount;

    @JsonPropertyDescription("Names of the start tasks.")
    public java.util.List<String> startTasks;
}
