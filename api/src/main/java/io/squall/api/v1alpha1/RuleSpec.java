package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import java.util.LinkedHashMap;
import java.util.Map;

/** A StackStorm rule: trigger, criteria, action. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RuleSpec {
    public enum Type {
        @JsonProperty("standard")
        STANDARD,
        @JsonProperty("backstop")
        BACKSTOP
    }

    @JsonPropertyDescription("What the rule is for.")
    public String description;

    @JsonPropertyDescription("A disabled rule matches nothing. Default: true.")
    @Default("true")
    public Boolean enabled;

    @JsonPropertyDescription(
            "standard, or backstop (matches only when no standard rule matched the trigger). Default: standard.")
    public Type type;

    @Required
    @JsonPropertyDescription("The trigger the rule listens to.")
    public TriggerRef trigger;

    @JsonPropertyDescription(
            "All must hold. Keys are paths into the trigger (`trigger.body.x`, `trigger['a.b']`); a `#tag` suffix lets one key be tested twice.")
    public Map<String, CriterionSpec> criteria = new LinkedHashMap<>();

    @Required
    @JsonPropertyDescription("What runs when the rule matches.")
    public ActionRef action;
}
