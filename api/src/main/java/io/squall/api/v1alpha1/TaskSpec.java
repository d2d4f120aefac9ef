package io.squall.api.v1alpha1;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.IntOrString;

/** One Orquesta task. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskSpec {
    @JsonPropertyDescription("Action or Workflow to run (name in the same namespace). Without it the task is a no-op used for routing.")
    @Pattern(Names.NAME_PATTERN)
    public String action;

    @JsonPropertyDescription("Input for the action; values may be expressions such as `{{ ctx(x) }}`.")
    @PreserveUnknownFields
    public Map<String, JsonNode> input;

    @JsonPropertyDescription("Transitions evaluated when the task completes.")
    public List<TransitionSpec> next;

    @JsonPropertyDescription("Join inbound branches: `all` or the number of branches to wait for.")
    public IntOrString join;

    @JsonPropertyDescription("Run the task once per item.")
    public WithItemsSpec with;

    @JsonPropertyDescription("Retry the task.")
    public TaskRetrySpec retry;

    @JsonPropertyDescription("Seconds to wait before the task starts.")
    @Min(0)
    public Integer delay;
}
