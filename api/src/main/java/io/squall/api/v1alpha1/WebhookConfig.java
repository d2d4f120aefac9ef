package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Settings of a `webhook` sensor. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebhookConfig {
    public enum Auth {
        @JsonProperty("token") TOKEN,
        @JsonProperty("hmac") HMAC,
        @JsonProperty("none") NONE
    }

    @JsonPropertyDescription("URL path the sensor answers (POST /<path>). Default: the sensor's name.")
    @Pattern("^[A-Za-z0-9._~/-]+$")
    public String path;

    @JsonPropertyDescription("Authentication: token (Authorization: Bearer), hmac (X-Squall-Signature: sha256=<hex> of the body) or none. Default: token. The secret is key `token` or `hmac-key` of secretRef.")
    public Auth auth;

    @JsonPropertyDescription("Largest accepted body in bytes; larger requests get 413. Default: 1048576.")
    @Min(1)
    public Integer maxBodyBytes;

    @JsonPropertyDescription("Trigger type emitted. Default: core.webhook.")
    @Pattern(Names.TRIGGER_TYPE_PATTERN)
    public String triggerType;
}
