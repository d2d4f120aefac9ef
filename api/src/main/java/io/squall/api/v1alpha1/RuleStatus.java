package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Rule status: validity plus enforcement counters (written in batches, not per trigger). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RuleStatus extends SquallStatus {
    @JsonPropertyDescription("Triggers that matched the rule.")
    public Long matched;

    @JsonPropertyDescription("Executions created for matches.")
    public Long enforced;

    @JsonPropertyDescription("Matches whose enforcement failed (e.g. missing action, template error).")
    public Long failed;

    @JsonPropertyDescription("When a trigger last matched (RFC 3339).")
    public String lastMatchTime;

    @JsonPropertyDescription("The last enforcement error.")
    public String lastError;
}
