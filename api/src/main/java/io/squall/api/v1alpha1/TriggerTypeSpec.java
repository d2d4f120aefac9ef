package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** A trigger type a sensor emits, with the JSON schema of its payload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TriggerTypeSpec {
    @Required
    @Pattern(Names.TRIGGER_TYPE_PATTERN)
    @JsonPropertyDescription("Trigger type name, e.g. newrelic.alert.")
    public String name;

    @JsonPropertyDescription("What the trigger means.")
    public String description;

    @JsonPropertyDescription("JSON schema of the payload.")
    @PreserveUnknownFields
    public Map<String, JsonNode> payloadSchema;
}
