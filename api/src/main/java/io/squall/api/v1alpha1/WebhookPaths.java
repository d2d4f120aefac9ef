package io.squall.api.v1alpha1;

/**
 * The URL path a webhook sensor answers, from its {@code webhook.path}: the operator writes it into the Sensor's URL,
 * the sensors program routes it and the local stack prints it, so all three derive it alike. Leading and trailing
 * '/' do not count: {@code /hooks/a/} and {@code hooks/a} are one path.
 */
public final class WebhookPaths {

    private WebhookPaths() {}

    /** {@code configured} without its slashes, or the sensor's name when nothing is configured (null or blank). */
    public static String of(String configured, String sensorName) {
        return withoutSlashes(configured == null || configured.isBlank() ? sensorName : configured);
    }

    /** {@code path} without leading or trailing '/'. */
    public static String withoutSlashes(String path) {
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
