package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One error of a workflow, as Orquesta logs it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowError {
    @JsonPropertyDescription("Orquesta's error type, e.g. error or YaqlEvaluationException.")
    public String type;

    @JsonPropertyDescription("The task the error is about, if any.")
    public String task;

    @JsonPropertyDescription("The route of that task instance.")
    public Integer route;

    @JsonPropertyDescription("The message.")
    public String message;

    @JsonPropertyDescription("The workflow spec field the error is in, e.g. tasks.record.input.")
    public String field;
}
