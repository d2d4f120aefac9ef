package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** What a rule runs: an Action or Workflow in the rule's namespace, with templated parameters. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ActionRef {
    @Required
    @Pattern(Names.NAME_PATTERN)
    @JsonPropertyDescription("Name of the Action (or Workflow) to run.")
    public String ref;

    @JsonPropertyDescription("Action or Workflow. Default: Action.")
    public ActionKind kind;

    @JsonPropertyDescription("Parameters; values may be Jinja templates over `trigger` and other parameters.")
    @PreserveUnknownFields
    public Map<String, JsonNode> parameters;
}
