package io.squall.operator.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.SquallStatus;
import io.squall.operator.validation.Reasons;
import io.squall.operator.validation.Validation;

/**
 * Maintains the Kubernetes-style {@code Ready} condition and observedGeneration of a status (Keycloak's
 * status aggregator idea): {@code lastTransitionTime} moves only when the condition's status flips, so
 * `kubectl wait` and alerting see real transitions, not every reconcile.
 */
public final class ReadyCondition {

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    /**
     * Never an empty message: server-side apply sends YAML, where Fabric8 writes "" as a bare key that the
     * API server reads as null and rejects against the string schema (seen on a real kube-apiserver).
     */
    public static final String VALID_MESSAGE = "spec is valid";

    private ReadyCondition() {
    }

    /** Sets observedGeneration and the Ready condition from a validation; other conditions are kept. */
    public static void apply(SquallStatus status, Long generation, Validation validation, Instant now) {
        apply(status, generation, validation.isValid(), validation.isValid() ? Reasons.VALID : validation.reason(),
                validation.isValid() ? VALID_MESSAGE : validation.message(), now);
    }

    /** Sets observedGeneration and the Ready condition to a state observed at run time (e.g. a workload's). */
    public static void apply(SquallStatus status, Long generation, boolean isReady, String reason, String message,
            Instant now) {
        String readyStatus = isReady ? TRUE : FALSE;
        Condition previous = find(status.conditions);
        String lastTransition = previous != null && readyStatus.equals(previous.getStatus())
                && previous.getLastTransitionTime() != null
                        ? previous.getLastTransitionTime()
                        : now.truncatedTo(ChronoUnit.SECONDS).toString();
        Condition ready = new ConditionBuilder()
                .withType(Names.CONDITION_READY)
                .withStatus(readyStatus)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(lastTransition)
                .build();
        List<Condition> conditions = new ArrayList<>();
        if (status.conditions != null) {
            status.conditions.stream().filter(c -> !Names.CONDITION_READY.equals(c.getType())).forEach(conditions::add);
        }
        conditions.add(ready);
        status.conditions = conditions;
        status.observedGeneration = generation;
    }

    public static Condition find(List<Condition> conditions) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream().filter(c -> Names.CONDITION_READY.equals(c.getType())).findFirst().orElse(null);
    }
}
