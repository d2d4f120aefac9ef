package io.squall.sensors.kubernetes;

import io.squall.api.v1alpha1.KubernetesEventsConfig;
import io.squall.api.v1alpha1.Names;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A kubernetes-events sensor's config with defaults filled in. The field selector is split into
 * equality and inequality requirements (the Fabric8 DSL takes them one by one).
 */
public record EventsSettings(
        List<String> namespaces,
        Map<String, String> fieldsEqual,
        Map<String, String> fieldsNotEqual,
        String labelSelector,
        List<String> reasons,
        String eventType,
        String triggerType) {
    public static final String DEFAULT_TRIGGER_TYPE = "core.kubernetes.event";
    /** In namespaces: watch every namespace (needs cluster-wide RBAC). */
    public static final String ALL_NAMESPACES = "*";

    private static final Pattern TRIGGER_TYPE = Pattern.compile(Names.TRIGGER_TYPE_PATTERN);

    public static EventsSettings from(KubernetesEventsConfig config, String ownNamespace) {
        List<String> namespaces = config.namespaces == null || config.namespaces.isEmpty()
                ? List.of(ownNamespace)
                : List.copyOf(config.namespaces);
        if (namespaces.contains(ALL_NAMESPACES) && namespaces.size() > 1) {
            throw new IllegalArgumentException(
                    "kubernetesEvents.namespaces: '*' (all namespaces) cannot be combined with names");
        }
        Map<String, String> equal = new LinkedHashMap<>();
        Map<String, String> notEqual = new LinkedHashMap<>();
        if (config.fieldSelector != null && !config.fieldSelector.isBlank()) {
            for (String requirement : config.fieldSelector.split(",")) {
                parseRequirement(requirement.trim(), equal, notEqual);
            }
        }
        if (config.eventType != null && !config.eventType.equals("Normal") && !config.eventType.equals("Warning")) {
            throw new IllegalArgumentException(
                    "kubernetesEvents.eventType must be Normal or Warning, got '" + config.eventType + "'");
        }
        String type = config.triggerType == null ? DEFAULT_TRIGGER_TYPE : config.triggerType;
        if (!TRIGGER_TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException(
                    "kubernetesEvents.triggerType '" + type + "' must match " + Names.TRIGGER_TYPE_PATTERN);
        }
        return new EventsSettings(
                namespaces,
                Map.copyOf(equal),
                Map.copyOf(notEqual),
                config.labelSelector == null || config.labelSelector.isBlank() ? null : config.labelSelector,
                config.reasons == null ? List.of() : List.copyOf(config.reasons),
                config.eventType,
                type);
    }

    private static void parseRequirement(String requirement, Map<String, String> equal, Map<String, String> notEqual) {
        int notEq = requirement.indexOf("!=");
        int eqEq = requirement.indexOf("==");
        int eq = requirement.indexOf('=');
        if (notEq > 0) {
            notEqual.put(
                    requirement.substring(0, notEq).trim(),
                    requirement.substring(notEq + 2).trim());
        } else if (eqEq > 0) {
            equal.put(
                    requirement.substring(0, eqEq).trim(),
                    requirement.substring(eqEq + 2).trim());
        } else if (eq > 0) {
            equal.put(
                    requirement.substring(0, eq).trim(),
                    requirement.substring(eq + 1).trim());
        } else {
            throw new IllegalArgumentException("kubernetesEvents.fieldSelector: '" + requirement
                    + "' is not field=value, field==value or field!=value");
        }
    }
}
