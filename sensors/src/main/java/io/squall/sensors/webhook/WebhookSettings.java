package io.squall.sensors.webhook;

import java.util.regex.Pattern;

import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.WebhookConfig;

/** A webhook sensor's config with the defaults filled in and checked. */
public record WebhookSettings(String path, WebhookConfig.Auth auth, int maxBodyBytes, String triggerType) {
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final String DEFAULT_TRIGGER_TYPE = "core.webhook";
    private static final Pattern PATH = Pattern.compile("^[A-Za-z0-9._~/-]+$");
    private static final Pattern TRIGGER_TYPE = Pattern.compile(Names.TRIGGER_TYPE_PATTERN);

    public static WebhookSettings from(WebhookConfig config, String sensorName) {
        String path = stripSlashes(config.path == null ? sensorName : config.path);
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
            throw new IllegalArgumentException("webhook.triggerType '" + type + "' must match " + Names.TRIGGER_TYPE_PATTERN);
        }
        return new WebhookSettings(path, config.auth == null ? WebhookConfig.Auth.TOKEN : config.auth, maxBodyBytes, type);
    }

    private static String stripSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
