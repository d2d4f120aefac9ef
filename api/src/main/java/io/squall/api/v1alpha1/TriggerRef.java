package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** The trigger a rule listens to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TriggerRef {
    @Required
    @Pattern(Names.TRIGGER_TYPE_PATTERN)
    @JsonPropertyDescription(
            "Trigger type, e.g. core.webhook, core.timer.interval, core.action.completed, newrelic.alert.")
    public String type;

    @JsonPropertyDescription(
            "Trigger parameters, e.g. {unit: seconds, delta: 30} for core.timer.interval or {path: hello} for core.webhook.")
    @PreserveUnknownFields
    public Map<String, JsonNode> parameters;
}
