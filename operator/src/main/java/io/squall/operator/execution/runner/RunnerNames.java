package io.squall.operator.execution.runner;

import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.LabelValues;
import io.squall.api.v1alpha1.Names;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names, labels and annotations of the objects one execution attempt runs with (the Job, its pod and the
 * request Secret). Job names are DNS labels (at most 63 characters, the Job controller puts them in a pod
 * label); label values are at most 63 characters too, so long names are cut and made unique with a hash.
 */
public final class RunnerNames {

    public static final int MAX_LABEL = 63;
    /** Marks runner Jobs and pods (with managed-by=squall); the operator's Job and Pod informers select on it. */
    public static final String COMPONENT_LABEL = Names.LABEL_COMPONENT;

    public static final String RUNNER = Names.COMPONENT_RUNNER;
    public static final String REQUEST = "request";
    public static final String LABEL_ATTEMPT = "squall.io/attempt";
    /** The Execution's full name (a label value may be cut); maps a pod back to its Execution. */
    public static final String ANNOTATION_EXECUTION = "squall.io/execution";
    /** Selects runner Jobs and pods. */
    public static final String RUNNER_SELECTOR = Names.RUNNER_SELECTOR;

    private RunnerNames() {}

    /** {@code <execution>-<attempt>}, the execution part cut (and hashed) so that the whole fits 63 characters. */
    public static String jobName(String execution, int attempt) {
        String suffix = "-" + attempt;
        if (execution.length() + suffix.length() <= MAX_LABEL) {
            return execution + suffix;
        }
        return shorten(execution, MAX_LABEL - suffix.length()) + suffix;
    }

    /** The Secret that carries one attempt's request (and the runner's NATS credentials). */
    public static String requestSecretName(String jobName) {
        return jobName + "-" + REQUEST;
    }

    /** A valid label value for any object name: the name itself, or its head plus a hash when longer than 63. */
    public static String labelValue(String name) {
        return name.length() <= MAX_LABEL ? name : shorten(name, MAX_LABEL);
    }

    /** Labels shared by an attempt's Job, pod and Secret. */
    public static Map<String, String> labels(Execution execution, int attempt, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Names.LABEL_MANAGED_BY, Names.MANAGED_BY);
        labels.put(COMPONENT_LABEL, component);
        labels.put(Names.LABEL_EXECUTION, labelValue(execution.getMetadata().getName()));
        labels.put(LABEL_ATTEMPT, Integer.toString(attempt));
        if (execution.getSpec() != null
                && execution.getSpec().action != null
                && execution.getSpec().action.name != null) {
            labels.put(Names.LABEL_ACTION, labelValue(execution.getSpec().action.name));
        }
        return labels;
    }

    /** The first {@code max - 11} characters (no trailing '-' or '.'), '-', and 10 hex digits of the name's SHA-256. */
    static String shorten(String name, int max) {
        String hash = LabelValues.hash(name);
        String head = LabelValues.trimEnd(name, max - hash.length() - 1);
        return head.isEmpty() ? hash : head + "-" + hash;
    }
}
