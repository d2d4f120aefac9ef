package io.squall.operator.sensor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.Sensor;
import io.squall.api.v1alpha1.SensorSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sensor's configuration as the sensor program reads it (sensors/README.md): SQUALL_SENSOR_CONFIG, the JSON
 * of the config object of its type ({@code webhook}, {@code poll}, {@code kubernetesEvents}, or the free-form
 * {@code config} of an {@code image} sensor), and SQUALL_TRIGGER_TYPES, the JSON of spec.triggerTypes.
 */
@KubernetesDependent(informer = @Informer(labelSelector = SensorNames.SELECTOR))
public class SensorConfigMapDependentResource extends CRUDKubernetesDependentResource<ConfigMap, Sensor> {

    public SensorConfigMapDependentResource() {
        super(ConfigMap.class);
    }

    @Override
    protected ConfigMap desired(Sensor sensor, Context<Sensor> context) {
        return desired(sensor);
    }

    static ConfigMap desired(Sensor sensor) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(SensorNames.workload(sensor))
                .withNamespace(sensor.getMetadata().getNamespace())
                .withLabels(SensorNames.labels(sensor))
                .endMetadata()
                .withData(data(sensor.getSpec()))
                .build();
    }

    /** The ConfigMap's data: one entry per environment variable. */
    static Map<String, String> data(SensorSpec spec) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(SensorNames.CONFIG_KEY, json(typeConfig(spec)));
        data.put(SensorNames.TRIGGER_TYPES_KEY, json(spec.triggerTypes == null ? List.of() : spec.triggerTypes));
        return data;
    }

    /** The config object of the sensor's type; {} when the Sensor gives none. */
    static JsonNode typeConfig(SensorSpec spec) {
        Object config = switch (spec.type) {
            case WEBHOOK -> spec.webhook;
            case POLL -> spec.poll;
            case KUBERNETES_EVENTS -> spec.kubernetesEvents;
            case IMAGE -> spec.config;
        };
        return config == null
                ? JsonNodeFactory.instance.objectNode()
                : Json.mapper().valueToTree(config);
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write sensor configuration as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
