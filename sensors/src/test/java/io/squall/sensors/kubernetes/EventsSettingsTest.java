package io.squall.sensors.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.api.v1alpha1.KubernetesEventsConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The field selector is handed to the API server as parsed requirements; the rest is checked here. */
class EventsSettingsTest {

    @Test
    void fieldSelectorRequirementsAreSplitIntoEqualAndNotEqual() {
        var config = new KubernetesEventsConfig();
        config.fieldSelector = "involvedObject.kind=Pod, reason==BackOff,metadata.name!=web-1.g";

        var settings = EventsSettings.from(config, "apps");

        assertThat(settings.namespaces()).containsExactly("apps");
        assertThat(settings.fieldsEqual()).isEqualTo(Map.of("involvedObject.kind", "Pod", "reason", "BackOff"));
        assertThat(settings.fieldsNotEqual()).isEqualTo(Map.of("metadata.name", "web-1.g"));
        assertThat(settings.triggerType()).isEqualTo(EventsSettings.DEFAULT_TRIGGER_TYPE);
    }

    @Test
    void badSettingsNameTheField() {
        var selector = new KubernetesEventsConfig();
        selector.fieldSelector = "involvedObject.kind";
        assertThatThrownBy(() -> EventsSettings.from(selector, "apps"))
                .hasMessageContaining("kubernetesEvents.fieldSelector");

        var namespaces = new KubernetesEventsConfig();
        namespaces.namespaces = List.of("*", "apps");
        assertThatThrownBy(() -> EventsSettings.from(namespaces, "apps"))
                .hasMessageContaining("kubernetesEvents.namespaces");
    }
}
