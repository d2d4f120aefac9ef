package io.squall.operator.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.v1alpha1.Rule;
import java.util.List;
import java.util.Set;

/**
 * StackStorm gives every timer rule its own Trigger (one per parameter set), so a rule only sees the fires of
 * its own schedule. Squall publishes timer fires to the shared type subject (squall.trigger.&lt;ns&gt;.core.timer.*)
 * with the firing rule's name in the payload field {@value #RULE_FIELD}; such a fire is matched only against that
 * rule. A timer trigger without the field (published by hand) is matched against every rule of its type.
 */
public final class TimerTriggers {

    public static final String INTERVAL = "core.timer.interval";
    public static final String CRON = "core.timer.cron";
    public static final String DATE = "core.timer.date";
    /** Payload field naming the Rule a timer fire belongs to. */
    public static final String RULE_FIELD = "rule";

    private static final Set<String> TYPES = Set.of(INTERVAL, CRON, DATE);

    private TimerTriggers() {}

    public static boolean isTimer(String triggerType) {
        return TYPES.contains(triggerType);
    }

    /** The rules a trigger of this type and payload may be matched against. */
    public static List<Rule> candidates(String triggerType, JsonNode payload, List<Rule> rulesOfType) {
        if (!isTimer(triggerType)
                || payload == null
                || !payload.path(RULE_FIELD).isTextual()) {
            return rulesOfType;
        }
        String owner = payload.path(RULE_FIELD).textValue();
        return rulesOfType.stream()
                .filter(rule -> owner.equals(rule.getMetadata().getName()))
                .toList();
    }
}
