package io.squall.sensors.webhook;

import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.WebhookConfig;
import io.squall.api.v1alpha1.WebhookPaths;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A webhook sensor's config with the defaults filled in and checked.
 *
 * @param jsonFields form fields whose value is JSON text (decoded into the body)
 * @param st2TriggerTypes for format st2, the trigger types a body may name (empty: any)
 */
public record WebhookSettings(
        String path,
        WebhookConfig.Auth auth,
        int maxBodyBytes,
        String triggerType,
        WebhookConfig.Format format,
        List<String> jsonFields,
        List<String> st2TriggerTypes) {
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final String DEFAULT_TRIGGER_TYPE = "core.webhook";
    private static final Pattern PATH = Pattern.compile("^[A-Za-z0-9._~/-]+$");
    private static final Pattern TRIGGER_TYPE = Pattern.compile(Names.TRIGGER_TYPE_PATTERN);

    public WebhookSettings {
        jsonFields = List.copyOf(jsonFields);
        st2TriggerTypes = List.copyOf(st2TriggerTypes);
    }

    public static WebhookSettings from(WebhookConfig config, String sensorName) {
        return from(config, sensorName, List.of());
    }

    /** @param declaredTriggerTypes the Sensor's spec.triggerTypes: what a format st2 body may name (empty: any) */
    public static WebhookSettings from(WebhookConfig config, String sensorName, List<String> declaredTriggerTypes) {
        // a blank path is refused below, not defaulted: the Sensor asked for one
        String path = WebhookPaths.withoutSlashes(config.path == null ? sensorName : config.path);
        if (path.isEmpty() || !PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("webhook.path '" + config.path + "' must match " + PATH.pattern());
        }
        if (path.equals("q") || path.startsWith("q/")) {
            throw new IllegalArgumentException("webhook.path '" + path + "' is reserved (q/ serves the health probes)");
        }
        int maxBodyBytes = config.maxBodyBytes == null ? DEFAULT_MAX_BODY_BYTES : config.maxBodyBytes;
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("webhook.maxBodyBytes must be at least 1, got " + maxBodyBytes);
        }
        String type = config.triggerType == null ? DEFAULT_TRIGGER_TYPE : config.triggerType;
        if (!TRIGGER_TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException(
                    "webhook.triggerType '" + type + "' must match " + Names.TRIGGER_TYPE_PATTERN);
        }
        WebhookConfig.Format format = config.format == null ? WebhookConfig.Format.WEBHOOK : config.format;
        if (format == WebhookConfig.Format.ST2 && config.triggerType != null) {
            throw new IllegalArgumentException("webhook.triggerType is not used with format st2 (each body names its "
                    + "trigger); limit the types with spec.triggerTypes instead");
        }
        List<String> jsonFields = config.jsonFields == null ? List.of() : config.jsonFields;
        for (int i = 0; i < jsonFields.size(); i++) {
            if (jsonFields.get(i) == null || jsonFields.get(i).isEmpty()) {
                throw new IllegalArgumentException(
                        "webhook.jsonFields[" + i + "] must be a field name, got '" + jsonFields.get(i) + "'");
            }
        }
        return new WebhookSettings(
                path,
                config.auth == null ? WebhookConfig.Auth.TOKEN : config.auth,
                maxBodyBytes,
                type,
                format,
                jsonFields,
                declaredTriggerTypes);
    }
}
