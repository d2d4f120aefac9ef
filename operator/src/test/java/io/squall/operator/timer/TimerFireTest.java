package io.squall.operator.timer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.squall.api.messages.TriggerEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimerFireTest {

    private static final TimerKey KEY = new TimerKey("team-a", "nightly", "uid-1");
    private static final Map<String, JsonNode> PARAMS =
            Map.of("unit", TextNode.valueOf("seconds"), "delta", IntNode.valueOf(30));
    private static final Instant SLOT = Instant.parse("2030-01-01T00:00:30Z");

    @Test
    void theIdDependsOnlyOnTheRuleAndTheSlot() {
        String id = new TimerFire(KEY, "core.timer.interval", PARAMS, SLOT).id();
        assertThat(new TimerFire(KEY, "core.timer.interval", PARAMS, SLOT).id()).isEqualTo(id);
        assertThat(new TimerFire(KEY, "core.timer.interval", PARAMS, SLOT.plusSeconds(30)).id())
                .isNotEqualTo(id);
        assertThat(new TimerFire(new TimerKey("team-a", "nightly", "uid-2"), "core.timer.interval", PARAMS, SLOT).id())
                .isNotEqualTo(id);
        assertThat(new TimerFire(new TimerKey("team-b", "nightly", "uid-1"), "core.timer.interval", PARAMS, SLOT).id())
                .isNotEqualTo(id);
        // the time of the fire does not count: a late fire of the slot is the same trigger
        assertThat(new TimerFire(KEY, "core.timer.interval", PARAMS, SLOT)
                        .event(SLOT.plusSeconds(20))
                        .id())
                .isEqualTo(id);
    }

    @Test
    void theEventHasStackStormsPayloadAndTheRuleItBelongsTo() {
        TriggerEvent event = new TimerFire(KEY, "core.timer.interval", PARAMS, SLOT)
                .event(Instant.parse("2030-01-01T00:00:30.009770Z"));
        assertThat(event.type()).isEqualTo("core.timer.interval");
        assertThat(event.namespace()).isEqualTo("team-a");
        assertThat(event.subject()).isEqualTo("squall.trigger.team-a.core.timer.interval");
        assertThat(event.payload().get("executed_at").asText()).isEqualTo("2030-01-01 00:00:30.009770+00:00");
        assertThat(event.payload().get("schedule"))
                .isEqualTo(io.squall.api.messages.Json.mapper().valueToTree(PARAMS));
        assertThat(event.payload().get("rule").asText()).isEqualTo("nightly");
        assertThat(event.traceTag()).isEqualTo("core.timer.interval-nightly-" + SLOT.getEpochSecond());
        assertThat(new TimerFire(KEY, "core.timer.interval", PARAMS, SLOT.plusSeconds(60))
                        .event(SLOT)
                        .traceTag())
                .as("each fire its own trace")
                .isNotEqualTo(event.traceTag());
        assertThat(event.source()).isEqualTo("timer");
        assertThat(TimerFire.pythonTime(Instant.parse("2030-01-01T00:00:30Z"))).isEqualTo("2030-01-01 00:00:30+00:00");
    }
}
