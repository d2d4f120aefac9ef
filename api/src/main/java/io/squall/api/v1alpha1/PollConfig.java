package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;
import java.util.Map;

/** Settings of a `poll` sensor. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PollConfig {
    @JsonPropertyDescription("URL fetched with GET every interval (JSON array, or object with `itemsPath`).")
    public String url;

    @JsonPropertyDescription("Command run instead of a URL; its stdout is the JSON document.")
    public List<String> command;

    @JsonPropertyDescription("Request headers for `url`.")
    public Map<String, String> headers;

    @JsonPropertyDescription("Seconds between polls. Default: 60.")
    @Min(1)
    public Integer intervalSeconds;

    @JsonPropertyDescription("Dotted path to the item list inside the document; default: the document itself.")
    public String itemsPath;

    @JsonPropertyDescription("Dotted path of the field that identifies an item (dedupe key). Default: id.")
    public String key;

    @JsonPropertyDescription("Trigger type emitted. Default: core.poll.")
    @Pattern(Names.TRIGGER_TYPE_PATTERN)
    public String triggerType;
}
