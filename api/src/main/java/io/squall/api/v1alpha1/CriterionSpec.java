package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Required;

/** One criterion: `trigger.body.x: {type: equals, pattern: ...}`. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CriterionSpec {
    public enum SearchCondition {
        any,
        all,
        all2any,
        any2any
    }

    @Required
    @JsonPropertyDescription("The StackStorm operator, e.g. equals, contains, matchregex, search.")
    public CriterionOperator type;

    @JsonPropertyDescription(
            "What the value is compared with; may be a Jinja template (`{{ trigger.x }}`). For `search`: nested criteria on `item.` keys.")
    @PreserveUnknownFields
    public JsonNode pattern;

    @JsonPropertyDescription("For `search` only: any, all, all2any or any2any.")
    public SearchCondition condition;
}
