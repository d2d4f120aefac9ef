package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;

/** A source of triggers, run as a Deployment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SensorSpec {
    @Required
    @JsonPropertyDescription("webhook, poll, kubernetes-events, or image (a custom sensor image).")
    public SensorType type;

    @JsonPropertyDescription("What the sensor watches.")
    public String description;

    @JsonPropertyDescription("Container image; required for type image, default the chart's sensor image otherwise.")
    public String image;

    @JsonPropertyDescription("webhook settings.")
    public WebhookConfig webhook;

    @JsonPropertyDescription("poll settings.")
    public PollConfig poll;

    @JsonPropertyDescription("kubernetes-events settings.")
    public KubernetesEventsConfig kubernetesEvents;

    @JsonPropertyDescription("Free-form configuration passed to a custom sensor (as SQUALL_SENSOR_CONFIG JSON).")
    @PreserveUnknownFields
    public Map<String, JsonNode> config;

    @JsonPropertyDescription("Secret (same namespace) holding the sensor's credentials, e.g. the webhook token.")
    @Pattern(Names.NAME_PATTERN)
    public String secretRef;

    @JsonPropertyDescription(
            "Pod replicas. poll and kubernetes-events sensors elect a leader, so only one emits. Default: 1.")
    @Min(0)
    @Max(20)
    public Integer replicas;

    @JsonPropertyDescription("Trigger types the sensor emits.")
    public List<TriggerTypeSpec> triggerTypes;

    @JsonPropertyDescription("Compute resources of the sensor container.")
    public ResourceRequirements resources;
}
