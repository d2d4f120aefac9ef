package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** Orquesta `with`: run the task once per item. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WithItemsSpec {
    @Required
    @JsonPropertyDescription("The items expression, e.g. `x in {{ ctx(xs) }}`.")
    public String items;

    @JsonPropertyDescription("How many items run at once. Default: all.")
    @Min(1)
    public Integer concurrency;
}
