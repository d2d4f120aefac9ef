package io.squall.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one upsert of a Kubernetes-style condition, for every kind's status (Ready, an Execution's lifecycle
 * conditions): {@code lastTransitionTime} moves only when the condition's status flips, so `kubectl wait` and
 * alerting see real transitions, not every reconcile. Other conditions are kept, in their order.
 */
public final class StatusConditions {

    public static final String TRUE = "True";
    public static final String FALSE = "False";

    private StatusConditions() {}

    /** {@code conditions} with the one of {@code type} replaced (or added, last); {@code conditions} may be null. */
    public static List<Condition> set(
            List<Condition> conditions,
            String type,
            boolean value,
            String reason,
            String message,
            Long generation,
            Instant now) {
        String text = value ? TRUE : FALSE;
        String lastTransition = find(conditions, type)
                .filter(c -> text.equals(c.getStatus()) && c.getLastTransitionTime() != null)
                .map(Condition::getLastTransitionTime)
                .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
        Condition condition = new ConditionBuilder()
                .withType(type)
                .withStatus(text)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(lastTransition)
                .build();
        List<Condition> updated = new ArrayList<>();
        if (conditions != null) {
            conditions.stream().filter(c -> !type.equals(c.getType())).forEach(updated::add);
        }
        updated.add(condition);
        return updated;
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
    }
}
