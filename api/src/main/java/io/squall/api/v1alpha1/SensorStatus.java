package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Sensor status: the Deployment's readiness. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SensorStatus extends SquallStatus {
    @JsonPropertyDescription("Desired pod replicas.")
    public Integer replicas;

    @JsonPropertyDescription("Ready pod replicas.")
    public Integer readyReplicas;

    @JsonPropertyDescription("Ready/desired, e.g. 1/1.")
    public String ready;

    @JsonPropertyDescription("For webhook sensors: the in-cluster URL to POST to.")
    public String url;
}
