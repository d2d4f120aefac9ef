package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/** Settings of a `kubernetes-events` sensor. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KubernetesEventsConfig {
    @JsonPropertyDescription("Namespaces watched; empty means the sensor's own namespace.")
    public List<String> namespaces;

    @JsonPropertyDescription("Field selector on Events, e.g. `involvedObject.kind=Pod`.")
    public String fieldSelector;

    @JsonPropertyDescription("Label selector on Events.")
    public String labelSelector;

    @JsonPropertyDescription("Only Events with one of these reasons, e.g. BackOff, NodeNotReady. Empty: all.")
    public List<String> reasons;

    @JsonPropertyDescription("Only Events of this type (Normal or Warning). Empty: both.")
    @Pattern("^(Normal|Warning)$")
    public String eventType;

    @JsonPropertyDescription("Trigger type emitted. Default: core.kubernetes.event.")
    @Pattern(Names.TRIGGER_TYPE_PATTERN)
    public String triggerType;
}
