package io.squall.operator.sensor;

import io.squall.api.v1alpha1.LabelValues;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.Sensor;
import io.squall.api.v1alpha1.SensorType;
import io.squall.api.v1alpha1.WebhookConfig;
import io.squall.api.v1alpha1.WebhookPaths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names and labels of the objects a Sensor runs as. A Sensor's name is a DNS subdomain (up to 253 characters,
 * dots allowed) but a Service name is a DNS label (63, no dots, starts with a letter) and so is a label value, so
 * every object is named {@code <sensor>-sensor} made label-safe: dots become dashes, and a name that would be
 * too long is cut and made unique with a hash of the full name.
 */
public final class SensorNames {

    public static final int MAX_LABEL = 63;
    public static final String COMPONENT_LABEL = Names.LABEL_COMPONENT;
    public static final String COMPONENT = Names.COMPONENT_SENSOR;
    public static final String NAME_LABEL = "app.kubernetes.io/name";
    public static final String NAME = "squall-sensor";
    /** Full Sensor name on the pod template (a label value may be cut): maps a pod back to its Sensor. */
    public static final String ANNOTATION_SENSOR = "squall.io/sensor";
    /** Hash of everything the pod reads only at start (config, NATS credentials): a change rolls the pods. */
    public static final String ANNOTATION_CONFIG_HASH = "squall.io/config-hash";
    /** Selects every object the Sensor reconciler owns; its informers watch only these. */
    public static final String SELECTOR = Names.SENSOR_SELECTOR;
    /** Port of the sensor program: webhook route and /q/health probes. */
    public static final int HTTP_PORT = 8080;

    public static final String CONFIG_KEY = "SQUALL_SENSOR_CONFIG";
    public static final String TRIGGER_TYPES_KEY = "SQUALL_TRIGGER_TYPES";

    private static final String SUFFIX = "-sensor";

    private SensorNames() {}

    /** Deployment, Service, ConfigMap and Ingress of the Sensor. */
    public static String workload(Sensor sensor) {
        return dnsLabel(sensor.getMetadata().getName() + SUFFIX);
    }

    /** The Secret with the NATS credentials of the sensor pods (the operator's). */
    public static String natsSecret(Sensor sensor) {
        return dnsLabel(sensor.getMetadata().getName() + SUFFIX + "-nats");
    }

    /** Labels of every owned object. */
    public static Map<String, String> labels(Sensor sensor) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Names.LABEL_MANAGED_BY, Names.MANAGED_BY);
        labels.put(COMPONENT_LABEL, COMPONENT);
        labels.put(NAME_LABEL, NAME);
        labels.put(Names.LABEL_SENSOR, labelValue(sensor.getMetadata().getName()));
        return labels;
    }

    /** The Deployment's selector (immutable, so it never includes anything that may change). */
    public static Map<String, String> selector(Sensor sensor) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(COMPONENT_LABEL, COMPONENT);
        selector.put(Names.LABEL_SENSOR, labelValue(sensor.getMetadata().getName()));
        return selector;
    }

    /** The URL path a webhook sensor answers, without leading or trailing '/': webhook.path, else the name. */
    public static String webhookPath(Sensor sensor) {
        WebhookConfig webhook = sensor.getSpec() == null ? null : sensor.getSpec().webhook;
        return WebhookPaths.of(
                webhook == null ? null : webhook.path, sensor.getMetadata().getName());
    }

    /** http://&lt;service&gt;.&lt;namespace&gt;.svc:8080/&lt;path&gt; for webhook sensors, else null. */
    public static String url(Sensor sensor) {
        if (sensor.getSpec() == null || sensor.getSpec().type != SensorType.WEBHOOK) {
            return null;
        }
        return "http://" + workload(sensor) + "." + sensor.getMetadata().getNamespace() + ".svc:" + HTTP_PORT + "/"
                + webhookPath(sensor);
    }

    /** A name that is a valid label value as given, else its head plus a hash of it. */
    public static String labelValue(String name) {
        return name.length() <= MAX_LABEL ? name : withHash(name, name);
    }

    /**
     * A DNS-1035 label: dots turned into dashes, starting with a letter, at most 63 characters. A name that had to
     * be changed gets a hash of the original, so that e.g. "a.b" and "a-b" stay distinct.
     */
    static String dnsLabel(String name) {
        String label = name.replace('.', '-');
        if (!Character.isLetter(label.charAt(0))) {
            label = "s-" + label;
        }
        return label.equals(name) && label.length() <= MAX_LABEL ? label : withHash(label, name);
    }

    /** The head of {@code name} (no trailing '-' or '.'), '-', and 10 hex digits of the SHA-256 of {@code original}. */
    private static String withHash(String name, String original) {
        String hash = LabelValues.hash(original);
        String head = LabelValues.trimEnd(name, MAX_LABEL - hash.length() - 1);
        return head.isEmpty() ? "s-" + hash : head + "-" + hash;
    }
}
