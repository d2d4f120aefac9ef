package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * The kv runner's operation (StackStorm's st2.kv.* actions). Its parameters come from the Action's parameters:
 * {@code key}, {@code value}, {@code ttl}, {@code secret}, {@code scope}, {@code expect_revision}, {@code prefix},
 * {@code delta}; packs/core declares them for core-kv-set, -get, -delete, -list and -incr.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KvActionSpec {
    public enum Operation {
        @JsonProperty("set")
        SET,
        @JsonProperty("get")
        GET,
        @JsonProperty("delete")
        DELETE,
        @JsonProperty("list")
        LIST,
        @JsonProperty("incr")
        INCR
    }

    @Required
    @JsonPropertyDescription(
            "set (key, value, ttl, secret, expect_revision), get (key), delete (key, expect_revision), list (prefix) or incr (key, delta, ttl); each takes scope: system (default) or user.")
    public Operation operation;
}
