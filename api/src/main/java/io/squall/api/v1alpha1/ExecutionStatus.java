package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import java.util.List;

/** Execution status; written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExecutionStatus extends SquallStatus {
    @JsonPropertyDescription("Requested, Scheduled, Running, Succeeded, Failed, TimedOut, Canceled, ...")
    public ExecutionPhase phase;

    @JsonPropertyDescription("When the first attempt started (RFC 3339).")
    public String startTime;

    @JsonPropertyDescription("When the execution finished (RFC 3339).")
    public String endTime;

    @JsonPropertyDescription("Run time, e.g. 1.2s.")
    public String duration;

    @JsonPropertyDescription("Attempts made (retries + 1).")
    public Integer attempts;

    @JsonPropertyDescription("The Job of the current attempt.")
    public String jobName;

    @JsonPropertyDescription("The result, in the runner's shape; truncated when larger than the bound.")
    @PreserveUnknownFields
    public JsonNode result;

    @JsonPropertyDescription("True when `result` was truncated; the whole result is at resultRef.")
    public Boolean resultTruncated;

    @JsonPropertyDescription("Where the whole result is kept (JetStream object store bucket/key).")
    public String resultRef;

    @JsonPropertyDescription(
            "Why the execution failed, e.g. a template error naming the template and variable, or OOMKilled.")
    public String error;

    @JsonPropertyDescription(
            "For workflows: the state of each task instance (bounded: the latest ones when there are many).")
    public List<TaskState> tasks;

    @JsonPropertyDescription("For workflows: task instances finished / tasks in the workflow, e.g. 4/7.")
    public String progress;

    @JsonPropertyDescription(
            "For workflows: Orquesta's errors (task, message, field), the first ones when there are many.")
    public List<WorkflowError> errors;
}
