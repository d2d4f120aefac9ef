package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** The Action or Workflow an execution runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExecutionTarget {
    @JsonPropertyDescription("Action or Workflow. Default: Action.")
    public ActionKind kind;

    @Required
    @Pattern(Names.NAME_PATTERN)
    @JsonPropertyDescription("Name of the Action or Workflow in the execution's namespace.")
    public String name;
}
