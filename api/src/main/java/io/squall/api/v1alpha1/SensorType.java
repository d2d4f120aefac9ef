package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Built-in sensor kinds, or `image` for a custom sensor. */
public enum SensorType {
    @JsonProperty("webhook")
    WEBHOOK,
    @JsonProperty("poll")
    POLL,
    @JsonProperty("kubernetes-events")
    KUBERNETES_EVENTS,
    @JsonProperty("image")
    IMAGE
}
