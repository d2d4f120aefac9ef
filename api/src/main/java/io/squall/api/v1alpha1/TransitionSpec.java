package io.squall.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

/** One Orquesta task transition (`next` entry). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TransitionSpec {
    @JsonPropertyDescription("Condition, e.g. `{{ succeeded() }}`; without it the transition is always taken.")
    public String when;

    @JsonPropertyDescription("Variables published to the workflow context: a list of single-key maps (or `name=value` strings).")
    @PreserveUnknownFields
    public List<JsonNode> publish;

    @JsonPropertyDescription("Tasks to run next, or an engine command: continue, fail, noop, retry.")
    @JsonProperty("do")
    public List<String> doTasks;
}
