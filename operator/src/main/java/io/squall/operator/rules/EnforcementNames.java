package io.squall.operator.rules;

import io.squall.api.v1alpha1.LabelValues;
import io.squall.api.v1alpha1.Names;

/**
 * Names the rules engine gives what it creates. The Execution name is derived from (namespace, rule, trigger id),
 * so a redelivered trigger finds the Execution of its first delivery (409 AlreadyExists) instead of creating a
 * second one. The Secret with the clear values of secret parameters is {@link Names#secretParametersName}.
 */
public final class EnforcementNames {

    /** A DNS-1123 label (Job names and label values derived from the Execution stay within it). */
    static final int MAX_NAME = 63;

    static final int HASH_LENGTH = LabelValues.HASH_LENGTH;

    private EnforcementNames() {}

    /** {@code <rule, dots as dashes, trimmed>-<first 10 hex of sha256(namespace/rule/triggerId)>}, at most 63 chars. */
    public static String executionName(String namespace, String rule, String triggerId) {
        String hash = hash(namespace + "/" + rule + "/" + triggerId);
        String prefix = LabelValues.trimEnd(rule.toLowerCase().replace('.', '-'), MAX_NAME - HASH_LENGTH - 1);
        return (prefix.isEmpty() ? "rule" : prefix) + "-" + hash;
    }

    /** The Kubernetes Event recording an enforcement failure of one rule for one trigger. */
    public static String eventName(String namespace, String rule, String triggerId) {
        return rule + "." + hash("event/" + namespace + "/" + rule + "/" + triggerId);
    }

    /** A valid label value for any value (shared with the command line, which selects by it): {@link LabelValues#of}. */
    public static String labelValue(String value) {
        return LabelValues.of(value);
    }

    static String hash(String value) {
        return LabelValues.hash(value);
    }
}
