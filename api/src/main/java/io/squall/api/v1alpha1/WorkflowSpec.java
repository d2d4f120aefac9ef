package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An Orquesta-compatible workflow (native spec v1.0). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowSpec {
    @JsonPropertyDescription("Orquesta's spec version, `1.0` (optional).")
    @PreserveUnknownFields
    public JsonNode version;

    @JsonPropertyDescription("What the workflow does.")
    public String description;

    @JsonPropertyDescription("Inputs: names, or single-key maps of name to default.")
    @PreserveUnknownFields
    public List<JsonNode> input;

    @JsonPropertyDescription("Variables initialised before the first task: single-key maps of name to value.")
    @PreserveUnknownFields
    public List<JsonNode> vars;

    @Required
    @Size(min = 1)
    @JsonPropertyDescription("Tasks by name. Tasks no transition leads to are the start tasks.")
    public Map<String, TaskSpec> tasks = new LinkedHashMap<>();

    @JsonPropertyDescription("Outputs: single-key maps of name to expression.")
    @PreserveUnknownFields
    public List<JsonNode> output;

    @JsonPropertyDescription(
            "Parameters the workflow accepts when invoked like an action (same form as Action parameters).")
    public Map<String, ParameterSpec> parameters;
}
