package io.squall.api.v1alpha1;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Required;

/** One run of an action or workflow (`st2 run`). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExecutionSpec {
    @Required
    @JsonPropertyDescription("What to run.")
    public ExecutionTarget action;

    @JsonPropertyDescription("Parameters, already rendered; merged over the action's defaults. Secret values are kept in the request Secret, not here.")
    @PreserveUnknownFields
    public Map<String, JsonNode> parameters;

    @JsonPropertyDescription("What caused the execution.")
    public ExecutionContext context;

    @JsonPropertyDescription("Set to true to cancel: the Job is stopped and the execution ends Canceled.")
    public Boolean cancel;

    @JsonPropertyDescription("Workflows: set to true to pause (running tasks finish, nothing new starts), back to false to resume.")
    public Boolean pause;
}
