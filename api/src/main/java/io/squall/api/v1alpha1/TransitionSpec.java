package io.squall.api.v1alpha1;

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

    @JsonPropertyDescription("Variables published to the workflow context: a list of single-key maps, or an inline "
            + "string `a=<% result() %> b=1`.")
    @PreserveUnknownFields
    public JsonNode publish;

    @JsonPropertyDescription("Tasks to run next, or an engine command (continue, fail, noop, retry): a list, a name, "
            + "or `\"a, b\"`. Default: continue.")
    @JsonProperty("do")
    @PreserveUnknownFields
    public JsonNode doTasks;
}
