package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/** One Orquesta task, in every form Orquesta accepts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskSpec {
    @JsonPropertyDescription("Action or Workflow to run (name in the same namespace), optionally with inline input "
            + "(`core-echo message=<% ctx().x %>`). Without it the task is a no-op used for routing.")
    public String action;

    @JsonPropertyDescription("Input for the action: a map whose values may be expressions such as `{{ ctx().x }}` or "
            + "`<% ctx().x %>`.")
    @PreserveUnknownFields
    public JsonNode input;

    @JsonPropertyDescription("Transitions evaluated when the task completes.")
    public List<TransitionSpec> next;

    @JsonPropertyDescription("Join inbound branches: `all` or the number of branches to wait for.")
    public IntOrString join;

    @JsonPropertyDescription("Run the task once per item: `x in <% ctx().xs %>` or {items, concurrency}.")
    @PreserveUnknownFields
    public JsonNode with;

    @JsonPropertyDescription("Retry the task: {when, count, delay}; count and delay may be expressions.")
    public TaskRetrySpec retry;

    @JsonPropertyDescription("Seconds to wait before the task starts: a number or an expression.")
    public IntOrString delay;
}
