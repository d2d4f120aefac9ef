package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** StackStorm's action.concurrency(.attr) policy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConcurrencySpec {
    public enum Policy {
        @JsonProperty("delay")
        DELAY,
        @JsonProperty("cancel")
        CANCEL
    }

    @Required
    @JsonPropertyDescription("At most this many executions of the action run at once.")
    @Min(1)
    public Integer limit;

    @JsonPropertyDescription("What happens to an execution over the limit: delay (wait) or cancel. Default: delay.")
    public Policy policy;

    @JsonPropertyDescription(
            "Count the limit per distinct value of these parameters (StackStorm action.concurrency.attr).")
    public List<String> attributes;
}
