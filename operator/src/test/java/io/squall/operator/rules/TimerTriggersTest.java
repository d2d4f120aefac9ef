package io.squall.operator.rules;

import static io.squall.operator.rules.RuleIndexTest.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerTriggersTest {

    private final List<Rule> rules = List.of(
            rule("a", "every-minute", TimerTriggers.INTERVAL, true),
            rule("a", "every-hour", TimerTriggers.INTERVAL, true));

    @Test
    void aTimerFireNamingItsRuleIsMatchedOnlyAgainstThatRule() throws Exception {
        var payload = Json.mapper().readTree("{\"executed_at\": \"2026-01-01T00:00:00Z\", \"rule\": \"every-hour\"}");
        assertThat(TimerTriggers.candidates(TimerTriggers.INTERVAL, payload, rules))
                .extracting(r -> r.getMetadata().getName())
                .containsExactly("every-hour");
        var unknown = Json.mapper().readTree("{\"rule\": \"deleted-rule\"}");
        assertThat(TimerTriggers.candidates(TimerTriggers.INTERVAL, unknown, rules))
                .isEmpty();
    }

    @Test
    void otherTriggersAndTimerFiresWithoutARuleSeeEveryRuleOfTheirType() throws Exception {
        var payload = Json.mapper().readTree("{\"rule\": \"every-hour\"}");
        assertThat(TimerTriggers.candidates("core.webhook", payload, rules)).hasSize(2);
        assertThat(TimerTriggers.candidates(TimerTriggers.CRON, Json.mapper().readTree("{}"), rules))
                .hasSize(2);
        assertThat(TimerTriggers.isTimer(TimerTriggers.DATE)).isTrue();
        assertThat(TimerTriggers.isTimer("core.timer")).isFalse();
    }
}
