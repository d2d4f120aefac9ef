package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** One run of an action or workflow (`st2 run`). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExecutionSpec {
    @Required
    @JsonPropertyDescription("What to run.")
    public ExecutionTarget action;

    @JsonPropertyDescription("Parameters, merged over the action's defaults, cast to the declared types and checked. "
            + "Created by hand (no context.rule or context.parentExecution, literalParameters unset), Jinja in the values "
            + "is rendered once before the run, like st2 run ({{ other_param }}, {{ kv.system.key }}); values made by "
            + "a Rule or a Workflow are data and never rendered. Secret values are kept in the Secret "
            + "<execution>-params, not here.")
    @PreserveUnknownFields
    public Map<String, JsonNode> parameters;

    @JsonPropertyDescription("True: spec.parameters are data, never rendered as templates (text holding {{ or {% "
            + "reaches the action as it is). The rules engine sets it on the Executions it creates; set it when a "
            + "program creates Executions from data it did not write. Unset on an Execution created by hand: its "
            + "values are templates, as in st2 run.")
    public Boolean literalParameters;

    @JsonPropertyDescription("What caused the execution.")
    public ExecutionContext context;

    @JsonPropertyDescription("Set to true to cancel: the Job is stopped and the execution ends Canceled.")
    public Boolean cancel;

    @JsonPropertyDescription(
            "Workflows: set to true to pause (running tasks finish, nothing new starts), back to false to resume.")
    public Boolean pause;

    @JsonPropertyDescription("Workflows: start as a re-run of an earlier workflow Execution from the named tasks, "
            + "reusing its completed results (st2 execution re-run --tasks). The earlier Execution must be finished "
            + "and its state still kept.")
    public RerunSpec rerun;

    @JsonPropertyDescription("Inquiries (core-ask): the response, checked against the inquiry's schema; a valid one "
            + "becomes the result and resumes the workflow that asked, an invalid one is refused with the schema's "
            + "message and the inquiry stays Pending.")
    @PreserveUnknownFields
    public JsonNode response;
}
