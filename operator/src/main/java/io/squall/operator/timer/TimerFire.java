package io.squall.operator.timer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.messages.Json;
import io.squall.api.messages.TriggerEvent;
import io.squall.operator.rules.TimerTriggers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

/**
 * One fire of a timer Rule for one slot, as the trigger event it publishes: type = the timer type, subject
 * squall.trigger.&lt;namespace&gt;.&lt;type&gt; like every other trigger, StackStorm's payload
 * {@code {executed_at, schedule}} plus {@code rule}, the Rule the fire belongs to (the rules engine matches a timer
 * fire only against that Rule, as StackStorm gives each timer Rule its own Trigger). The id is a name-based UUID
 * of (namespace, rule, rule uid, slot): whoever fires a slot publishes the same id.
 */
public record TimerFire(TimerKey timer, String triggerType, Map<String, JsonNode> parameters, Instant slot) {

    public static final String SOURCE = "timer";
    /** Python's str(datetime) of an aware UTC time, StackStorm's executed_at. */
    private static final DateTimeFormatter PYTHON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx");

    private static final DateTimeFormatter PYTHON_TIME_NO_FRACTION =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx");

    /** The trigger instance id of this slot. */
    public String id() {
        String name = "squall-timer:" + timer.namespace() + "/" + timer.rule() + "/" + timer.uid() + "@"
                + slot.toEpochMilli();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The event, fired at {@code executedAt}. */
    public TriggerEvent event(Instant executedAt) {
        ObjectNode payload = Json.mapper().createObjectNode();
        payload.put("executed_at", pythonTime(executedAt));
        payload.set("schedule", Json.mapper().valueToTree(parameters == null ? Map.of() : parameters));
        payload.put(TimerTriggers.RULE_FIELD, timer.rule());
        // one trace per fire, as StackStorm gives every trigger instance its own trace: a timer's runs are separate
        // stories (squall trace of one governor run shows that run, not every run since the rule was made)
        return new TriggerEvent(
                id(),
                triggerType,
                timer.namespace(),
                payload,
                executedAt,
                SOURCE,
                triggerType + "-" + timer.rule() + "-" + slot.getEpochSecond());
    }

    static String pythonTime(Instant time) {
        var utc = time.atOffset(ZoneOffset.UTC);
        return (utc.getNano() / 1000 == 0 ? PYTHON_TIME_NO_FRACTION : PYTHON_TIME).format(utc);
    }
}
