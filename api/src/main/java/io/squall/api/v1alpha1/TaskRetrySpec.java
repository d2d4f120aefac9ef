package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.IntOrString;

/** Orquesta task retry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskRetrySpec {
    @JsonPropertyDescription(
            "Retry only when this holds, e.g. `{{ failed() }}`; default: the task failed, timed out or was abandoned.")
    public String when;

    @Required
    @JsonPropertyDescription("Maximum number of retries: a number or an expression.")
    public IntOrString count;

    @JsonPropertyDescription("Seconds between retries: a number or an expression.")
    public IntOrString delay;
}
