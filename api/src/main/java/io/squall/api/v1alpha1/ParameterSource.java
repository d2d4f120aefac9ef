package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/** Where a parameter's value comes from when the caller gives none (as a container env var's valueFrom). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ParameterSource {
    @JsonPropertyDescription(
            "A key of a Secret in the Execution's namespace; optional: true gives no value when the Secret or key is missing (the parameter's default then applies).")
    public SecretKeySelector secretKeyRef;
}
