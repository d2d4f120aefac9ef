package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

/** What caused an execution: a rule and trigger, a parent workflow task, or a person. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExecutionContext {
    @JsonPropertyDescription("The Rule that created the execution.")
    public String rule;

    @JsonPropertyDescription("The trigger instance id that matched.")
    public String triggerId;

    @JsonPropertyDescription("The trigger type that matched.")
    public String triggerType;

    @JsonPropertyDescription("The trigger payload the rule saw (secrets never appear here).")
    @PreserveUnknownFields
    public JsonNode trigger;

    @JsonPropertyDescription("Trace tag shared by everything one event caused.")
    public String traceTag;

    @JsonPropertyDescription("The parent workflow Execution.")
    public String parentExecution;

    @JsonPropertyDescription("The outermost workflow Execution of a task's child (the parent's root, or the parent).")
    public String rootExecution;

    @JsonPropertyDescription("The task of the parent workflow this execution runs.")
    public String parentTask;

    @JsonPropertyDescription("The route of the parent workflow's task instance (Orquesta's task route).")
    public Integer taskRoute;

    @JsonPropertyDescription("For a with-items task: the index of the item this execution runs.")
    public Integer itemId;

    @JsonPropertyDescription("Which run of the task instance (and item) this is: 1, then 2 for its first retry, ...")
    public Integer taskAttempt;

    @JsonPropertyDescription("Who asked for the execution when created by hand.")
    public String user;
}
