package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/** Settings of a `webhook` sensor. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebhookConfig {
    public enum Auth {
        @JsonProperty("token")
        TOKEN,
        @JsonProperty("hmac")
        HMAC,
        @JsonProperty("none")
        NONE
    }

    /** What a request body means. */
    public enum Format {
        /** StackStorm's core.webhook: one trigger of triggerType with payload {headers, headers_lower, body}. */
        @JsonProperty("webhook")
        WEBHOOK,
        /** StackStorm's POST /webhooks/st2: the body {"trigger": "<type>", "payload": {...}} is that trigger. */
        @JsonProperty("st2")
        ST2
    }

    @JsonPropertyDescription("URL path the sensor answers (POST /<path>). Default: the sensor's name.")
    @Pattern("^[A-Za-z0-9._~/-]+$")
    public String path;

    @JsonPropertyDescription(
            "Authentication: token (Authorization: Bearer), hmac (X-Squall-Signature: sha256=<hex> of the body) or none. Default: token. The secret is key `token` or `hmac-key` of secretRef.")
    public Auth auth;

    @JsonPropertyDescription("Largest accepted body in bytes; larger requests get 413. Default: 1048576.")
    @Min(1)
    public Integer maxBodyBytes;

    @JsonPropertyDescription("Trigger type emitted. Default: core.webhook.")
    @Pattern(Names.TRIGGER_TYPE_PATTERN)
    public String triggerType;

    @JsonPropertyDescription(
            "webhook (default): each request is a trigger of triggerType with payload {headers, headers_lower, body}. st2: StackStorm's generic hook, the JSON body {\"trigger\": \"<type>\", \"payload\": {...}} is a trigger of that type with that payload (types limited to spec.triggerTypes when declared).")
    public Format format;

    @JsonPropertyDescription(
            "Form fields (application/x-www-form-urlencoded or multipart/form-data) whose value is JSON text, decoded into the body, e.g. [alert] for New Relic's legacy alert=<json>. A listed field that is not JSON is refused with 400.")
    public List<String> jsonFields;
}
