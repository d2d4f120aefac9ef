package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What every Squall status carries: the generation it describes and Kubernetes-style conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class SquallStatus {
    @JsonPropertyDescription("The metadata.generation this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Kubernetes-style conditions; `Ready` says whether the resource is valid and usable.")
    public List<Condition> conditions = new ArrayList<>();
}
