package io.squall.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.SquallStatus;
import io.squall.operator.validation.Reasons;
import io.squall.operator.validation.Validation;
import java.time.Instant;
import java.util.List;

/**
 * Maintains the Kubernetes-style {@code Ready} condition and observedGeneration of a status (Keycloak's
 * status aggregator idea), with the condition upsert of {@link StatusConditions}.
 */
public final class ReadyCondition {

    public static final String TRUE = StatusConditions.TRUE;
    public static final String FALSE = StatusConditions.FALSE;
    /**
     * Never an empty message: server-side apply sends YAML, where Fabric8 writes "" as a bare key that the
     * API server reads as null and rejects against the string schema (seen on a real kube-apiserver).
     */
    public static final String VALID_MESSAGE = "spec is valid";

    private ReadyCondition() {}

    /** Sets observedGeneration and the Ready condition from a validation; other conditions are kept. */
    public static void apply(SquallStatus status, Long generation, Validation validation, Instant now) {
        apply(
                status,
                generation,
                validation.isValid(),
                validation.isValid() ? Reasons.VALID : validation.reason(),
                validation.isValid() ? VALID_MESSAGE : validation.message(),
                now);
    }

    /** Sets observedGeneration and the Ready condition to a state observed at run time (e.g. a workload's). */
    public static void apply(
            SquallStatus status, Long generation, boolean isReady, String reason, String message, Instant now) {
        status.conditions = StatusConditions.set(
                status.conditions, Names.CONDITION_READY, isReady, reason, message, generation, now);
        status.observedGeneration = generation;
    }

    public static Condition find(List<Condition> conditions) {
        return StatusConditions.find(conditions, Names.CONDITION_READY).orElse(null);
    }
}
