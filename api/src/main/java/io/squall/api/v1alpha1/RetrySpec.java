package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/**
 * StackStorm's action.retry policy: run a new attempt when the last one ended in one of {@code retryOn}. The field is
 * StackStorm's {@code retry_on}, named {@code retryOn} and never {@code on}: YAML 1.1 readers (kubectl) read a bare
 * {@code on} as the boolean true.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetrySpec {
    public enum On {
        @JsonProperty("failed")
        FAILED,
        @JsonProperty("timedout")
        TIMEDOUT
    }

    @JsonPropertyDescription("How many more attempts after the first. Default: 0.")
    @Min(0)
    @Max(100)
    public Integer count;

    @JsonPropertyDescription("Seconds to wait before the next attempt. Default: 0.")
    @Min(0)
    public Integer delay;

    @JsonPropertyDescription("Which outcomes are retried (StackStorm's retry_on). Default: [failed, timedout].")
    public List<On> retryOn;
}
