package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** Orquesta task retry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskRetrySpec {
    @JsonPropertyDescription("Retry only when this holds, e.g. `{{ failed() }}`.")
    public String when;

    @Required
    @Min(1)
    @JsonPropertyDescription("Maximum number of retries.")
    public Integer count;

    @Min(0)
    @JsonPropertyDescription("Seconds between retries.")
    public Integer delay;
}
