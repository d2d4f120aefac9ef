package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/** One action parameter, StackStorm's JSON-schema-like parameter metadata. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ParameterSpec {
    @JsonPropertyDescription(
            "JSON type of the value; rendered values are cast to it. Without it the value is passed as given (StackStorm).")
    public ParameterType type;

    @JsonPropertyDescription("Value used when the caller gives none; must match `type`.")
    @PreserveUnknownFields
    @JsonProperty("default")
    public JsonNode defaultValue;

    @JsonPropertyDescription("The caller must give a value (or a default must exist).")
    public Boolean required;

    @JsonPropertyDescription("The value is masked as ******** wherever it is shown (status, events, logs).")
    public Boolean secret;

    @JsonPropertyDescription(
            "Where the value comes from when the caller gives none: secretKeyRef, a key of a Kubernetes Secret in the Execution's namespace (e.g. a chat webhook URL). Such a value is secret (masked) and data (never rendered).")
    public ParameterSource valueFrom;

    @JsonPropertyDescription("Callers may not override the default.")
    public Boolean immutable;

    @JsonPropertyDescription("The allowed values.")
    @JsonProperty("enum")
    public List<JsonNode> enumValues;

    @JsonPropertyDescription("For the script runner: the parameter is passed as the Nth positional argument (0-based).")
    @Min(0)
    public Integer position;

    @JsonPropertyDescription("What the parameter means.")
    public String description;
}
